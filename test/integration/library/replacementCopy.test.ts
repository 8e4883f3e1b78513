/**
 * A lost copy's replacement recorded as a new copy, on the real database and over HTTP: from the
 * patron's page the librarian chooses "record the replacement as a new copy"; the lost copy is
 * withdrawn in a withdrawal record (reason lost, "lost, replaced"), the new copy gets the next
 * accession number of the collection in an intake batch of its own, both in the general register.
 * A second click is a 409 that adds nothing; two at once through the API give one new copy; a
 * copy no longer lost is refused before anything is written.
 */
import { expect } from 'chai';
import type { Copy } from '../../../src/domain/copy.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import type { Client } from '../../support/client.js';
import { deskSchool, type DeskSchool } from '../../support/deskSchool.js';
import type { TestPerson } from '../../support/fixtures.js';
import { intakeBatch } from '../../support/printedCopies.js';
import { DeskChargeModel } from '../../../src/models/deskCharge.js';
import { ReplacementCopyService } from '../../../src/services/library/replacementCopy.js';

class StepFailed extends Error {}

describe('desk: a lost copy’s replacement recorded as a new copy', function () {
  this.timeout(180_000);
  let server: TestServer;
  let world: DeskSchool['world'];
  let librarian: TestPerson;
  let reader: TestPerson;
  let desk: Client;
  let titleId: string;

  before(async () => {
    server = await startTestServer();
    ({ world, librarian, reader, desk, titleId } = await deskSchool(server.url, {
      reader: 'Em Lan',
      title: 'Truyện Kiều',
    }));
  });
  after(() => server.close());

  /** A copy (priced 45,000 đ) lent and reported lost: the replacement the reader owes. */
  async function lostCopy(): Promise<{ copy: Copy; chargeId: string; version: number }> {
    const { copies, circulation, deskCharges } = testContext().services;
    const added = await copies.add(librarian.actor, titleId, {
      orgId: world.schoolA.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count: 1 },
      batch: intakeBatch,
      price: 45_000,
      volume: null,
      note: null,
    });
    const copy = added.copies[0]!;
    const { loan } = await circulation.checkOut(librarian.actor, world.schoolA.id, {
      patronId: reader.id,
      barcode: copy.barcode,
    });
    const { replacement } = await deskCharges.declareLost(librarian.actor, loan.id, 'Mất ở nhà');
    return { copy, chargeId: replacement!.id, version: replacement!.version };
  }

  const register = async () => {
    const { registers } = testContext().services;
    return {
      intakes: await registers.intakeBatches(librarian.actor, world.schoolA.id),
      withdrawals: await registers.withdrawalRecords(librarian.actor, world.schoolA.id),
    };
  };
  const copiesOfTitle = () => testContext().services.copies.ofTitle(librarian.actor, titleId, world.schoolA.id);

  it('withdraws the lost copy and adds the replacement with the next number, both in the general register, once', async () => {
    const { copy, chargeId, version } = await lostCopy();
    const before = await register();
    const settlePath = `/library/schools/${world.schoolA.id}/patrons/${reader.id}/charges/${chargeId}/settle`;
    const patronPage = await (await desk.get(`/library/schools/${world.schoolA.id}/patrons/${reader.id}`)).text();
    expect(patronPage).to.match(/name="replacementAs" value="same_number" checked/);
    expect(patronPage).to.contain('Ghi bản đền là bản mới');
    const send = () =>
      desk.request('POST', settlePath, {
        form: {
          _csrf: desk.csrfToken!,
          status: 'received',
          version: String(version),
          replacementAs: 'new_copy',
          note: '',
        },
      });

    const res = await send();
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.match(/done=newCopy$/);
    const done = await (await desk.get(res.headers.get('location')!)).text();
    expect(done).to.contain('bản mới đã vào sổ đăng ký cá biệt');

    const { copies } = testContext().services;
    const withdrawn = await copies.load(librarian.actor, copy.id);
    expect(withdrawn.status).to.equal('withdrawn');
    expect(withdrawn.withdrawal).to.include({ reason: 'lost', note: 'Mất, đã đền bản thay thế' });
    const all = await copiesOfTitle();
    const added = all.filter((c) => c.acquisition.batchId !== copy.acquisition.batchId);
    expect(added).to.have.length(1);
    const fresh = added[0]!;
    expect(fresh).to.include({ status: 'available', collectionCode: 'TK', location: 'KHO', resourceId: titleId });
    expect(fresh.acquisition.price).to.equal(45_000);
    // The next number of the collection: one past the highest number it had given.
    const numberOf = (c: Copy) => Number(c.accessionNumber.replace(/\D/g, ''));
    expect(numberOf(fresh)).to.equal(Math.max(...all.filter((c) => c.id !== fresh.id).map(numberOf)) + 1);

    const after = await register();
    expect(after.withdrawals).to.have.length(before.withdrawals.length + 1);
    const record = after.withdrawals[0]!;
    expect(record).to.include({ reason: 'lost', copyCount: 1, totalValue: 45_000 });
    expect(record.note).to.equal(`Mất, đã đền bản thay thế: ${fresh.accessionNumber}`);
    expect(withdrawn.withdrawal!.recordId).to.equal(record.id);
    expect(after.intakes).to.have.length(before.intakes.length + 1);
    const batch = after.intakes[0]!;
    expect(batch).to.include({ id: fresh.acquisition.batchId, copyCount: 1, totalValue: 45_000 });
    expect(batch.note).to.equal(`Bản đền thay cho bản mất ${copy.accessionNumber}`);
    const charges = await testContext().services.deskCharges.ofPatron(librarian.actor, world.schoolA.id, reader.id);
    expect(charges.find((c) => c.id === chargeId)?.status).to.equal('received');

    const again = await send();
    expect(again.status).to.equal(409);
    expect(await copiesOfTitle()).to.have.length(all.length);
    expect((await register()).withdrawals).to.have.length(after.withdrawals.length);
  });

  it('through the API, two clicks at once make one new copy and one withdrawal; a waiver cannot add a copy', async () => {
    const { copy, chargeId, version } = await lostCopy();
    const path = `/api/v1/desk-charges/${chargeId}/settle`;
    const waived = await desk.post(path, { status: 'waived', replacementAs: 'new_copy', version });
    expect(waived.status).to.equal(400);
    const before = { copies: (await copiesOfTitle()).length, register: await register() };

    const answers = await Promise.all(
      [1, 2].map(() => desk.post(path, { status: 'received', replacementAs: 'new_copy', version })),
    );
    expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409]);
    expect(await copiesOfTitle()).to.have.length(before.copies + 1);
    const after = await register();
    expect(after.withdrawals).to.have.length(before.register.withdrawals.length + 1);
    expect(after.intakes).to.have.length(before.register.intakes.length + 1);
    expect((await testContext().services.copies.load(librarian.actor, copy.id)).status).to.equal('withdrawn');
  });

  it('refuses a copy no longer lost before writing anything: the charge stays owed', async () => {
    const { copies, deskCharges } = testContext().services;
    const { copy, chargeId, version } = await lostCopy();
    const lost = await copies.load(librarian.actor, copy.id);
    await copies.changeStatus(librarian.actor, copy.id, lost.version, 'available', { note: 'Tìm thấy' });
    const before = { copies: (await copiesOfTitle()).length, register: await register() };
    const res = await desk.post(`/api/v1/desk-charges/${chargeId}/settle`, {
      status: 'received',
      replacementAs: 'new_copy',
      version,
    });
    expect(res.status).to.equal(409);
    expect(await copiesOfTitle()).to.have.length(before.copies);
    expect((await register()).withdrawals).to.have.length(before.register.withdrawals.length);
    const charge = (await deskCharges.ofPatron(librarian.actor, world.schoolA.id, reader.id)).find(
      (c) => c.id === chargeId,
    );
    expect(charge?.status).to.equal('owed');
  });

  /** A service whose step `step` fails (a refused write, a database error): the request's own failure path. */
  const failingAfter = (step: string) => {
    const { copies, deskCharges, registers } = testContext().services;
    return new ReplacementCopyService(copies, deskCharges, registers, (s) => {
      if (s === `replacementCopy.${step}`) throw new StepFailed(s);
    });
  };

  for (const step of ['claimed', 'batchCreated', 'copyAdded', 'recordCreated'])
    it(`a failure after "${step}" takes back everything: the charge owed, no new copy, no register entry`, async () => {
      const { copies, deskCharges } = testContext().services;
      const { copy, chargeId, version } = await lostCopy();
      const before = { copies: await copiesOfTitle(), register: await register() };
      await failingAfter(step)
        .receiveAsNewCopy(librarian.actor, chargeId, { note: null, version })
        .then(
          () => expect.fail('the step was to fail'),
          (err: unknown) => expect(err).to.be.instanceOf(StepFailed),
        );
      expect((await copiesOfTitle()).map((c) => c.id)).to.deep.equal(before.copies.map((c) => c.id));
      const after = await register();
      expect(after.intakes.map((b) => b.id)).to.deep.equal(before.register.intakes.map((b) => b.id));
      expect(after.withdrawals.map((r) => r.id)).to.deep.equal(before.register.withdrawals.map((r) => r.id));
      expect((await copies.load(librarian.actor, copy.id)).status).to.equal('lost');
      const charge = await deskCharges.atDesk(librarian.actor, chargeId);
      expect([charge.status, charge.newCopy]).to.deep.equal(['owed', null]);
      // Owed again, the replacement can be received as a new copy the ordinary way.
      const done = await testContext().services.replacementCopies.receiveAsNewCopy(librarian.actor, chargeId, {
        note: null,
      });
      expect(done.charge.newCopy?.done).to.equal(true);
      expect(done.withdrawn.status).to.equal('withdrawn');
    });

  it('a failure after the lost copy is withdrawn is not undone: the claim stays and the next try finishes it', async () => {
    const { deskCharges, replacementCopies } = testContext().services;
    const { chargeId, version } = await lostCopy();
    const before = await copiesOfTitle();
    await failingAfter('withdrawn')
      .receiveAsNewCopy(librarian.actor, chargeId, { note: null, version })
      .catch((err: unknown) => expect(err).to.be.instanceOf(StepFailed));
    const half = await deskCharges.atDesk(librarian.actor, chargeId);
    expect([half.status, half.newCopy?.done]).to.deep.equal(['received', false]);
    await replacementCopies.receiveAsNewCopy(librarian.actor, chargeId, { note: null }).then(
      () => expect.fail('a fresh claim is left to the request working on it'),
      (err: unknown) => expect(err).to.have.property('code', 'conflict'),
    );
    await DeskChargeModel.updateOne({ _id: chargeId }, { $set: { 'newCopy.at': new Date(Date.now() - 600_000) } });
    const charges = await replacementCopies.ofPatron(librarian.actor, world.schoolA.id, reader.id);
    expect(charges.find((c) => c.id === chargeId)?.newCopy?.done).to.equal(true);
    expect(await copiesOfTitle()).to.have.length(before.length + 1);
  });
});
