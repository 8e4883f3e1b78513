import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { ResourceModel } from '../../../src/models/resource.js';
import { person, province, resource } from '../../support/fixtures.js';
import { unique } from '../../support/toolkit.js';
import { as, links, page, submit } from './pages.js';
import { countUsageNow } from '../../support/usage.js';

describe('web pages: home, search and the item page', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(async () => server.close());

  /** A word no other resource has, starting with a letter so that it is searched as a word. */
  const newWord = () => unique('w');

  it('shows the home page in Vietnamese by default and in English on request, with newest resources the visitor may see', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const word = newWord();
    await resource(teacher.actor, schoolA, { metadata: { title: `Hình học công khai ${word}` }, scope: 'public' });
    await resource(teacher.actor, schoolA, { metadata: { title: `Hình học nội bộ ${word}` }, scope: 'school' });
    const anonymous = await as(server.url, null);

    const vi = await page(await anonymous.get('/'));
    expect(vi).to.match(/<html lang="vi">/);
    expect(vi).to.include('Thư viện số là gì?');
    expect(vi).to.include(`Hình học công khai ${word}`);
    expect(vi, 'a school-only resource is not shown to visitors').not.to.include(`Hình học nội bộ ${word}`);
    expect(links(vi)).to.include('/search?level=thcs');

    const en = await page(await anonymous.get('/?lang=en'));
    expect(en).to.match(/<html lang="en">/);
    expect(en).to.include('What is Thư viện số?');
  });

  it('finds resources by a query typed without diacritics, filters by facets and counts what remains', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const word = newWord();
    const math = await resource(teacher.actor, schoolA, {
      metadata: { title: `Phương trình bậc hai ${word}`, subject: 'toan', level: 'thcs', grades: [9] },
    });
    const physics = await resource(teacher.actor, schoolA, {
      metadata: { title: `Phương trình chuyển động ${word}`, subject: 'vat-li', level: 'thpt', grades: [10] },
    });
    const anonymous = await as(server.url, null);

    const all = await page(await anonymous.get(`/search?q=${encodeURIComponent(`phuong trinh ${word}`)}`));
    expect(all).to.include(`/resources/${math.id}`).and.to.include(`/resources/${physics.id}`);
    expect(all).to.include('Học liệu 1–2 trong 2 kết quả');
    expect(all, 'the subject facet offers both subjects with their counts').to.match(
      /name="subject" value="toan"[^>]*>\s*<label[^>]*>Toán <span class="count">\(1\)/,
    );

    const filtered = await page(
      await anonymous.get(`/search?q=${encodeURIComponent(`phuong trinh ${word}`)}&subject=toan`),
    );
    expect(filtered).to.include(`/resources/${math.id}`);
    expect(filtered).not.to.include(`/resources/${physics.id}`);
    expect(filtered).to.include('Học liệu 1–1 trong 1 kết quả');
    expect(filtered, 'the chosen value is checked').to.match(/name="subject" value="toan" checked/);
    expect(links(filtered), 'an active filter can be removed').to.include(`/search?q=phuong+trinh+${word}`);

    const none = await page(await anonymous.get(`/search?q=khongcogi${word}`));
    expect(none).to.include('Không tìm thấy học liệu phù hợp');
  });

  it('sorts titles in Vietnamese order and pages through the results with stable links', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const word = newWord();
    for (const title of ['Bài ca', 'Ăn quả nhớ kẻ trồng cây', 'Âm nhạc', 'An toàn giao thông', 'Đường đi'])
      await resource(teacher.actor, schoolA, { metadata: { title: `${title} ${word}` } });
    const anonymous = await as(server.url, null);
    const titles = (html: string) =>
      [...html.matchAll(/<h3 class="card-title"><a href="[^"]+">([^<]+) [a-z0-9]+<\/a>/g)].map((m) => m[1]);

    const first = await page(await anonymous.get(`/search?q=${word}&sort=title&limit=2`));
    expect(titles(first)).to.deep.equal(['An toàn giao thông', 'Ăn quả nhớ kẻ trồng cây']);
    expect(first).to.include('Học liệu 1–2 trong 5 kết quả');
    expect(links(first), 'the next page keeps the query and the order').to.include(
      `/search?q=${word}&sort=title&limit=2&page=2`,
    );
    expect(first).to.match(/<option value="title" selected>/);

    const third = await page(await anonymous.get(`/search?q=${word}&sort=title&limit=2&page=3`));
    expect(titles(third)).to.deep.equal(['Đường đi']);
    expect(third).to.include('<span aria-current="page" class="current">3</span>');
    expect(links(third)).to.include(`/search?q=${word}&sort=title&limit=2&page=2`);
  });

  it('answers invalid search parameters with a 400 page in the person’s language, not a crash', async () => {
    const anonymous = await as(server.url, null);
    const vi = await page(await anonymous.get('/search?sort=bogus&page=0'), 400);
    expect(vi).to.include('Dữ liệu chưa hợp lệ');
    expect(vi).to.include('sort').and.to.include('page');
    const en = await page(await anonymous.get('/search?page=abc&lang=en'), 400);
    expect(en).to.include('Some fields are not valid');
  });

  it('shows an item with its details, sharing in words and Moodle help, records the view, and hides a school-only item from another school (404)', async () => {
    const { schoolA, schoolB } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const studentA = await person([{ org: schoolA, role: 'student' }]);
    const studentB = await person([{ org: schoolB, role: 'student' }]);
    const r = await resource(teacher.actor, schoolA, {
      metadata: { title: `Sinh học tế bào ${unique()}` },
      scope: 'school',
    });
    await countUsageNow();
    const before = await testContext().services.usage.statsOf(r.id);

    const seen = await page(await (await as(server.url, studentA)).get(`/resources/${r.id}`));
    expect(seen).to.include(r.metadata.title);
    expect(seen).to.include('Chỉ giáo viên, học sinh và cán bộ của trường');
    expect(seen).to.include('Dùng trong Moodle');
    expect(seen).to.include('CC BY-SA 4.0');
    expect(seen, 'the date is shown with its label').to.match(/Năm \/ ngày phát hành<\/dt><dd>2025<\/dd>/);
    expect(seen, 'a student has no actions').not.to.include('action="/resources/' + r.id + '/approve"');
    await countUsageNow();
    expect((await testContext().services.usage.statsOf(r.id)).views).to.equal(before.views + 1);

    await page(await (await as(server.url, studentB)).get(`/resources/${r.id}`), 404);
    await page(await (await as(server.url, null)).get(`/resources/${r.id}`), 404);
    await page(await (await as(server.url, null)).get('/resources/not-an-id'), 404);
  });

  it('escapes markup in metadata on every page where it shows', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const word = newWord();
    const evil = `<script>alert("x")</script> Bài ${word}`;
    const published = await resource(teacher.actor, schoolA, {
      metadata: { title: evil, description: `<img src=x onerror=alert(1)> ${word}` },
    });
    const submitted = await resource(teacher.actor, schoolA, { metadata: { title: evil }, status: 'submitted' });
    const t = await as(server.url, teacher);
    const l = await as(server.url, librarian);
    const pages = [
      await page(await t.get('/')),
      await page(await t.get(`/search?q=${word}`)),
      await page(await t.get(`/resources/${published.id}`)),
      await page(await t.get(`/resources/${submitted.id}/edit`)),
      await page(await t.get('/my/resources')),
      await page(await l.get('/review')),
    ];
    for (const html of pages) {
      expect(html).not.to.include('<script>alert');
      expect(html).not.to.include('<img src=x');
    }
    expect(pages[2]).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(pages[5]).to.include('&lt;script&gt;');
  });
});

