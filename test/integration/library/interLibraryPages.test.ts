/**
 * Asking another school from a printed title's page, over real HTTP with the CSRF token: the page
 * offers the schools holding the title, the form records the request, and the page then shows its
 * status as it moves (here, sent by the lending school), in the reader's language.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { person, printedTitle, province } from '../../support/fixtures.js';

describe('inter-library request from a title’s page (HTTP, real database)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let reader: Client;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('offers the holding school, records the request, then shows its status there and in the union catalogue', async () => {
    const { schoolA, schoolB } = await province();
    const librarianA = await person([{ org: schoolA, role: 'librarian' }]);
    const student = await person([{ org: schoolB, role: 'student' }], 'Em Hoa');
    const title = await printedTitle(librarianA.actor, schoolA, { metadata: { title: 'Hai đứa trẻ' } });
    const { copies } = await testContext().services.copies.add(librarianA.actor, title.id, {
      orgId: schoolA.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count: 1 },
      batch: { date: '2025-09-05', source: 'purchase', supplier: null, documentNumber: null, note: null },
      price: null,
      volume: null,
      note: null,
    });
    reader = await signedIn(server.url, student);
    const before = await (await reader.get(`/resources/${title.id}`)).text();
    expect(before).to.contain(`Xin mượn từ ${schoolA.name}`);
    expect(before).to.contain(`name="lendingOrgId" value="${schoolA.id}"`);

    const asked = await reader.request('POST', '/library/inter-library-requests', {
      form: { _csrf: reader.csrfToken!, resourceId: title.id, borrowingOrgId: schoolB.id, lendingOrgId: schoolA.id },
    });
    expect(asked.status, await asked.clone().text()).to.equal(303);
    expect(asked.headers.get('location')).to.equal(`/resources/${title.id}`);
    const requested = await (await reader.get(`/resources/${title.id}`)).text();
    expect(requested).to.contain('Đã gửi yêu cầu');
    expect(requested).not.to.contain('Xin mượn từ');

    const twice = await reader.request('POST', '/library/inter-library-requests', {
      form: { _csrf: reader.csrfToken!, resourceId: title.id, borrowingOrgId: schoolB.id, lendingOrgId: schoolA.id },
    });
    expect(twice.status).to.equal(409);
    expect(await twice.text()).to.contain('đã có một yêu cầu mượn liên thư viện đang mở');

    const { interLibrary } = testContext().services;
    const [request] = await interLibrary.mine(student.actor);
    await interLibrary.send(librarianA.actor, request!.id, copies[0]!.barcode);
    expect(await (await reader.get(`/resources/${title.id}?lang=en`)).text()).to.contain('Sent by the lending school');

    // The union catalogue shows the reader the status beside the title.
    const found = await (await reader.get(`/search?${new URLSearchParams({ q: 'hai dua tre', lang: 'vi' })}`)).text();
    expect(found).to.contain('Yêu cầu mượn liên thư viện của bạn: <strong>Trường cho mượn đã gửi sách</strong>');
  });
});
