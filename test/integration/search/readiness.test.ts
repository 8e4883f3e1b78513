/**
 * The server listens before its search index has loaded: /healthz answers at once, /readyz says
 * "not ready" (so a load balancer holds traffic back) until the index is loaded, then "ready".
 */
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createApp } from '../../../src/app.js';
import { Lifecycle } from '../../../src/lifecycle.js';
import { createServices, startSearch, startServices, stopServices } from '../../../src/services/index.js';
import { testContext } from '../../support/context.js';
import { person, province, resource } from '../../support/fixtures.js';

describe('start-up: /healthz at once, /readyz once the search index is loaded', () => {
  it('answers /healthz and a not-ready /readyz while the index loads, then ready', async () => {
    const { schoolA } = await province();
    await resource((await person([{ org: schoolA, role: 'teacher' }])).actor, schoolA);
    const { config, db, log } = testContext();
    const services = createServices(config, log, { pollMs: 60_000 });
    await startServices(services);
    const app = createApp({ config, db, log, lifecycle: new Lifecycle(log), services });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${url}/healthz`)).status).to.equal(200);
      const before = await fetch(`${url}/readyz`);
      expect(before.status).to.equal(503);
      expect(await before.json()).to.deep.equal({
        status: 'not-ready',
        checks: { database: 'ok', catalogue: 'failing' },
      });
      await startSearch(services);
      const after = await fetch(`${url}/readyz`);
      expect(after.status).to.equal(200);
      expect(await services.searchEngine.count(), 'the whole catalogue is loaded').to.be.greaterThan(0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopServices(services);
    }
  });
});
