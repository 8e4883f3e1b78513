/**
 * A reader's own inter-library requests on /my/loans over real HTTP, without script: each request
 * with its status, the school asked and its days; a cancel form while nothing was sent, which asks
 * a reason (an empty one is a field error, nothing changes) and then shows the request cancelled.
 * A request already sent has no cancel form; another reader's request cannot be cancelled.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn } from '../../support/client.js';
import { person, printedTitle, province } from '../../support/fixtures.js';
import { addPrintedCopies } from '../../support/printedCopies.js';

describe('a reader’s inter-library requests on /my/loans (HTTP, real database)', function () {
  this.timeout(120_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('lists them with status, school and days, and cancels one with a reason while it is cancellable', async () => {
    const { interLibrary } = testContext().services;
    const { schoolA, schoolB } = await province();
    const librarianA = await person([{ org: schoolA, role: 'librarian' }]);
    const student = await person([{ org: schoolB, role: 'student' }], 'Em Châu');
    const classmate = await person([{ org: schoolB, role: 'student' }], 'Em Dũng');
    const titles = await Promise.all(
      ['Chí Phèo', 'Số đỏ'].map((t) => printedTitle(librarianA.actor, schoolA, { metadata: { title: t } })),
    );
    const barcodes: string[] = [];
    for (const title of titles)
      barcodes.push((await addPrintedCopies(librarianA.actor, schoolA.id, title.id, 1))[0]!.barcode);
    const ask = (resourceId: string) =>
      interLibrary.request(student.actor, {
        resourceId,
        borrowingOrgId: schoolB.id,
        lendingOrgId: schoolA.id,
        note: null,
      });
    const waiting = await ask(titles[0]!.id);
    const sent = await ask(titles[1]!.id);
    await interLibrary.send(librarianA.actor, sent.id, barcodes[1]!);

    const reader = await signedIn(server.url, student);
    const rowOf = (html: string, id: string) => {
      const start = html.indexOf(`id="my-request-${id}"`);
      return start < 0 ? '' : html.slice(start, html.indexOf('</tr>', start));
    };
    const page = await (await reader.get('/my/loans')).text();
    const waitingRow = rowOf(page, waiting.id);
    expect(waitingRow).to.contain('Chí Phèo').and.contain(schoolA.name).and.contain('Đã gửi yêu cầu');
    expect(waitingRow).to.match(/\d{4}-\d{2}-\d{2}/);
    expect(waitingRow).to.contain(`action="/my/inter-library-requests/${waiting.id}/cancel"`);
    const sentRow = rowOf(page, sent.id);
    expect(sentRow).to.contain('Số đỏ').and.contain('Trường cho mượn đã gửi sách');
    expect(sentRow).not.to.contain('/cancel"');

    const cancel = (id: string, reason: string, client = reader) =>
      client.request('POST', `/my/inter-library-requests/${id}/cancel`, { form: { _csrf: client.csrfToken!, reason } });
    const empty = await cancel(waiting.id, ' ');
    expect(empty.status).to.equal(400);
    expect(rowOf(await empty.text(), waiting.id))
      .to.contain(`id="cancel-${waiting.id}-error"`)
      .and.contain('Hãy ghi lý do.');
    expect((await interLibrary.load(student.actor, waiting.id)).status).to.equal('requested');

    const other = await signedIn(server.url, classmate);
    expect((await cancel(waiting.id, 'Không phải của tôi', other)).status).to.equal(404);

    const done = await cancel(waiting.id, 'Đã mượn được ở trường');
    expect(done.status).to.equal(200);
    const after = await done.text();
    expect(after).to.contain('Đã huỷ yêu cầu mượn liên thư viện.');
    expect(rowOf(after, waiting.id))
      .to.contain('Đã huỷ')
      .and.contain('Đã mượn được ở trường')
      .and.not.contain('/cancel"');
    expect((await cancel(waiting.id, 'Lần nữa')).status).to.equal(409);

    const english = await (await reader.get('/my/loans?lang=en')).text();
    expect(english).to.contain('My inter-library requests').and.contain('Cancelled');
  });
});
