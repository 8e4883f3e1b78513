/**
 * kill -9 half way through a replacement received as a new copy (test/support/faultHarness.ts: our
 * real server as a child process). The process kills itself right after a named step
 * (TEST_KILL_AFTER_STEP, honoured under NODE_ENV=test only: a signal from outside cannot be timed
 * between two writes of one request). After the restart the charge is received with its claim
 * unfinished; once the claim is older than a request could still be working on it, the next
 * reading of the patron's charges, or the same settle asked again, finishes it: the new copy in
 * the individual register with its accession number and intake batch, the lost copy withdrawn with
 * its withdrawal record, each once. Never half.
 */
import { expect } from 'chai';
import type { Db, ObjectId } from 'mongodb';
import { Client } from '../../support/client.js';
import { AppUnderTest } from '../../support/faultHarness.js';

interface Account {
  username: string;
  password: string;
  role: string;
}

describe('faults: kill -9 during a replacement received as a new copy', function () {
  this.timeout(900_000);
  let app: AppUnderTest;
  let librarian: Account;
  let orgId: ObjectId;
  let readerId: string;

  before(async () => {
    app = await AppUnderTest.start();
    const accounts = app.server.logs.find((l) => Array.isArray(l.accounts))!.accounts as Account[];
    librarian = accounts.find((a) => a.username === 'thuvien.nhuttao')!;
    const db = await app.db();
    const people = db.collection('people');
    const staff = (await people.findOne({ displayName: /^Trần Thị Thư / }))!;
    const student = (await people.findOne({ displayName: /^Phạm Gia Học / }))!;
    orgId = (staff.memberships as { orgId: ObjectId }[])[0]!.orgId;
    readerId = String(student._id);
  });
  after(() => app?.dispose());

  /** A copy of the school lent to the reader and reported lost: the replacement charge it owes. */
  async function lostCopy(desk: Client, db: Db) {
    const copy = (await db.collection('copies').findOne({ orgId, status: 'available' }))!;
    const lent = await desk.post(`/api/v1/library/organisations/${String(orgId)}/checkouts`, {
      patronId: readerId,
      barcode: copy.barcode,
    });
    expect(lent.status, await lent.clone().text()).to.equal(201);
    const loanId = ((await lent.json()) as { loan: { id: string } }).loan.id;
    expect((await desk.post(`/api/v1/loans/${loanId}/lost`, { note: 'Mất khi chuyển nhà' })).status).to.equal(200);
    return { copy, chargeId: `${loanId}.replacement` };
  }

  /** What the stores say about one replacement: the charge, the lost copy, the copies and register entries added. */
  async function stateOf(db: Db, chargeId: string, lostId: ObjectId) {
    const charge = (await db.collection('deskcharges').findOne({ _id: chargeId as never }))!;
    const lost = (await db.collection('copies').findOne({ _id: lostId }))!;
    const claim = charge.newCopy as { copyId: ObjectId; batchId: ObjectId; recordId: ObjectId; done: boolean } | null;
    const added = claim ? await db.collection('copies').find({ _id: claim.copyId }).toArray() : [];
    const batches = claim ? await db.collection('registerentries').find({ _id: claim.batchId }).toArray() : [];
    const records = claim ? await db.collection('registerentries').find({ _id: claim.recordId }).toArray() : [];
    return { charge, lost, claim, added, batches, records };
  }

  /** The claim as if the two minutes after which a claim counts as abandoned had passed. */
  const age = (db: Db, chargeId: string) =>
    db
      .collection('deskcharges')
      .updateOne({ _id: chargeId as never }, { $set: { 'newCopy.at': new Date(Date.now() - 10 * 60_000) } });

  async function expectFinished(db: Db, chargeId: string, lostId: ObjectId) {
    const s = await stateOf(db, chargeId, lostId);
    expect(s.charge.status).to.equal('received');
    expect(s.claim?.done, 'the claim finished').to.equal(true);
    expect(s.added, 'one new copy').to.have.length(1);
    const fresh = s.added[0]!;
    expect(fresh).to.deep.include({ status: 'available', resourceId: s.lost.resourceId });
    expect(String(fresh.acquisition.batchId)).to.equal(String(s.claim!.batchId));
    expect(await db.collection('copykeys').countDocuments({ copyId: fresh._id }), 'its number and barcode').to.equal(2);
    expect(await db.collection('copies').countDocuments({ 'acquisition.batchId': s.claim!.batchId })).to.equal(1);
    expect(s.batches.map((b) => b.copyCount)).to.deep.equal([1]);
    expect(s.lost.status).to.equal('withdrawn');
    expect(String(s.lost.withdrawal.recordId)).to.equal(String(s.claim!.recordId));
    expect(s.records.map((r) => [r.copyCount, r.note])).to.deep.equal([
      [1, `Mất, đã đền bản thay thế: ${fresh.accessionNumber}`],
    ]);
  }

  const steps = [
    { step: 'claimed', finishBy: 'reading the charges' },
    { step: 'copyAdded', finishBy: 'reading the charges' },
    { step: 'recordCreated', finishBy: 'the same settle again' },
    { step: 'withdrawn', finishBy: 'the same settle again' },
  ] as const;
  for (const { step, finishBy } of steps)
    it(`killed after "${step}": after the restart, ${finishBy} finishes it, each part once`, async () => {
      // Restarted (as an operator would, SIGTERM) with the step at which the next settle dies.
      await app.stop();
      await app.restart({ TEST_KILL_AFTER_STEP: `replacementCopy.${step}` });
      let desk = await new Client(app.url).signIn(librarian.username, librarian.password);
      let db = await app.db();
      const { copy, chargeId } = await lostCopy(desk, db);
      const settle = () =>
        desk.post(`/api/v1/desk-charges/${chargeId}/settle`, { status: 'received', replacementAs: 'new_copy' });
      await settle().then(
        (res) => expect.fail(`the app was to die, it answered ${res.status}`),
        () => undefined,
      );
      await app.kill();
      await app.restart({ TEST_KILL_AFTER_STEP: '' });
      desk = await new Client(app.url).signIn(librarian.username, librarian.password);
      db = await app.db();

      const half = await stateOf(db, chargeId, copy._id);
      expect(half.charge.status, 'the claim is the settlement').to.equal('received');
      expect(half.claim?.done).to.equal(false);
      // A claim this fresh may still be worked on by a live request: it is left alone.
      expect((await settle()).status).to.equal(409);

      await age(db, chargeId);
      if (finishBy === 'reading the charges') {
        const read = await desk.get(`/api/v1/library/organisations/${String(orgId)}/patrons/${readerId}/charges`);
        expect(read.status).to.equal(200);
      } else expect((await settle()).status).to.equal(200);
      await expectFinished(db, chargeId, copy._id);
      expect((await settle()).status, 'settled once').to.equal(409);
      await expectFinished(db, chargeId, copy._id);
    });
});
