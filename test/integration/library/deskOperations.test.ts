/**
 * How many database operations one desk call costs, counted with the driver's command monitoring
 * over real HTTP on the real database. Issue 15 asks checkout and return at p95 under 50 ms with
 * four desks on two cores; on the embedded database each operation costs about a millisecond of
 * CPU, so the count is the budget. The list of operations is printed with TEST_LOG_OPERATIONS=1.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { databaseOperations } from '../../support/databaseOperations.js';
import { person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';

describe('The desk: database operations per call', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: Awaited<ReturnType<typeof province>>;
  let desk: Client;
  let reader: TestPerson;
  let barcodes: string[];

  before(async () => {
    server = await startTestServer();
    world = await province();
    const librarian = await person([{ org: world.schoolA, role: 'librarian' }], 'Cô Thư');
    desk = await signedIn(server.url, librarian);
    reader = await person([{ org: world.schoolA, role: 'student' }], 'Nguyễn An');
    const title = await printedTitle(librarian.actor, world.schoolA, { metadata: { title: 'Tắt đèn' } });
    const added = await testContext().services.copies.add(librarian.actor, title.id, {
      orgId: world.schoolA.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count: 3 },
      batch: { date: '2025-09-05', source: 'purchase', supplier: null, documentNumber: null, note: null },
      price: 30_000,
      volume: null,
      note: null,
    });
    barcodes = added.copies.map((c) => c.barcode);
    // The first calls warm what the app keeps (settings, the session): the count is of a desk at work.
    await lendAndReturn(barcodes[2]!);
  });
  after(() => server.close());

  const api = (path: string) => `/api/v1/library/organisations/${world.schoolA.id}${path}`;
  async function lendAndReturn(barcode: string) {
    expect((await desk.post(api('/checkouts'), { patronId: reader.id, barcode })).status).to.equal(201);
    expect((await desk.post(api('/returns'), { barcode })).status).to.equal(200);
  }

  /** The operations `call` makes, its copies' feed entries included (written just behind it: src/services/changeFeed.ts). */
  async function operations(call: () => Promise<unknown>): Promise<string[]> {
    await testContext().services.changes.recorded(); // what the calls before wrote behind them
    return databaseOperations(async () => {
      await call();
      await testContext().services.changes.recorded();
    });
  }

  it('counts a checkout, a return and a desk scan', async () => {
    const checkout = await operations(async () => {
      const res = await desk.post(api('/checkouts'), { patronId: reader.id, barcode: barcodes[0]! });
      expect(res.status).to.equal(201);
    });
    const back = await operations(async () => {
      const res = await desk.post(api('/returns'), { barcode: barcodes[0]! });
      expect(res.status).to.equal(200);
    });
    const scanLend = await operations(async () => {
      const res = await desk.post(api('/desk/scan'), { code: barcodes[1]!, patronId: reader.id });
      expect(res.status).to.equal(200);
    });
    const scanBack = await operations(async () => {
      const res = await desk.post(api('/desk/scan'), { code: barcodes[1]! });
      expect(res.status).to.equal(200);
    });
    // Issue 15: from 15 and 18 (settings read each time, copies read again before writing, the
    // loan and its claim read before their writes, the copy read again for the holdings after its
    // write) to what the call cannot do without.
    expect(checkout, checkout.join(', ')).to.have.length.at.most(11);
    expect(back, back.join(', ')).to.have.length.at.most(10);
    expect(scanLend, scanLend.join(', ')).to.have.length.at.most(15);
    expect(scanBack, scanBack.join(', ')).to.have.length.at.most(11);
    for (const call of [checkout, back, scanLend, scanBack])
      expect(
        call.filter((o) => o.endsWith('settings')),
        'settings come from memory',
      ).to.deep.equal([]);
  });
});
