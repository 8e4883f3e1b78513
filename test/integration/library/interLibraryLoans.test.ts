/**
 * An inter-library copy lent at the borrowing school, on the real database and over HTTP: once its
 * librarian receives the copy for the reader, the school has a desk loan of it (marked with the
 * request), counted in its students' loan register; the loan ends when the lending school takes
 * the copy back. Receiving twice (the form sent again) opens one loan only.
 */
import { expect } from 'chai';
import type { Loan } from '../../../src/domain/loan.js';
import { localDay } from '../../../src/domain/schoolCalendar.js';
import { loansOfPatron } from '../../../src/models/loan.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';
import { addPrintedCopies } from '../../support/printedCopies.js';

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

  it('opens the loan when the copy is received, counts it in the register, and ends it when the copy is back', async () => {
    const { interLibrary, registerReports } = testContext().services;
    const title = await printedTitle(librarianA.actor, world.schoolA, { metadata: { title: 'Rừng xà nu' } });
    const [copy] = await addPrintedCopies(librarianA.actor, world.schoolA.id, title.id, 1);
    const request = await interLibrary.request(student.actor, {
      resourceId: title.id,
      borrowingOrgId: world.schoolB.id,
      lendingOrgId: world.schoolA.id,
      note: null,
    });
    expect((await step(pageA, world.schoolA.id, request.id, 'send', { barcode: copy!.barcode })).status).to.equal(303);
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
});
