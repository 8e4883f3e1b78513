/**
 * A class set lent to a teacher for a lesson through the API (all copies or none, one due date
 * moved off a closed day) and in-library use counted by a scan and by the day's count.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn } from '../../support/client.js';
import { person, printedTitle, province } from '../../support/fixtures.js';
import { readingUsesByDay } from '../../../src/models/readingUse.js';
import { addDays, localDay } from '../../../src/domain/schoolCalendar.js';

describe('API: class sets and in-library use', function () {
  this.timeout(180_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('lends a class set whole with one due date, refuses it whole naming the copy that cannot go, and counts reading-room use', async () => {
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }], 'Cô Thư');
    const teacher = await person([{ org: schoolA, role: 'teacher' }], 'Thầy Nam');
    const { copies } = testContext().services;
    const title = await printedTitle(librarian.actor, schoolA, { metadata: { title: 'Ngữ văn 9 – Tập một' } });
    const added = await copies.add(librarian.actor, title.id, {
      orgId: schoolA.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count: 12 },
      batch: { date: '2025-09-05', source: 'state_budget', supplier: null, documentNumber: null, note: null },
      price: null,
      volume: null,
      note: null,
    });
    const barcodes = added.copies.map((c) => c.barcode);
    const lost = await copies.changeStatus(librarian.actor, added.copies[11]!.id, 1, 'lost');
    expect(lost.status).to.equal('lost');
    const desk = await signedIn(server.url, librarian);
    const path = `/api/v1/library/organisations/${schoolA.id}/class-sets`;
    // Next Sunday, a closed day: the set is due on the Monday after.
    const today = localDay(new Date());
    const sunday = addDays(today, 7 - new Date(`${today}T00:00:00Z`).getUTCDay());

    const refused = await desk.post(path, { patronId: teacher.id, barcodes, dueDate: sunday });
    expect(refused.status).to.equal(409);
    const err = (await refused.json()) as { error: { fields: { field: string; message: string }[] } };
    expect(err.error.fields).to.deep.equal([{ field: 'barcodes.11', message: 'Bản sách đang được ghi là bị mất.' }]);
    expect((await copies.byBarcode(librarian.actor, schoolA.id, barcodes[0]!)).status).to.equal('available');

    const lent = await desk.post(path, { patronId: teacher.id, barcodes: barcodes.slice(0, 11), dueDate: sunday });
    expect(lent.status).to.equal(201);
    const set = (await lent.json()) as { id: string; loans: { id: string; dueDate: string }[] };
    expect(set.loans).to.have.length(11);
    expect(new Set(set.loans.map((l) => l.dueDate))).to.deep.equal(new Set([addDays(sunday, 1)]));
    for (const b of barcodes.slice(0, 11))
      expect((await copies.byBarcode(librarian.actor, schoolA.id, b)).status).to.equal('on_loan');

    // Three weeks on, the whole set is overdue: the overdue list names the teacher for each copy.
    const later = await testContext().services.circulation.overdues(
      librarian.actor,
      schoolA.id,
      new Date(Date.now() + 21 * 86_400_000),
    );
    expect(later.map((o) => o.patronName)).to.deep.equal(Array(11).fill('Thầy Nam'));
    const overdueNow = await desk.get(`/api/v1/library/organisations/${schoolA.id}/overdues`);
    expect(((await overdueNow.json()) as { items: unknown[] }).items).to.deep.equal([]);

    // One copy of the set is reported lost: its loan ends as lost, the copy is lost, a second report is refused.
    const lostLoan = await desk.post(`/api/v1/loans/${set.loans[0]!.id}/lost`, { note: 'Em Hoa làm mất' });
    expect(lostLoan.status).to.equal(200);
    expect(((await lostLoan.json()) as { status: { code: string } }).status.code).to.equal('lost');
    expect((await copies.byBarcode(librarian.actor, schoolA.id, barcodes[0]!)).status).to.equal('lost');
    expect((await desk.post(`/api/v1/loans/${set.loans[0]!.id}/lost`, {})).status).to.equal(409);
    const teacherDesk = await signedIn(server.url, teacher);
    expect((await teacherDesk.post(`/api/v1/loans/${set.loans[1]!.id}/lost`, {})).status).to.equal(403);

    const uses = `/api/v1/library/organisations/${schoolA.id}/reading-uses`;
    expect((await desk.post(uses, { barcode: barcodes[11]! })).status).to.equal(204);
    expect((await desk.post(uses, { day: today, count: 37 })).status).to.equal(204);
    expect((await desk.post(uses, { day: today, count: 0 })).status).to.equal(400);
    const byDay = await readingUsesByDay(schoolA.id, today, today);
    expect(byDay.get(today)).to.equal(38);
    expect((await teacherDesk.post(uses, { day: today, count: 5 })).status).to.equal(403);
  });
});
