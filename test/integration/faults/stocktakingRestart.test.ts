/**
 * A stocktaking session survives the app stopping in the middle (test/support/faultHarness.ts: our
 * real server as a child process, killed with SIGKILL and started again on the same data): the
 * session goes on with the same counts, and a copy scanned before the restart is not counted again.
 */
import { expect } from 'chai';
import { AppUnderTest } from '../../support/faultHarness.js';

interface ResultBody {
  expected: number;
  scanned: number;
  scans: number;
  missing: { id: string }[];
  misplaced: { id: string }[];
  onLoan: { id: string }[];
  unexpected: { code: string }[];
}

describe('Stocktaking across a restart of the app', function () {
  this.timeout(600_000);
  let app: AppUnderTest;

  before(async () => {
    app = await AppUnderTest.start();
  });
  after(() => app?.dispose());

  it('continues the session after a kill -9 with the same counts, and counts no copy twice', async () => {
    const db = await app.db();
    const sample = await db.collection('copies').findOne({ status: 'available' });
    const [orgId, location] = [String(sample!.orgId), String(sample!.location)];
    const shelf = (
      await db.collection('copies').find({ orgId: sample!.orgId, location, status: 'available' }).limit(6).toArray()
    ).map((c) => String(c.barcode));
    expect(shelf.length, 'the demo school has copies on a shelf').to.be.greaterThan(3);

    let client = await app.signIn();
    const opened = await client.post(`/api/v1/library/organisations/${orgId}/stocktaking`, {
      name: 'Kiểm kê qua hai ngày',
      location,
    });
    expect(opened.status).to.equal(201);
    const id = ((await opened.json()) as { id: string }).id;
    const scan = async (code: string) => {
      const res = await client.post(`/api/v1/library/stocktaking/${id}/scans`, { code });
      expect(res.status).to.equal(200);
      return ((await res.json()) as { outcome: string }).outcome;
    };
    const result = async () => (await (await client.get(`/api/v1/library/stocktaking/${id}`)).json()) as ResultBody;
    for (const code of shelf.slice(0, 3)) expect(await scan(code)).to.equal('found');
    expect(await scan('KHONG-CO-MA-NAY')).to.equal('unknown');
    const before = await result();
    expect(before.scanned).to.equal(3);

    await app.kill();
    await app.restart();
    client = await app.signIn();

    const after = await result();
    expect(after).to.deep.equal(before);
    expect(await scan(shelf[0]!)).to.equal('already_scanned');
    expect(await scan(shelf[3]!)).to.equal('found');
    const continued = await result();
    expect([continued.scanned, continued.scans, continued.missing.length]).to.deep.equal([
      before.scanned + 1,
      before.scans + 2,
      before.missing.length - 1,
    ]);
  });
});
