import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors.js';
import { testContext } from '../../support/context.js';
import { person, printedTitle, province } from '../../support/fixtures.js';

const newBatch = {
  date: '2025-09-05',
  source: 'donation' as const,
  supplier: 'Hội cha mẹ học sinh',
  documentNumber: 'BB-12/2025',
  note: null,
};

describe('copies through the services', function () {
  this.timeout(120_000);

  it('adds 40 copies in one action, numbered in one batch, and follows them in the holdings', async () => {
    const { copies, holdings } = testContext().services;
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const title = await printedTitle(librarian.actor, schoolA, {
      metadata: { title: 'Toán 6 – Tập một', creators: ['Hà Huy Khoái'] },
    });
    expect(title.print?.authorMark).to.equal('KHO');
    const added = await copies.add(librarian.actor, title.id, {
      orgId: schoolA.id,
      collection: 'SGK',
      location: 'KHO',
      numbering: { count: 40 },
      batch: newBatch,
      price: 25_000,
      volume: null,
      note: null,
    });
    expect(added.copies.map((c) => c.accessionNumber)).to.deep.equal(
      Array.from({ length: 40 }, (_, i) => `SGK-${String(i + 1).padStart(5, '0')}`),
    );
    expect(added.batch).to.include({ number: 1, copyCount: 40, totalValue: 1_000_000 });
    expect(holdings.summary(title.id)).to.deep.equal([
      {
        orgId: schoolA.id,
        total: 40,
        available: 40,
        byStatus: { available: 40, on_loan: 0, held: 0, in_transit: 0, lost: 0, damaged: 0, withdrawn: 0 },
        byLocation: { KHO: 40 },
      },
    ]);

    const intoBatch = {
      orgId: schoolA.id,
      collection: 'SGK',
      batch: { id: added.batch.id },
      price: null,
      volume: null,
      note: null,
    };
    const taken = await copies
      .add(librarian.actor, title.id, {
        ...intoBatch,
        location: 'KHO',
        numbering: { from: 'SGK-00039', to: 'SGK-00041' },
      })
      .catch((err: unknown) => err);
    expect(taken).to.be.instanceOf(DomainError);
    expect((taken as DomainError).code).to.equal('conflict');
    expect((taken as DomainError).fields.map((f) => f.params?.number)).to.deep.equal(['SGK-00039', 'SGK-00040']);
    expect((taken as DomainError).params).to.include({ title: 'Toán 6 – Tập một' });
    // Nothing of the refused action stayed: 41 is still free.
    const single = await copies.add(librarian.actor, title.id, {
      ...intoBatch,
      location: 'PD',
      numbering: { from: '41', to: '41' },
    });
    expect(single.copies[0]!.accessionNumber).to.equal('SGK-00041');
  });

  it('changes a status conditionally, withdraws into a record, and freezes a withdrawn copy', async () => {
    const { copies } = testContext().services;
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const title = await printedTitle(librarian.actor, schoolA);
    const [copy] = (
      await copies.add(librarian.actor, title.id, {
        orgId: schoolA.id,
        collection: 'TK',
        location: 'KHO',
        numbering: { count: 1 },
        batch: newBatch,
        price: 50_000,
        volume: null,
        note: null,
      })
    ).copies;
    const lost = await copies.changeStatus(librarian.actor, copy!.id, 1, 'lost', {
      note: 'Không tìm thấy khi kiểm kê',
    });
    const stale = await copies.changeStatus(librarian.actor, copy!.id, 1, 'damaged').catch((e: unknown) => e);
    expect((stale as DomainError).code).to.equal('conflict');
    const { copy: withdrawn, record } = await copies.withdraw(librarian.actor, copy!.id, lost.version, {
      record: { date: '2025-12-20', reason: 'lost', documentNumber: 'QĐ 5/2025', note: null },
      reason: null,
      note: null,
    });
    expect(withdrawn.status).to.equal('withdrawn');
    expect(withdrawn.withdrawal).to.include({ reason: 'lost', recordId: record.id, date: '2025-12-20' });
    expect(record).to.include({ number: 1, copyCount: 1 });
    expect(withdrawn.history.map((h) => [h.action, h.from, h.to])).to.deep.equal([
      ['added', null, 'TK-00001'],
      ['status', 'available', 'lost'],
      ['withdrawn', 'lost', 'withdrawn'],
    ]);
    const relabel = await copies
      .edit(librarian.actor, copy!.id, withdrawn.version, { barcode: 'NEW-1' })
      .catch((e: unknown) => e);
    expect((relabel as DomainError).messageKey).to.equal('library.withdrawnFrozen');
  });
});
