/**
 * An inter-library copy lent at the borrowing school, on the real database and over HTTP: once its
 * librarian receives the copy for the reader, the school has a desk loan of it (marked with the
 * request), counted in its students' loan register; the loan ends when the lending school takes
 * the copy back. Receiving twice (the form sent again) opens one loan only.
 *
 * It counts as the borrowing school's loan everywhere a librarian looks: against the reader's loan
 * limit, among their current loans at the desk and on their own page, on the overdue list (per
 * class, and the reminder slip) once past its due day, marked "Liên thư viện" in the loan registers
 * (XLSX and PDF), and once in the statistics: a loan of the borrowing school's month, none of the
 * lending school's. The desk cannot take it back or declare it lost: it goes back through its request.
 */
import { expect } from 'chai';
import type { Loan } from '../../../src/domain/loan.js';
import { addDays, localDay } from '../../../src/domain/schoolCalendar.js';
import { loansOfPatron, setCurrentDueDate, updateLoanIfVersion } from '../../../src/models/loan.js';
import { LibraryStatisticsService } from '../../../src/services/library/statistics.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';
import { addPrintedCopies } from '../../support/printedCopies.js';
import { pdfPages, sheets } from './registerFiles.js';

describe('inter-library: a desk loan at the borrowing school', function () {
  this.timeout(180_000);
  let server: TestServer;
  let world: Awaited<ReturnType<typeof province>>;
  let librarianA: TestPerson;
  let librarianB: TestPerson;
  let student: TestPerson;
  let pageA: Client;
  let pageB: Client;

  before(async () => {
    server = await startTestServer();
    world = await province();
    librarianA = await person([{ org: world.schoolA, role: 'librarian' }], 'Thủ thư A');
    librarianB = await person([{ org: world.schoolB, role: 'librarian' }], 'Thủ thư B');
    student = await person([{ org: world.schoolB, role: 'student' }], 'Em Thảo');
    [pageA, pageB] = await Promise.all([signedIn(server.url, librarianA), signedIn(server.url, librarianB)]);
  });
  after(() => server.close());

  const step = (client: Client, orgId: string, id: string, name: string, form: Record<string, string> = {}) =>
    client.request('POST', `/library/schools/${orgId}/inter-library/${id}/${name}`, {
      form: { _csrf: client.csrfToken!, side: orgId === world.schoolA.id ? 'incoming' : 'outgoing', ...form },
    });
  const loansAtB = async (): Promise<Loan[]> => loansOfPatron(world.schoolB.id, student.id);

  /** A new title of school A asked for by the student of school B, a copy of it sent by school A. */
  async function sentRequest(name: string) {
    const title = await printedTitle(librarianA.actor, world.schoolA, { metadata: { title: name } });
    const [copy] = await addPrintedCopies(librarianA.actor, world.schoolA.id, title.id, 1);
    const request = await testContext().services.interLibrary.request(student.actor, {
      resourceId: title.id,
      borrowingOrgId: world.schoolB.id,
      lendingOrgId: world.schoolA.id,
      note: null,
    });
    expect((await step(pageA, world.schoolA.id, request.id, 'send', { barcode: copy!.barcode })).status).to.equal(303);
    return { title, copy: copy!, request };
  }

  it('opens the loan when the copy is received, counts it in the register, and ends it when the copy is back', async () => {
    const { registerReports } = testContext().services;
    const { title, copy, request } = await sentRequest('Rừng xà nu');
    expect(await loansAtB()).to.have.length(0);

    expect((await step(pageB, world.schoolB.id, request.id, 'receive')).status).to.equal(303);
    expect((await step(pageB, world.schoolB.id, request.id, 'receive')).status).to.equal(409);
    const [loan, ...others] = await loansAtB();
    expect(others).to.have.length(0);
    expect(loan).to.include({
      orgId: world.schoolB.id,
      copyId: copy!.id,
      resourceId: title.id,
      patronType: 'student',
      status: 'active',
      interLibraryRequestId: request.id,
      issuedBy: librarianB.id,
    });
    expect(loan!.dueDate > localDay(new Date())).to.equal(true);

    const today = localDay(new Date());
    const register = await registerReports.loans(
      librarianB.actor,
      world.schoolB.id,
      'students',
      { from: today, to: today },
      'date',
    );
    const lines = [];
    for await (const line of register.lines) lines.push(line);
    expect(lines.map((l) => [l.loan.id, l.title, l.accessionNumber])).to.deep.equal([
      [loan!.id, 'Rừng xà nu', copy!.accessionNumber],
    ]);

    // The reader's page at school B shows it as an inter-library loan, returned through its request.
    const patronPage = await (await pageB.get(`/library/schools/${world.schoolB.id}/patrons/${student.id}`)).text();
    expect(patronPage).to.contain('Rừng xà nu <span class="muted small">(mượn liên thư viện)</span>');
    expect(patronPage).not.to.contain(`/loans/${loan!.id}/return`);

    expect((await step(pageA, world.schoolA.id, request.id, 'return')).status).to.equal(303);
    const [ended] = await loansAtB();
    expect(ended).to.include({ id: loan!.id, status: 'returned', returnedBy: librarianA.id });
    expect(ended!.returnedAt).to.be.instanceOf(Date);
  });

  /** A copy of school A's "Chiếc lá cuối cùng" received at school B for the student: their loan there. */
  async function receivedLoan() {
    const { title, copy, request } = await sentRequest('Chiếc lá cuối cùng');
    expect((await step(pageB, world.schoolB.id, request.id, 'receive')).status).to.equal(303);
    const loan = (await loansOfPatron(world.schoolB.id, student.id)).find(
      (l) => l.interLibraryRequestId === request.id,
    )!;
    return { title, copy, request, loan };
  }

  it('counts against the loan limit and shows among the reader’s current loans, at the desk and on their page', async () => {
    const { circulation } = testContext().services;
    const { title, loan, request } = await receivedLoan();
    const local = await printedTitle(librarianB.actor, world.schoolB, { metadata: { title: 'Dế mèn phiêu lưu ký' } });
    const copies = await addPrintedCopies(librarianB.actor, world.schoolB.id, local.id, 3);
    for (const c of copies.slice(0, 2))
      await circulation.checkOut(librarianB.actor, world.schoolB.id, { patronId: student.id, barcode: c.barcode });
    // Three out (the default limit of a student): two of the school's own and the inter-library one.
    const third = await circulation.check(librarianB.actor, world.schoolB.id, student.id, copies[2]!.barcode);
    expect(third.answer.blocks).to.include('limit_reached');

    const atDesk = await pageB.get(`/api/v1/library/organisations/${world.schoolB.id}/patrons/${student.id}/loans`);
    expect(atDesk.status).to.equal(200);
    const deskLoans = JSON.stringify(await atDesk.json());
    expect(deskLoans).to.contain(loan.id).and.to.contain(title.metadata.title);
    const reader = await signedIn(server.url, student);
    const mine = await reader.get('/api/v1/me/loans');
    expect(JSON.stringify(await mine.json())).to.contain(loan.id);
    const myPage = await (await reader.get('/my/loans')).text();
    expect(myPage, 'marked, and no renewal button for it')
      .to.contain('(mượn liên thư viện)')
      .and.not.contain(`/my/loans/${loan.id}/renew`);

    // The desk neither takes it back nor declares it lost: it goes back through its request.
    const back = await pageB.post(`/api/v1/loans/${loan.id}/return`, {});
    expect(back.status).to.equal(409);
    expect((await pageB.post(`/api/v1/loans/${loan.id}/lost`, { note: 'mất' })).status).to.equal(409);
    // Nor renews it: its due day is the lending school's to set.
    const renewed = await pageB.post(`/api/v1/loans/${loan.id}/renew`, {});
    expect(renewed.status).to.equal(409);
    expect(await renewed.text()).to.contain('trường cho mượn');

    // Back at the lending school, it no longer counts: the third copy can go out.
    expect((await step(pageA, world.schoolA.id, request.id, 'return')).status).to.equal(303);
    const now = await circulation.check(librarianB.actor, world.schoolB.id, student.id, copies[2]!.barcode);
    expect(now.answer.blocks).not.to.include('limit_reached');
  });

  it('is on the overdue list, per class and on the reminder slip, once past its due day', async () => {
    const { loan, title } = await receivedLoan();
    const yesterday = addDays(localDay(new Date()), -1);
    await updateLoanIfVersion(loan.id, loan.version, { dueDate: yesterday });
    await setCurrentDueDate(loan.copyId, yesterday);

    const list = await pageB.get(`/api/v1/library/organisations/${world.schoolB.id}/overdues`);
    expect(list.status).to.equal(200);
    expect(JSON.stringify(await list.json())).to.contain(loan.id);
    const byClass = await (await pageB.get(`/library/schools/${world.schoolB.id}/overdues`)).text();
    expect(byClass).to.contain(title.metadata.title).and.to.contain('Em Thảo');
    const slips = await pageB.get(`/library/schools/${world.schoolB.id}/overdues/slips.pdf`);
    expect(slips.status).to.equal(200);
    const text = (await pdfPages(Buffer.from(await slips.arrayBuffer()))).join('\n');
    expect(text).to.contain('Em Thảo').and.to.contain(title.metadata.title);
  });

  it('is marked “Liên thư viện” in the students’ loan register, XLSX and PDF', async () => {
    const { loan, copy } = await receivedLoan();
    const today = localDay(new Date());
    const path = `/library/schools/${world.schoolB.id}/registers/loans/students`;
    const xlsx = await pageB.get(`${path}.xlsx?from=${today}&to=${today}`);
    expect(xlsx.status).to.equal(200);
    const rows = (await sheets(Buffer.from(await xlsx.arrayBuffer())))[0]!.rows.map((r) => r.join(' | '));
    const line = rows.find((r) => r.includes(copy.accessionNumber));
    expect(line, rows.join('\n')).to.contain('Chiếc lá cuối cùng (Liên thư viện)');
    const pdf = await pageB.get(`${path}.pdf?from=${today}&to=${today}`);
    expect(pdf.status).to.equal(200);
    expect((await pdfPages(Buffer.from(await pdf.arrayBuffer()))).join('\n')).to.contain('(Liên thư viện)');
    const en = await pageB.get(`${path}.xlsx?from=${today}&to=${today}&lang=en`);
    const enRows = (await sheets(Buffer.from(await en.arrayBuffer())))[0]!.rows.map((r) => r.join(' | '));
    expect(enRows.join('\n')).to.contain('Chiếc lá cuối cùng (Inter-library)');
    expect(loan.interLibraryRequestId).to.be.a('string');
  });

  it('counts once in the statistics: a loan of the borrowing school’s month, none at the lending school', async () => {
    // Counted now each time (figures kept for no time), as the dashboard counts them cold.
    const statistics = new LibraryStatisticsService(testContext().services.tree, undefined, 0);
    const year = statistics.years().current;
    const month = localDay(new Date()).slice(0, 7);
    const count = async () => ({
      b: (await statistics.forSchool(librarianB.actor, world.schoolB.id, year)).figures.loans,
      a: (await statistics.forSchool(librarianA.actor, world.schoolA.id, year)).figures.loans,
    });
    const before = await count();
    await receivedLoan();
    const after = await count();
    expect(after.b.byMonth[month]).to.equal(before.b.byMonth[month]! + 1);
    expect(after.b.total).to.equal(before.b.total + 1);
    expect(after.b.activePatronIds).to.include(student.id);
    expect(after.a.byMonth[month]).to.equal(before.a.byMonth[month]);
    expect(after.a.total).to.equal(before.a.total);
  });
});
