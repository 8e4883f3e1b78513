import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { person, printedTitle, province } from '../../support/fixtures.js';
import { iso2709, schoolBooks } from '../../support/marcFixtures.js';
import { pollUntil, unique } from '../../support/toolkit.js';
import type { Client } from '../../support/client.js';
import { as, links, page } from './pages.js';

/** Uploads a file through the import form, as the browser sends it (multipart, the token in the action's query). */
async function upload(
  client: Client,
  orgId: string,
  bytes: Buffer,
  fields: Record<string, string>,
  fileName = 'thu-vien.mrc',
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
  return fetch(`${client.baseUrl}/library/schools/${orgId}/imports?_csrf=${client.csrfToken}`, {
    method: 'POST',
    body: form,
    headers: { cookie: client.cookieHeader },
    redirect: 'manual',
  });
}

describe('web pages: importing and exporting MARC records', function () {
  this.timeout(300_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    testContext().services.imports.worker.start(200);
  });
  after(async () => {
    await testContext().services.imports.worker.stop();
    await server.close();
  });

  it('uploads a file, shows the progress (refreshing itself), then the result with the refused record, as XLSX too', async () => {
    const { schoolA, schoolB } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const client = await as(server.url, librarian);
    const books = schoolBooks(unique('w'));

    const form = await page(await client.get(`/library/schools/${schoolA.id}/imports`));
    expect(form).to.include('Nhập và xuất biểu ghi').and.include('enctype="multipart/form-data"');
    const fields = { collection: 'TK', location: 'KHO', source: 'donation', scope: 'public' };
    const file = Buffer.concat([iso2709(books[0]!), iso2709(books[2]!.filter(([t]) => t !== '245'))]);
    const sent = await upload(client, schoolA.id, file, fields);
    expect(sent.status, await sent.clone().text()).to.equal(303);
    const jobUrl = sent.headers.get('location')!;
    expect(jobUrl).to.match(/^\/library\/imports\/[0-9a-f]{24}$/);

    const result = await pollUntil(
      async () => {
        const res = await client.get(jobUrl);
        const html = await page(res);
        if (html.includes('Kết quả nhập')) return html;
        expect(res.headers.get('refresh'), 'the page refreshes itself while importing').to.equal('3');
        expect(html).to.include('<progress id="import-bar" max="100"');
        return null;
      },
      { timeoutMs: 120_000, intervalMs: 300, message: 'the result page' },
    );
    expect(result).to.include('Đã thêm 1, đã có 0, bị từ chối 1.');
    expect(result).to.include('Không có nhan đề chính (245 $a).');

    const xlsx = await client.get(`${jobUrl}/result.xlsx`);
    expect(xlsx.status).to.equal(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => [r[1], r[2]])).to.deep.equal([
      [1, 'Đã thêm'],
      [2, 'Bị từ chối'],
    ]);

    const english = await page(await client.get(`${jobUrl}?lang=en`));
    expect(english).to.include('Added 1, already there 0, refused 1.');

    const exported = await client.get(`/library/schools/${schoolA.id}/export?format=marcxml`);
    expect(exported.status).to.equal(200);
    expect(exported.headers.get('content-disposition')).to.match(/attachment/);
    expect(await exported.text()).to.include('<subfield code="p">TN-00101</subfield>');

    // Another school's librarian sees neither the import nor the export.
    const other = await as(server.url, await person([{ org: schoolB, role: 'librarian' }]));
    expect((await other.get(jobUrl)).status).to.equal(404);
    expect((await other.get(`/library/schools/${schoolA.id}/export`)).status).to.equal(403);
    expect((await upload(other, schoolA.id, file, fields)).status).to.equal(403);
  });

  it('refuses a file in no known format with a message on the form, storing nothing', async () => {
    const { schoolA } = await province();
    const client = await as(server.url, await person([{ org: schoolA, role: 'librarian' }]));
    await client.get(`/library/schools/${schoolA.id}/imports`);
    const sent = await upload(
      client,
      schoolA.id,
      Buffer.from('not a catalogue'),
      {
        collection: 'TK',
        location: 'KHO',
        source: 'donation',
        scope: 'public',
      },
      'ghi-chu.txt',
    );
    const html = await page(sent, 400);
    expect(html).to.include('Không nhận ra định dạng tệp');
  });

  it('offers the province’s record of an ISBN to copy, so that another school adds its copies instead of a duplicate', async () => {
    const { schoolA, schoolB } = await province();
    const librarianA = await person([{ org: schoolA, role: 'librarian' }]);
    const title = await printedTitle(librarianA.actor, schoolA, {
      metadata: { title: `Số đỏ ${unique('w')}`, creators: ['Vũ Trọng Phụng'] },
      print: { isbns: [{ value: '978-604-0-25173-2', qualifier: null, invalid: false }] },
    });
    const clientB = await as(server.url, await person([{ org: schoolB, role: 'librarian' }]));
    const offered = await page(
      await clientB.get(`/library/schools/${schoolB.id}/copy-cataloguing?isbn=978-604-0-25173-2`),
    );
    expect(offered).to.include(title.metadata.title).and.include(`Biên mục bởi ${schoolA.name}`);
    expect(links(offered)).to.include(`/library/titles/${title.id}/copies/new?orgId=${schoolB.id}`);
    const wrong = await page(
      await clientB.get(`/library/schools/${schoolB.id}/copy-cataloguing?isbn=978-604-0-25173-5`),
    );
    expect(wrong).to.include('ISBN này không hợp lệ');
    expect((await clientB.get(`/library/schools/${schoolA.id}/copy-cataloguing?isbn=9786040251732`)).status).to.equal(
      403,
    );
  });
});