describe('web pages: creating and editing resources, and their life cycle', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(async () => server.close());

  const form = (overrides: Record<string, string | string[]> = {}) => ({
    title: 'Toán 7 – Số hữu tỉ',
    description: 'Bài giảng về số hữu tỉ.',
    type: 'bai-giang',
    language: 'vi',
    level: 'thcs',
    subject: 'toan',
    series: 'canh-dieu',
    grades: ['7'],
    audience: ['teacher', 'student'],
    creators: 'Nguyễn Văn A\nTrần Thị B',
    keywords: 'số hữu tỉ, phân số',
    licence: 'cc-by',
    scope: 'school',
    ...overrides,
  });

  it('sends visitors to the login page and refuses students the form', async () => {
    const { schoolA } = await province();
    const res = await (await as(server.url, null)).get('/resources/new');
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal('/login?next=%2Fresources%2Fnew');
    const student = await person([{ org: schoolA, role: 'student' }]);
    await page(await (await as(server.url, student)).get('/resources/new'), 403);
    expect((await (await as(server.url, null)).get('/my/resources')).status).to.equal(303);
  });

  it('creates a resource from the form and goes to its page', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const client = await as(server.url, teacher);
    const blank = await page(await client.get('/resources/new'));
    expect(blank).to.include(`<option value="${schoolA.id}" selected>`);
    expect(blank).to.include('Kết nối tri thức với cuộc sống');

    const res = await submit(client, '/resources/new', { ...form(), orgId: schoolA.id });
    expect(res.status, await res.clone().text()).to.equal(303);
    const url = res.headers.get('location')!;
    expect(url).to.match(/^\/resources\/[0-9a-f]{24}$/);
    const created = await testContext().services.resources.find(url.split('/').pop()!);
    expect(created!.metadata).to.include({
      title: 'Toán 7 – Số hữu tỉ',
      type: 'bai-giang',
      subject: 'toan',
      series: 'canh-dieu',
      licence: 'cc-by',
    });
    expect(created!.metadata.grades).to.deep.equal([7]);
    expect(created!.metadata.creators).to.deep.equal(['Nguyễn Văn A', 'Trần Thị B']);
    expect(created!.metadata.keywords).to.deep.equal(['số hữu tỉ', 'phân số']);
    expect(created!.status).to.equal('draft');

    const item = await page(await client.get(url));
    expect(item).to.include('action="' + url + '/submit"');
    expect(item).to.include('enctype="multipart/form-data"');
  });

  it('rejects values outside a vocabulary, naming the allowed values, and keeps what was typed', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const client = await as(server.url, teacher);
    const before = await ResourceModel.countDocuments();
    const html = await page(
      await submit(client, '/resources/new', {
        ...form({ title: 'Bài “giữ lại” của tôi', type: 'khong-co', date: 'hôm qua' }),
        orgId: schoolA.id,
      }),
      400,
    );
    expect(html).to.include('id="type-error"');
    expect(html, 'the allowed codes are named').to.include('bai-giang').and.to.include('de-kiem-tra');
    expect(html).to.include('id="date-error"');
    expect(html, 'the title is kept').to.include('value="Bài “giữ lại” của tôi"');
    expect(html, 'the description is kept').to.include('>Bài giảng về số hữu tỉ.</textarea>');
    expect(html, 'the chosen subject is kept').to.include(
      '<option value="toan" data-levels="tieu-hoc thcs thpt" selected>',
    );
    const grades = await page(
      await submit(client, '/resources/new', { ...form({ grades: ['7', '11'] }), orgId: schoolA.id }),
      400,
    );
    expect(grades, 'a grade outside the chosen level is refused next to the grades').to.match(
      /id="grades-error">[^<]*11/,
    );
    expect(grades, 'the ticked grades stay ticked').to.match(/value="11" checked/);
    expect(await ResourceModel.countDocuments(), 'nothing was created').to.equal(before);
  });

  it('edits, submits and has a librarian approve from the review queue; a stale form gets the 409 page', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const r = await resource(teacher.actor, schoolA, { status: 'draft' });
    const t = await as(server.url, teacher);

    const edited = await submit(t, `/resources/${r.id}/edit`, {
      ...form({ title: 'Tên mới' }),
      version: String(r.version),
    });
    expect(edited.status).to.equal(303);
    const stale = await page(
      await submit(t, `/resources/${r.id}/edit`, { ...form({ title: 'Tên cũ hơn' }), version: String(r.version) }),
      409,
    );
    expect(stale).to.include('Dữ liệu đã bị người khác thay đổi');
    expect((await testContext().services.resources.find(r.id))!.metadata.title).to.equal('Tên mới');

    expect((await submit(t, `/resources/${r.id}/submit`, { version: String(r.version + 1) })).status).to.equal(303);
    await page(await (await as(server.url, teacher)).get('/review'), 403);
    const l = await as(server.url, librarian);
    const queue = await page(await l.get('/review'));
    expect(queue).to.include('Tên mới').and.to.include(`action="/resources/${r.id}/approve"`);

    const sentBack = await submit(l, `/resources/${r.id}/reject`, {
      version: String(r.version + 2),
      note: 'Thiếu tác giả',
      next: '/review',
    });
    expect(sentBack.status).to.equal(303);
    expect(sentBack.headers.get('location')).to.equal('/review');
    const history = await page(await t.get(`/resources/${r.id}`));
    expect(history).to.include('Thiếu tác giả').and.to.include('Trả lại');

    await submit(t, `/resources/${r.id}/submit`, { version: String(r.version + 3) });
    expect((await submit(l, `/resources/${r.id}/approve`, { version: String(r.version + 4) })).status).to.equal(303);
    expect((await testContext().services.resources.find(r.id))!.status).to.equal('published');
    expect(await page(await t.get('/my/resources'))).to.include('Đã xuất bản');
  });
});
