/**
 * The library cards PDF of a school over HTTP, read back as printed: every reader's name and card
 * number on the sheet, and each Code 128 barcode decoded (ZXing on the page rendered by pdftoppm)
 * to the card number the desk looks up; another school's librarian gets nothing.
 */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/context.js';
import { signedIn } from '../../support/client.js';
import { person, province } from '../../support/fixtures.js';
import { barcodesOnPage, textOnPages } from '../../support/pdfRead.js';

describe('pages: library cards as a PDF', function () {
  this.timeout(180_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('prints a card per reader with their name and a barcode that decodes to their card number', async () => {
    const { schoolA, schoolB } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }], 'Cô Thư');
    for (const name of ['Nguyễn Thị Ánh', 'Trần Văn Bảo', 'Lê Đức Cường'])
      await person([{ org: schoolA, role: 'student' }], name);
    await person([{ org: schoolA, role: 'teacher' }], 'Thầy Đạt');
    const desk = await signedIn(server.url, librarian);
    const res = await desk.get(`/library/schools/${schoolA.id}/cards.pdf`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    const texts = (await textOnPages(pdf))[0]!.map((t) => t.text);
    for (const name of ['Nguyễn Thị Ánh', 'Trần Văn Bảo', 'Lê Đức Cường', 'Thầy Đạt', 'Cô Thư'])
      expect(texts, name).to.include(name);
    expect(texts.filter((t) => t === schoolA.name)).to.have.length(5);
    const numbers = texts.filter((t) => /^TV\d{6}$/.test(t)).sort();
    expect(numbers).to.deep.equal(['TV000001', 'TV000002', 'TV000003', 'TV000004', 'TV000005']);
    const decoded = (await barcodesOnPage(pdf, 1)).map((b) => b.text).sort();
    expect(decoded).to.deep.equal(numbers);

    const other = await signedIn(server.url, await person([{ org: schoolB, role: 'librarian' }]));
    expect((await other.get(`/library/schools/${schoolA.id}/cards.pdf`)).status).to.equal(403);
  });
});
