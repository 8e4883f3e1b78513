/**
 * The librarians' inter-library pages over real HTTP on the real database, with the CSRF token and
 * without script: school A's librarian sees the request of a reader of school B (reader, school,
 * title, dates, counts per status), sends a copy scanned (a copy of another school is refused on
 * the field; the same send twice answers 409 on the page), refuses only with a reason; school B's
 * librarian receives the copy and closes the request. A librarian of a third school and a student
 * are kept out.
 */
import { expect } from 'chai';
import type { Organisation } from '../../../src/domain/organisation.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { organisation, person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';
import { addPrintedCopies } from '../../support/printedCopies.js';

const addCopies = (librarian: TestPerson, school: Organisation, titleId: string, count: number) =>
  addPrintedCopies(librarian.actor, school.id, titleId, count);

describe('inter-library pages for librarians (HTTP, real database)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let schoolA: Organisation;
  let schoolB: Organisation;
  let schoolC: Organisation;
  let librarianA: TestPerson;
  let librarianB: TestPerson;
  let librarianC: TestPerson;
  let student: TestPerson;
  let pageA: Client;
  let pageB: Client;
  let titleId: string;
  let barcodes: string[];
  let accessionNumbers: string[];
  let otherSchoolBarcode: string;

  const ask = (resourceId = titleId) =>
    testContext().services.interLibrary.request(student.actor, {
      resourceId,
      borrowingOrgId: schoolB.id,
      lendingOrgId: schoolA.id,
      note: 'Cho tiết Ngữ văn',
    });
  const step = (client: Client, orgId: string, id: string, name: string, form: Record<string, string> = {}) =>
    client.request('POST', `/library/schools/${orgId}/inter-library/${id}/${name}`, {
      form: { _csrf: client.csrfToken!, side: orgId === schoolA.id ? 'incoming' : 'outgoing', ...form },
    });

  before(async () => {
    server = await startTestServer();
    let department: Organisation;
    ({ department, schoolA, schoolB } = await province());
    schoolC = await organisation('Trường THCS C', department);
    librarianA = await person([{ org: schoolA, role: 'librarian' }], 'Thủ thư A');
    librarianB = await person([{ org: schoolB, role: 'librarian' }], 'Thủ thư B');
    librarianC = await person([{ org: schoolC, role: 'librarian' }], 'Thủ thư C');
    student = await person([{ org: schoolB, role: 'student' }], 'Em Mai Anh');
    const title = await printedTitle(librarianA.actor, schoolA, { metadata: { title: 'Tắt đèn' } });
    titleId = title.id;
    const copies = await addCopies(librarianA, schoolA, titleId, 2);
    barcodes = copies.map((c) => c.barcode);
    accessionNumbers = copies.map((c) => c.accessionNumber);
    const titleC = await printedTitle(librarianC.actor, schoolC, { metadata: { title: 'Tắt đèn (C)' } });
    // Barcodes are numbered per school: this one is relabelled so that only school C has it.
    const [copyC] = await addCopies(librarianC, schoolC, titleC.id, 1);
    otherSchoolBarcode = `C-${Date.now()}`;
    await testContext().services.copies.edit(librarianC.actor, copyC!.id, copyC!.version, {
      barcode: otherSchoolBarcode,
    });
    [pageA, pageB] = await Promise.all([signedIn(server.url, librarianA), signedIn(server.url, librarianB)]);
  });
  after(() => server.close());

  it('lists an incoming request with reader, school, title, dates and counts, linked from the library menu and the desk', async () => {
    const request = await ask();
    const home = await (await pageA.get(`/library/schools/${schoolA.id}`)).text();
    expect(home).to.contain(`href="/library/schools/${schoolA.id}/inter-library"`);
    const desk = await (await pageA.get(`/library/schools/${schoolA.id}/desk`)).text();
    expect(desk).to.contain(`href="/library/schools/${schoolA.id}/inter-library"`);

    const list = await pageA.get(`/library/schools/${schoolA.id}/inter-library`);
    expect(list.status).to.equal(200);
    const html = await list.text();
    const row = html.slice(
      html.indexOf(`id="request-${request.id}"`),
      html.indexOf('</tr>', html.indexOf(`id="request-${request.id}"`)),
    );
    expect(row).to.contain('Tắt đèn').and.contain('Em Mai Anh').and.contain(schoolB.name).and.contain('Đã gửi yêu cầu');
    expect(row).to.match(/\d{4}-\d{2}-\d{2}/);
    expect(row).to.contain(`action="/library/schools/${schoolA.id}/inter-library/${request.id}/send"`);
    expect(row).to.contain(`action="/library/schools/${schoolA.id}/inter-library/${request.id}/refuse"`);
    expect(html).to.match(/data-status="requested"[^>]*>Đã gửi yêu cầu \(1\)/);
    expect(html).to.contain('1 chờ gửi');
    const sentOnly = await (await pageA.get(`/library/schools/${schoolA.id}/inter-library?status=sent`)).text();
    expect(sentOnly).not.to.contain(`id="request-${request.id}"`);
    expect(sentOnly).to.contain('Không có yêu cầu nào ở trạng thái này.');

    // English on the same page.
    const english = await (await pageA.get(`/library/schools/${schoolA.id}/inter-library?lang=en`)).text();
    expect(english).to.contain('Other schools asking for this school').and.contain('Send the copy');
    await pageA.get(`/library/schools/${schoolA.id}?lang=vi`);
  });

  it('refuses a copy of another school and an empty reason on the field, and answers a second send with 409', async () => {
    const request = (await testContext().services.interLibrary.mine(student.actor))[0]!;
    const wrongSchool = await step(pageA, schoolA.id, request.id, 'send', { barcode: otherSchoolBarcode });
    expect(wrongSchool.status).to.equal(400);
    const wrongHtml = await wrongSchool.text();
    expect(wrongHtml).to.contain(`id="send-${request.id}-error"`);
    expect(wrongHtml).to.contain(`Thư viện trường không có bản sách nào mang mã «${otherSchoolBarcode}»`);
    expect(wrongHtml).to.contain(`value="${otherSchoolBarcode}"`);

    const noReason = await step(pageA, schoolA.id, request.id, 'refuse', { reason: '  ' });
    expect(noReason.status).to.equal(400);
    const noReasonHtml = await noReason.text();
    expect(noReasonHtml).to.contain(`id="refuse-${request.id}-error"`).and.contain('Hãy ghi lý do.');
    expect((await testContext().services.interLibrary.load(librarianA.actor, request.id)).status).to.equal('requested');

    // Typed by accession number: sent, and the page says so.
    const sent = await step(pageA, schoolA.id, request.id, 'send', { barcode: accessionNumbers[0]! });
    expect(sent.status, await sent.clone().text()).to.equal(303);
    expect(sent.headers.get('location')).to.equal(
      `/library/schools/${schoolA.id}/inter-library?side=incoming&done=send`,
    );
    expect(await (await pageA.get(sent.headers.get('location')!)).text()).to.contain('sách đã được gửi đi');
    const again = await step(pageA, schoolA.id, request.id, 'send', { barcode: barcodes[1]! });
    expect(again.status).to.equal(409);
    expect(await again.text()).to.contain('đã được gửi sách rồi');
    // From the list filtered to the requests waiting, where the request no longer shows: said at the top.
    const fromFiltered = await step(pageA, schoolA.id, request.id, 'send', {
      barcode: barcodes[1]!,
      status: 'requested',
    });
    expect(fromFiltered.status).to.equal(409);
    const filteredHtml = await fromFiltered.text();
    expect(filteredHtml).not.to.contain(`id="request-${request.id}"`);
    expect(filteredHtml).to.match(/id="inter-library-refused">[^<]*đã được gửi sách rồi/);
  });

  it('of two sends at once, exactly one succeeds and the other is a 409', async () => {
    const { services } = testContext();
    const secondTitle = await printedTitle(librarianA.actor, schoolA, { metadata: { title: 'Lão Hạc' } });
    const [copy] = await addCopies(librarianA, schoolA, secondTitle.id, 1);
    const request = await ask(secondTitle.id);
    const otherA = await signedIn(server.url, await person([{ org: schoolA, role: 'librarian' }], 'Thủ thư A2'));
    const answers = await Promise.all(
      [pageA, otherA].map((client) => step(client, schoolA.id, request.id, 'send', { barcode: copy!.barcode })),
    );
    expect(answers.map((a) => a.status).sort()).to.deep.equal([303, 409]);
    expect((await services.interLibrary.load(librarianA.actor, request.id)).status).to.equal('sent');
  });

  it('lets the borrowing school receive and close, and keeps a third school’s librarian and a student out', async () => {
    const request = (await testContext().services.interLibrary.mine(student.actor)).find(
      (r) => r.resourceId === titleId,
    )!;
    const outgoing = await (await pageB.get(`/library/schools/${schoolB.id}/inter-library?side=outgoing`)).text();
    expect(outgoing).to.contain(`id="request-${request.id}"`).and.contain(schoolA.name);
    expect(outgoing).to.contain(`/inter-library/${request.id}/receive"`);

    const pageC = await signedIn(server.url, librarianC);
    expect((await pageC.get(`/library/schools/${schoolA.id}/inter-library`)).status).to.equal(403);
    expect((await step(pageC, schoolC.id, request.id, 'receive')).status).to.equal(404);
    const studentPage = await signedIn(server.url, student);
    expect((await studentPage.get(`/library/schools/${schoolB.id}/inter-library?side=outgoing`)).status).to.equal(403);
    // A's librarian cannot receive for B, even through A's own page.
    expect((await step(pageA, schoolA.id, request.id, 'receive')).status).to.equal(403);

    const received = await step(pageB, schoolB.id, request.id, 'receive');
    expect(received.status, await received.clone().text()).to.equal(303);
    const closed = await step(pageB, schoolB.id, request.id, 'return');
    expect(closed.status).to.equal(303);
    const done = await (
      await pageB.get(`/library/schools/${schoolB.id}/inter-library?side=outgoing&status=returned`)
    ).text();
    expect(done).to.contain(`id="request-${request.id}"`).and.contain('Đã trả, kết thúc');
    const copy = await testContext().services.copies.byAccession(librarianA.actor, schoolA.id, accessionNumbers[0]!);
    expect(copy.status).to.equal('available');
  });
});
