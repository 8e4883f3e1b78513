/**
 * Issue 12: limits for slow clients, set from the configuration (HTTP_*_TIMEOUT_MS). A raw socket
 * that trickles its headers, one that drags its body out, and an idle kept-alive connection are cut
 * off, while the server keeps answering everyone else. Short limits are set here so the test is
 * quick; the defaults are in the README.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { expect } from 'chai';
import { startServerProcess, type ServerProcess } from '../../support/processes.js';
import { freePort } from '../../support/toolkit.js';

interface Cut {
  /** Milliseconds from the first byte sent to the server closing the connection; null: still open at the end. */
  closedAfterMs: number | null;
  received: string;
}

/** Opens a socket, writes `head`, then one of `drip` every `everyMs` until the server closes it or `giveUpMs` pass. */
async function trickle(url: string, head: string, drip: string[], everyMs: number, giveUpMs: number): Promise<Cut> {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const started = Date.now();
  let received = '';
  let closedAfterMs: number | null = null;
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closedAfterMs = Date.now() - started;
      resolve();
    }),
  );
  socket.write(head);
  for (let i = 0; closedAfterMs === null && Date.now() - started < giveUpMs; i++) {
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, everyMs))]);
    if (closedAfterMs === null && drip.length) socket.write(drip[i % drip.length]!);
  }
  socket.destroy();
  return { closedAfterMs, received };
}

describe('hardening: slow clients are cut off while the server keeps answering others', function () {
  this.timeout(120_000);
  let dataDir: string;
  let server: ServerProcess;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-slow-'));
    const port = await freePort();
    server = await startServerProcess({
      DATA_DIR: dataDir,
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      SEED_DEMO_DATA: 'false',
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '5000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
      HTTP_IDLE_TIMEOUT_MS: '10000',
    });
  });
  after(async () => {
    if (server?.proc.exitCode === null) {
      server.proc.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Asks /healthz every 100 ms while `during` runs; returns the slowest answer's time. */
  async function othersServed<T>(during: Promise<T>): Promise<{ result: T; slowestMs: number; answers: number }> {
    let done = false;
    let slowestMs = 0;
    let answers = 0;
    const asking = (async () => {
      while (!done) {
        const started = Date.now();
        const res = await fetch(`${server.url}/healthz`);
        expect(res.status).to.equal(200);
        slowestMs = Math.max(slowestMs, Date.now() - started);
        answers += 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const result = await during.finally(() => (done = true));
    await asking;
    return { result, slowestMs, answers };
  }

  it('cuts off clients that trickle their headers (slowloris), while answering others', async () => {
    const slow = () => trickle(server.url, 'GET /search HTTP/1.1\r\nHost: thuvien\r\n', ['X-Cham: 1\r\n'], 300, 20_000);
    const { result: cuts, slowestMs, answers } = await othersServed(Promise.all(Array.from({ length: 20 }, slow)));
    for (const cut of cuts) {
      expect(cut.closedAfterMs, 'the server closed the trickling connection').to.not.equal(null);
      expect(
        cut.closedAfterMs!,
        'within the headers limit and a check interval, long before the 20 s trickle',
      ).to.be.below(10_000);
      expect(cut.received).to.match(/^(HTTP\/1\.1 408|$)/);
    }
    expect(answers, 'others were answered meanwhile').to.be.greaterThan(5);
    expect(slowestMs, 'and quickly').to.be.below(2000);
  });

  it('cuts off a body dragged out past the request limit', async () => {
    const head =
      'POST /api/v1/collections HTTP/1.1\r\nHost: thuvien\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{';
    const { result: cut } = await othersServed(trickle(server.url, head, [' '], 300, 20_000));
    expect(cut.closedAfterMs).to.not.equal(null);
    expect(cut.closedAfterMs!).to.be.below(12_000);
    expect(cut.received).to.match(/^(HTTP\/1\.1 408|$)/);
  });

  it('closes an idle kept-alive connection after the keep-alive limit', async () => {
    const cut = await trickle(server.url, 'GET /healthz HTTP/1.1\r\nHost: thuvien\r\n\r\n', [], 200, 20_000);
    expect(cut.received).to.match(/^HTTP\/1\.1 200/);
    expect(cut.closedAfterMs).to.not.equal(null);
    expect(cut.closedAfterMs!).to.be.below(8000);
  });

  it('is still up and ready', async () => {
    expect(server.proc.exitCode).to.equal(null);
    expect((await fetch(`${server.url}/readyz`)).status).to.equal(200);
  });
});
