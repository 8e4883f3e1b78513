import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import type { Actor } from '../../../src/policies/actor.js';
import { organisation, person, printedTitle, province, uniqueIsbn } from '../../support/fixtures.js';
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
    const isbn = uniqueIsbn();
    const librarianA = await person([{ org: schoolA, role: 'librarian' }]);
    const title = await printedTitle(librarianA.actor, schoolA, {
      metadata: { title: `Số đỏ ${unique('w')}`, creators: ['Vũ Trọng Phụng'] },
      print: { isbns: [{ value: isbn, qualifier: null, invalid: false }] },
    });
    const clientB = await as(server.url, await person([{ org: schoolB, role: 'librarian' }]));
    const offered = await page(await clientB.get(`/library/schools/${schoolB.id}/copy-cataloguing?isbn=${isbn}`));
    expect(offered).to.include(title.metadata.title).and.include(`Biên mục bởi ${schoolA.name}`);
    expect(links(offered)).to.include(`/library/titles/${title.id}/copies/new?orgId=${schoolB.id}`);
    const wrong = await page(
      await clientB.get(`/library/schools/${schoolB.id}/copy-cataloguing?isbn=978-604-0-25173-5`),
    );
    expect(wrong).to.include('ISBN này không hợp lệ');
    expect((await clientB.get(`/library/schools/${schoolA.id}/copy-cataloguing?isbn=${isbn}`)).status).to.equal(403);
  });

  it('lists every title sharing an ISBN with the schools holding it, and an import takes the one whose title it has', async () => {
    const { copies, imports } = testContext().services;
    const { department, schoolA, schoolB } = await province();
    const schoolC = await organisation('Trường THCS C', department);
    const isbn = uniqueIsbn();
    const w = unique('w');
    const librarianA = await person([{ org: schoolA, role: 'librarian' }]);
    const librarianB = await person([{ org: schoolB, role: 'librarian' }]);
    const librarianC = await person([{ org: schoolC, role: 'librarian' }]);
    const print = { isbns: [{ value: isbn, qualifier: null, invalid: false }] };
    // Two editions catalogued under one ISBN, and school C's own record of the first kept to itself.
    const older = await printedTitle(librarianA.actor, schoolA, { metadata: { title: `Tắt đèn ${w}` }, print });
    const other = await printedTitle(librarianB.actor, schoolB, { metadata: { title: `Tắt đèn ${w} – tập 2` }, print });
    const hidden = await printedTitle(librarianC.actor, schoolC, {
      metadata: { title: `Tắt đèn ${w}` },
      print,
      scope: 'school',
    });
    const addCopies = (actor: Actor, titleId: string, orgId: string, count: number) =>
      copies.add(actor, titleId, {
        orgId,
        collection: 'TK',
        location: 'KHO',
        numbering: { count },
        batch: { date: '2025-09-05', source: 'purchase', supplier: null, documentNumber: null, note: null },
        price: null,
        volume: null,
        note: null,
      });
    await addCopies(librarianA.actor, older.id, schoolA.id, 2);
    await addCopies(librarianB.actor, other.id, schoolB.id, 1);

    const clientC = await as(server.url, librarianC);
    const offered = await page(await clientC.get(`/library/schools/${schoolC.id}/copy-cataloguing?isbn=${isbn}`));
    expect(offered).to.include(`Tắt đèn ${w}`).and.include(`Tắt đèn ${w} – tập 2`);
    expect(offered)
      .to.include(`${schoolA.name}: 2 bản, 2 bản có sẵn`)
      .and.include(`${schoolB.name}: 1 bản, 1 bản có sẵn`);
    expect(links(offered)).to.include.members([
      `/library/titles/${hidden.id}/copies/new?orgId=${schoolC.id}`,
      `/library/titles/${older.id}/copies/new?orgId=${schoolC.id}`,
      `/library/titles/${other.id}/copies/new?orgId=${schoolC.id}`,
    ]);
    const clientB = await as(server.url, librarianB);
    const offeredB = await page(await clientB.get(`/library/schools/${schoolB.id}/copy-cataloguing?isbn=${isbn}`));
    expect(links(offeredB), 'school C’s own record stays its own').not.to.include(
      `/library/titles/${hidden.id}/copies/new?orgId=${schoolB.id}`,
    );

    // School B imports the first book, its title written another way: it is school A's, not B's own second volume.
    const record = iso2709([
      ['020', '  ', 'a', isbn],
      ['245', '10', 'a', `TẮT ĐÈN ${w.toUpperCase()} /`],
      ['952', '  ', 'c', 'KHO', '8', 'TK'],
    ]);
    const job = await imports.start(librarianB.actor, schoolB.id, {
      fileName: 'tat-den.mrc',
      bytes: record,
      options: { collection: 'TK', location: 'KHO', scope: 'public', source: 'donation' },
    });
    const done = await pollUntil(
      async () => {
        const p = await imports.progress(librarianB.actor, job.id);
        return p.job.status === 'done' ? p : null;
      },
      { timeoutMs: 120_000, intervalMs: 200, message: 'the import to finish' },
    );
    expect(done.counts).to.deep.equal({ added: 1, matched: 0, refused: 0 });
    const [outcome] = await imports.outcomes(librarianB.actor, job.id);
    expect(outcome!.resourceId).to.equal(older.id);
  });
});
