/**
 * Inter-library requests between two schools of a province, through the services on the real
 * database: a student of school B asks school A for a title; A's librarian sends a copy (in transit),
 * B's librarian receives it (on loan at B), and the copy back on A's shelf closes the request. The
 * copy's history records each move; the reader is told at each step. Two librarians of A sending at
 * once: exactly one sends, the other is told it was already sent.
 */
import { expect } from 'chai';
import { testContext } from '../../support/context.js';
import { person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';
import { noticesOf } from '../../../src/models/notice.js';
import type { Organisation } from '../../../src/domain/organisation.js';
import { DomainError } from '../../../src/domain/errors.js';

const batch = { date: '2025-09-05', source: 'purchase' as const, supplier: null, documentNumber: null, note: null };

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('inter-library requests between two schools (services, real database)', function () {
  this.timeout(120_000);
  let schoolA: Organisation;
  let schoolB: Organisation;
  let librarianA: TestPerson;
  let otherLibrarianA: TestPerson;
  let librarianB: TestPerson;
  let student: TestPerson;
  let titleId: string;
  let barcodes: string[];

  before(async () => {
    ({ schoolA, schoolB } = await province());
    librarianA = await person([{ org: schoolA, role: 'librarian' }], 'Thủ thư A');
    otherLibrarianA = await person([{ org: schoolA, role: 'librarian' }], 'Thủ thư A2');
    librarianB = await person([{ org: schoolB, role: 'librarian' }], 'Thủ thư B');
    student = await person([{ org: schoolB, role: 'student' }], 'Em Lan');
    const title = await printedTitle(librarianA.actor, schoolA, { metadata: { title: 'Dế Mèn phiêu lưu ký' } });
    titleId = title.id;
    const { copies } = await testContext().services.copies.add(librarianA.actor, title.id, {
      orgId: schoolA.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count: 2 },
      batch,
      price: null,
      volume: null,
      note: null,
    });
    barcodes = copies.map((c) => c.barcode);
  });

  const ask = () =>
    testContext().services.interLibrary.request(student.actor, {
      resourceId: titleId,
      borrowingOrgId: schoolB.id,
      lendingOrgId: schoolA.id,
      note: 'Cho bài thuyết trình lớp 6',
    });

  it('goes requested → sent → received → returned, moving the copy and telling the reader each time', async () => {
    const { interLibrary, copies } = testContext().services;
    const request = await ask();
    expect(request.status).to.equal('requested');
    expect((await refusal(ask())).messageKey).to.equal('interLibrary.errors.alreadyRequested');
    expect((await interLibrary.ofSchool(librarianA.actor, schoolA.id, 'lending')).map((r) => r.id)).to.include(
      request.id,
    );

    // B's librarian cannot send for A; A's cannot receive for B.
    expect((await refusal(interLibrary.send(librarianB.actor, request.id, barcodes[0]!))).code).to.equal('forbidden');
    const sent = await interLibrary.send(librarianA.actor, request.id, barcodes[0]!);
    expect(sent.status).to.equal('sent');
    const copy = (await copies.byBarcode(librarianA.actor, schoolA.id, barcodes[0]!))!;
    expect(copy.status).to.equal('in_transit');
    expect((await refusal(interLibrary.receive(librarianA.actor, request.id))).code).to.equal('forbidden');

    const received = await interLibrary.receive(librarianB.actor, request.id);
    expect(received.status).to.equal('received');
    expect((await copies.find(copy.id))!.status).to.equal('on_loan');
    expect((await refusal(interLibrary.receive(librarianB.actor, request.id))).messageKey).to.equal(
      'interLibrary.errors.now.received',
    );

    const closed = await interLibrary.returned(librarianA.actor, request.id);
    expect(closed.status).to.equal('returned');
    const back = (await copies.find(copy.id))!;
    expect(back.status).to.equal('available');
    expect(back.history.filter((e) => e.action === 'status').map((e) => `${e.from}→${e.to}`)).to.deep.equal([
      'available→in_transit',
      'in_transit→on_loan',
      'on_loan→available',
    ]);
    expect(closed.history.map((e) => e.status)).to.deep.equal(['requested', 'sent', 'received', 'returned']);
    expect((await noticesOf(student.id)).map((n) => n.params.status)).to.include.members([
      'sent',
      'received',
      'returned',
    ]);
    const latest = await interLibrary.latestOfTitles(student.actor, [titleId]);
    expect(latest.get(titleId)?.status).to.equal('returned');
  });

  it('sends once when two librarians of the lending school click "sent" at the same moment', async () => {
    const { interLibrary, copies } = testContext().services;
    const request = await ask();
    const results = await Promise.allSettled([
      interLibrary.send(librarianA.actor, request.id, barcodes[0]!),
      interLibrary.send(otherLibrarianA.actor, request.id, barcodes[1]!),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won, JSON.stringify(results)).to.have.length(1);
    expect(lost).to.have.length(1);
    expect((lost[0]!.reason as DomainError).messageKey).to.equal('interLibrary.errors.now.sent');
    const stored = await interLibrary.load(student.actor, request.id);
    expect(stored.status).to.equal('sent');
    expect(stored.history.map((e) => e.status)).to.deep.equal(['requested', 'sent']);
    const statuses = await Promise.all(
      barcodes.map(async (b) => (await copies.byBarcode(librarianA.actor, schoolA.id, b)).status),
    );
    expect(statuses.sort()).to.deep.equal(['available', 'in_transit']);
    await interLibrary.receive(librarianB.actor, request.id);
    await interLibrary.returned(librarianB.actor, request.id);
  });

  it('refuses or cancels only with a reason, and only before a copy is sent', async () => {
    const { interLibrary } = testContext().services;
    const request = await ask();
    expect((await refusal(interLibrary.refuse(librarianA.actor, request.id, '  '))).code).to.equal('validation');
    const refused = await interLibrary.refuse(librarianA.actor, request.id, 'Sách đang phục vụ ôn thi');
    expect(refused).to.include({ status: 'refused', reason: 'Sách đang phục vụ ôn thi' });
    expect((await refusal(interLibrary.send(librarianA.actor, request.id, barcodes[0]!))).messageKey).to.equal(
      'interLibrary.errors.now.refused',
    );

    const again = await ask();
    expect((await refusal(interLibrary.cancel(librarianA.actor, again.id, 'không cần'))).code).to.equal('forbidden');
    const cancelled = await interLibrary.cancel(student.actor, again.id, 'Đã mượn được ở nơi khác');
    expect(cancelled.status).to.equal('cancelled');
  });

  it('refuses a copy of another title or not on the shelf, changing nothing', async () => {
    const { interLibrary, copies } = testContext().services;
    const other = await printedTitle(librarianA.actor, schoolA, { metadata: { title: 'Tắt đèn' } });
    const { copies: added } = await copies.add(librarianA.actor, other.id, {
      orgId: schoolA.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count: 1 },
      batch,
      price: null,
      volume: null,
      note: null,
    });
    const request = await ask();
    const wrong = await refusal(interLibrary.send(librarianA.actor, request.id, added[0]!.barcode));
    expect(wrong.fields.map((f) => f.messageKey)).to.deep.equal(['interLibrary.errors.otherTitle']);
    expect((await interLibrary.load(librarianA.actor, request.id)).status).to.equal('requested');
    await interLibrary.cancel(librarianB.actor, request.id, 'thử');
  });

  it('lets nobody ask their own school, another province or for someone else; hides requests from others', async () => {
    const { interLibrary } = testContext().services;
    const own = await refusal(
      interLibrary.request(student.actor, {
        resourceId: titleId,
        borrowingOrgId: schoolA.id,
        lendingOrgId: schoolA.id,
        note: null,
      }),
    );
    expect(own.code).to.equal('forbidden');
    const elsewhere = await province();
    const farTitle = await printedTitle(librarianA.actor, schoolA, { metadata: { title: 'Đất rừng phương Nam' } });
    const far = await refusal(
      interLibrary.request(student.actor, {
        resourceId: farTitle.id,
        borrowingOrgId: schoolB.id,
        lendingOrgId: elsewhere.schoolA.id,
        note: null,
      }),
    );
    expect(far.code, 'a school of another province').to.equal('forbidden');
    const request = await ask();
    const stranger = await person([{ org: schoolB, role: 'student' }], 'Em khác');
    expect((await refusal(interLibrary.load(stranger.actor, request.id))).code).to.equal('not_found');
    expect((await refusal(interLibrary.ofSchool(student.actor, schoolA.id, 'lending'))).code).to.equal('forbidden');
    await interLibrary.cancel(student.actor, request.id, 'xong');
  });
});
