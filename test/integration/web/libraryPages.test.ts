import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { person, printedTitle, province } from '../../support/fixtures.js';
import { unique } from '../../support/toolkit.js';
import { as, links, page, submit } from './pages.js';

/** The library's pages over real HTTP, as a librarian uses them without JavaScript. */
describe('web pages: the printed collection', function () {
  this.timeout(180_000);
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(async () => server.close());

  const idOf = (location: string | null, pattern: RegExp) => pattern.exec(location ?? '')![1]!;

  it('catalogues a printed title, adds 40 copies in one form, and shows them on the holdings and item pages', async () => {
    const { schoolA, schoolB } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }], 'Cô Thư');
    const client = await as(server.url, librarian);
    const word = unique('w');

    const form = await page(await client.get(`/library/titles/new?orgId=${schoolA.id}`));
    expect(form).to.include('Biên mục sách in').and.include('<datalist id="class-numbers">');
    expect(form, 'the DDC divisions are offered').to.include('label="895.922 Văn học Việt Nam"');

    const book = {
      orgId: schoolA.id,
      title: `Dế Mèn phiêu lưu ký ${word}`,
      creators: 'Tô Hoài',
      type: 'sach-in',
      licence: 'all-rights-reserved',
      language: 'vi',
      scope: 'public',
      isbns: '978-604-0-25173-5 (bìa mềm)',
      classScheme: 'ddc',
      classNumber: '895.9223',
      publish: 'on',
    };
    const refused = await submit(client, '/library/titles/new', book);
    const again = await page(refused, 400);
    expect(again).to.include('sai chữ số kiểm tra (đúng ra là 2)');
    expect(again, 'what was typed stays').to.include(`Dế Mèn phiêu lưu ký ${word}`);

    const created = await submit(client, '/library/titles/new', { ...book, keepInvalidIsbns: 'on', pages: '143' });
    expect(created.status).to.equal(303);
    const titleId = idOf(created.headers.get('location'), /\/library\/titles\/([0-9a-f]{24})\/copies\/new/);

    const addForm = await page(await client.get(`/library/titles/${titleId}/copies/new?orgId=${schoolA.id}`));
    expect(addForm).to.include('895.9223 HOA').and.include('SGK-00001…');
    const added = await submit(client, `/library/titles/${titleId}/copies/new`, {
      orgId: schoolA.id,
      collection: 'TN',
      location: 'KHO',
      numbering: 'count',
      count: '40',
      batchMode: 'new',
      batchDate: '2025-09-05',
      batchSource: 'donation',
      batchSupplier: 'Hội cha mẹ học sinh lớp 6A1',
      price: '45000',
    });
    expect(added.status).to.equal(303);
    const holdings = await page(await client.get(added.headers.get('location')!));
    expect(holdings).to.include('Đã thêm 40 bản: TN-00001 – TN-00040.');
    expect(holdings).to.include('TN-00040').and.include('Kho sách');

    const visitor = await page(await (await as(server.url, null)).get(`/resources/${titleId}`));
    expect(visitor).to.include('Có tại thư viện').and.include(`${schoolA.name}</strong>: 40 bản, 40 bản có sẵn`);
    expect(visitor).to.include('895.9223 HOA').and.include('in sai trên sách');
    expect(visitor, 'no librarian links for a visitor').not.to.include('/library/titles/');
    const english = await page(await (await as(server.url, null)).get(`/resources/${titleId}?lang=en`));
    expect(english).to.include('Held by libraries').and.include('40 copies, 40 available');

    // A librarian of another school sees the counts, not school A's copies, and may add her own.
    const other = await as(server.url, await person([{ org: schoolB, role: 'librarian' }]));
    const theirView = await page(await other.get(`/library/titles/${titleId}/holdings`));
    expect(theirView).to.include(schoolA.name).and.not.to.include('TN-00040');
    expect(links(theirView)).to.include(`/library/titles/${titleId}/copies/new`);
  });

  it('refuses a range that takes a used number, naming the copy, and keeps the form as typed', async () => {
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const title = await printedTitle(librarian.actor, schoolA, { metadata: { title: `Toán 6 ${unique('w')}` } });
    await testContext().services.copies.add(librarian.actor, title.id, {
      orgId: schoolA.id,
      collection: 'SGK',
      location: 'KHO',
      numbering: { count: 3 },
      batch: { date: '2025-08-20', source: 'state_budget', supplier: null, documentNumber: null, note: null },
      price: null,
      volume: null,
      note: null,
    });
    const client = await as(server.url, librarian);
    const res = await submit(client, `/library/titles/${title.id}/copies/new`, {
      orgId: schoolA.id,
      collection: 'SGK',
      location: 'KHO',
      numbering: 'range',
      from: '3',
      to: '5',
      batchMode: 'new',
      batchDate: '2025-09-05',
      batchSource: 'purchase',
    });
    const html = await page(res, 409);
    expect(html).to.include(`Số ĐKCB SGK-00003 đã được dùng cho một bản sách “${title.metadata.title}”.`);
    expect(html).to.match(/id="numbering-range" name="numbering" value="range" checked/);
    expect(testContext().services.holdings.summary(title.id)[0]!.total).to.equal(3);
  });

  it('finds a copy by its barcode, marks it lost, writes it off into a record, and shows the register', async () => {
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const title = await printedTitle(librarian.actor, schoolA);
    const { copies } = await testContext().services.copies.add(librarian.actor, title.id, {
      orgId: schoolA.id,
      collection: 'TK',
      location: 'PD',
      numbering: { count: 2 },
      batch: {
        date: '2025-08-20',
        source: 'purchase',
        supplier: 'Nhà sách Fahasa',
        documentNumber: 'HĐ 0012',
        note: null,
      },
      price: 60000,
      volume: null,
      note: null,
    });
    const client = await as(server.url, librarian);
    const found = await client.get(
      `/library/schools/${schoolA.id}/find?code=${encodeURIComponent(copies[1]!.barcode.toLowerCase())}`,
    );
    expect(found.status).to.equal(303);
    expect(found.headers.get('location')).to.equal(`/library/copies/${copies[1]!.id}`);
    const missing = await page(await client.get(`/library/schools/${schoolA.id}/find?code=KHONG-CO`), 404);
    expect(missing).to.include('Không có bản sách nào mang mã “KHONG-CO”');

    const url = `/library/copies/${copies[1]!.id}`;
    expect(await page(await client.get(url))).to.include('Chuyển sang “Mất”');
    expect(
      (await submit(client, `${url}/status`, { status: 'lost', note: 'Không thấy khi kiểm kê', version: '1' })).status,
    ).to.equal(303);
    const stale = await page(await submit(client, `${url}/status`, { status: 'damaged', version: '1' }), 409);
    expect(stale).to.include('Dữ liệu đã bị người khác thay đổi');
    const withdrawn = await submit(client, `${url}/withdraw`, {
      version: '2',
      recordMode: 'new',
      recordDate: '2025-12-20',
      recordReason: 'lost',
      recordDocumentNumber: 'QĐ 15/QĐ-THCS',
    });
    expect(withdrawn.status).to.equal(303);
    const copyPage = await page(await client.get(url));
    expect(copyPage).to.include('Đã thanh lý').and.include('Không thấy khi kiểm kê').and.include('Biên bản thanh lý');
    expect(copyPage, 'a withdrawn copy offers no change').not.to.include(`action="${url}/edit"`);
    const relabel = await page(
      await submit(client, `${url}/edit`, { version: '3', barcode: 'MOI-1', location: 'PD' }),
      409,
    );
    expect(relabel).to.include('Bản sách đã thanh lý');

    const records = await page(await client.get(`/library/schools/${schoolA.id}/withdrawals`));
    expect(records).to.include('QĐ 15/QĐ-THCS').and.include('60.000 đ');
    const batches = await page(await client.get(`/library/schools/${schoolA.id}/batches`));
    expect(batches).to.include('Nhà sách Fahasa').and.include('120.000 đ');
  });

  it('keeps a school library’s settings: a new collection numbered from a paper register, a class library', async () => {
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const client = await as(server.url, librarian);
    const url = `/library/schools/${schoolA.id}/settings`;
    const form = await page(await client.get(url));
    expect(form).to.include('SGK-00001').and.include('Thư viện lớp');
    const fields: Record<string, string> = { version: '0', classificationScheme: 'ddc' };
    for (const m of form.matchAll(/name="((?:collections|locations|authorMark)\.[\w.]+)" value="([^"]*)"/g))
      fields[m[1]!] = m[2]!;
    for (const m of form.matchAll(/name="((?:collections|locations)\.\d+\.active)" checked/g)) fields[m[1]!] = 'on';
    for (const m of form.matchAll(/name="(locations\.\d+\.kind)"[^>]*>.*?<option value="(\w+)" selected/gs))
      fields[m[1]!] = m[2]!;
    Object.assign(fields, {
      'authorMark.letters': '3',
      'authorMark.case': 'upper',
      'authorMark.diacritics': 'remove',
      'authorMark.vietnameseNames': 'given',
      'locations.2.code': 'LOP-6A1',
      'locations.2.name': 'Thư viện lớp 6A1',
      'locations.2.kind': 'class_library',
      'locations.2.active': 'on',
      'collections.4.code': 'TT',
      'collections.4.name': 'Truyện tranh',
      'collections.4.prefix': 'TT.',
      'collections.4.width': '4',
      'collections.4.active': 'on',
    });
    const saved = await submit(client, url, fields);
    expect(saved.status, await saved.clone().text()).to.equal(303);
    const moved = await submit(client, `${url}/next-number`, { code: 'TT', nextNumber: '501' });
    expect(moved.status).to.equal(303);
    const after = await page(await client.get(url));
    expect(after).to.include('Thư viện lớp 6A1').and.include('TT.0501');
    const back = await page(await submit(client, `${url}/next-number`, { code: 'TT', nextNumber: '12' }), 400);
    expect(back).to.include('Số tiếp theo chỉ được tăng (hiện là 501)');
    const teacher = await as(server.url, await person([{ org: schoolA, role: 'teacher' }]));
    expect((await teacher.get(url)).status).to.equal(403);
  });
});
