import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { pino } from 'pino';
import { requestContext } from '../../../src/http/middleware/requestContext.js';

describe('request logs and the LTI launch token', () => {
  it('never write an ltik from a query string', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const app = express();
    app.use(requestContext(log));
    app.get('/resources/:id/files/:file', (_req, res) => res.send('ok'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await (await fetch(`http://127.0.0.1:${port}/resources/1/files/2?ltik=eyJ.secret-part.sig&download=1`)).text();
    } finally {
      server.close();
    }
    const written = lines.join('');
    expect(written).to.contain('ltik=[redacted]&download=1');
    expect(written).not.to.contain('secret-part');
  });
});
