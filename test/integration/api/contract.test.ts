import { expect } from 'chai';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { Client, signedIn } from '../../support/client.js';
import { person, province, resource, system, metadata } from '../../support/fixtures.js';
import { OpenApiCheck } from './openApiCheck.js';

interface SearchBody {
  items: { id: string; title: string }[];
  total: number;
  facets: { name: string; values: { value: string; count: number }[] }[];
  next: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[]; currentVersion?: number };
}
interface ResourceBody {
  id: string;
  version: number;
  status: string;
  title: string;
  metadata: { title: string; description: string | null };
  permissions: Record<string, boolean>;
}

/** Express 4's routing table, as far as this test reads it. */
interface Layer {
  name: string;
  regexp: RegExp;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every `METHOD /path` the app serves, whichever router declares it and wherever it is mounted. */
function routesOf(router: Layer['handle'], prefix: string): string[] {
  return (router.stack ?? []).flatMap((layer) => {
    if (layer.route)
      return Object.keys(layer.route.methods).map(
        (m) => `${m.toUpperCase()} ${prefix}${layer.route!.path.replace(/:([A-Za-z]+)/g, '{$1}')}`,
      );
    if (layer.name !== 'router') return [];
    const mountedAtApi = layer.regexp.test('/api/v1') && !layer.regexp.test('/');
    return routesOf(layer.handle, mountedAtApi ? `${prefix}/api/v1` : prefix);
  });
}

describe('API /api/v1: contract of the catalogue endpoints', function () {
  let server: TestServer;
  let check: OpenApiCheck;
  let world: Awaited<ReturnType<typeof province>>;
  let teacher: Awaited<ReturnType<typeof person>>;
  let librarian: Awaited<ReturnType<typeof person>>;
  let studentB: Awaited<ReturnType<typeof person>>;
  const marker = `hoaqua${Date.now().toString(36)}`;

  before(async () => {
    server = await startTestServer();
    world = await province();
    teacher = await person([{ org: world.schoolA, role: 'teacher' }], 'Cô Lan');
    librarian = await person([{ org: world.schoolA, role: 'librarian' }], 'Thầy Minh');
    studentB = await person([{ org: world.schoolB, role: 'student' }], 'Em Bình');
    for (let i = 0; i < 7; i++)
      await resource(teacher.actor, world.schoolA, {
        metadata: {
          title: `Trái cây ${i} ${marker}`,
          subject: i % 2 ? 'toan' : 'khoa-hoc-tu-nhien',
          level: 'thcs',
          grades: [6],
        },
      });
    await resource(teacher.actor, world.schoolA, {
      scope: 'school',
      metadata: { title: `Chỉ trường A ${marker}`, subject: 'tin-hoc', level: 'thcs', grades: [7] },
    });
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    check = new OpenApiCheck(doc as ConstructorParameters<typeof OpenApiCheck>[0]);
  });
  after(() => server.close());

  it('publishes an OpenAPI 3.1 document that a validator accepts and that lists every mounted endpoint', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    const result = await new Validator().validate(doc);
    expect(result.valid, JSON.stringify(result.errors)).to.equal(true);
    expect(doc.openapi).to.equal('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    // Every documented operation answers (no 404 from the router) — the files ones included once mounted.
    const { apiEndpoints } = await import('../../../src/http/api/index.js');
    const declared = apiEndpoints(testContext().services, testContext().config).map(
      (e) => `${e.method.toUpperCase()} ${e.path.replace(/:([A-Za-z]+)/g, '{$1}')}`,
    );
    expect(documented.sort()).to.deep.equal([...declared].sort());
    const app = server.server.listeners('request')[0] as unknown as { _router: Layer['handle'] };
    const served = routesOf(app._router, '')
      .filter((r) => r.startsWith('/api/v1/') || r.includes(' /api/v1/'))
      .map((r) => r.replace(' /api/v1/', ' /'));
    for (const op of documented) expect(served, op).to.include(op);
    for (const op of served.filter((o) => o !== 'GET /openapi.json'))
      expect(documented, `${op} is served but not documented`).to.include(op);
  });

  it('searches without diacritics and answers { items, total, facets, next } as documented', async () => {
    const res = await fetch(`${server.url}/api/v1/resources?q=${encodeURIComponent('trai cay ' + marker)}&limit=3`);
    expect(res.status).to.equal(200);
    const body = (await res.json()) as SearchBody;
    check.answer('GET', '/resources', 200, body);
    expect(body.total).to.equal(7); // the school-only one stays hidden from an anonymous visitor
    expect(body.items).to.have.length(3);
    expect(body.items.every((i) => i.title.includes(marker))).to.equal(true);
    const subject = body.facets.find((f) => f.name === 'subject')!;
    expect(subject.values.map((v) => [v.value, v.count]).sort()).to.deep.equal([
      ['khoa-hoc-tu-nhien', 4],
      ['toan', 3],
    ]);
  });

  it('pages with an opaque cursor, complete and without duplicates, and refuses a forged cursor', async () => {
    const seen: string[] = [];
    let next: string | null = '';
    let pages = 0;
    while (next !== null) {
      const res = await fetch(
        `${server.url}/api/v1/resources?q=${marker}&limit=3&sort=title${next ? `&cursor=${encodeURIComponent(next)}` : ''}`,
      );
      const body = (await res.json()) as SearchBody;
      seen.push(...body.items.map((i) => i.id));
      next = body.next;
      pages++;
    }
    expect(pages).to.equal(3);
    expect(seen).to.have.length(7);
    expect(new Set(seen).size).to.equal(7);

    // A cursor is the last hit's place in the order (search_after); one made for another order is refused too.
    const forged = Buffer.from(JSON.stringify({ a: ['not a date', 'x'] })).toString('base64url');
    for (const cursor of ['xyz', forged]) {
      const bad = await fetch(`${server.url}/api/v1/resources?sort=newest&cursor=${cursor}`, {
        headers: { 'accept-language': 'en' },
      });
      expect(bad.status, cursor).to.equal(400);
      const err = (await bad.json()) as ErrorBody;
      expect(err.error.fields).to.deep.include({
        field: 'cursor',
        message: 'Invalid page cursor; use the next value of the previous page.',
      });
    }
  });

  it('filters by facets (repeated or comma-separated) and counts only what the caller may see', async () => {
    const res = await fetch(`${server.url}/api/v1/resources?q=${marker}&subject=toan,tin-hoc`);
    expect(((await res.json()) as SearchBody).total).to.equal(3);
    const author = await signedIn(server.url, teacher);
    const mine = (await (
      await author.get(`/api/v1/resources?q=${marker}&subject=toan&subject=tin-hoc`)
    ).json()) as SearchBody;
    expect(mine.total).to.equal(4); // a teacher of school A also sees the school-only resource
    const other = await signedIn(server.url, studentB);
    const theirs = (await (await other.get(`/api/v1/resources?q=${marker}&subject=tin-hoc`)).json()) as SearchBody;
    expect(theirs.total).to.equal(0);
    expect(theirs.facets.find((f) => f.name === 'subject')!.values.find((v) => v.value === 'tin-hoc')).to.equal(
      undefined,
    );
  });

  it('takes a resource from draft to published over HTTP, with ETag and If-Match', async () => {
    const author = await signedIn(server.url, teacher);
    const created = await author.post('/api/v1/resources', {
      orgId: world.schoolA.id,
      scope: 'public',
      metadata: { ...metadata({ title: 'Ngữ văn 6 – Bài thơ Lượm' }), date: '2024' },
    });
    expect(created.status).to.equal(201);
    const draft = (await created.json()) as ResourceBody;
    check.answer('POST', '/resources', 201, draft);
    expect(created.headers.get('location')).to.equal(`/api/v1/resources/${draft.id}`);
    expect(created.headers.get('etag')).to.equal('"1"');
    expect(draft.status).to.equal('draft');
    expect(draft.permissions.approve).to.equal(false);

    const submitted = await author.post(`/api/v1/resources/${draft.id}/submit`, {}, { 'if-match': '"1"' });
    expect(submitted.status).to.equal(200);
    expect(((await submitted.json()) as ResourceBody).status).to.equal('submitted');

    const selfApprove = await author.post(`/api/v1/resources/${draft.id}/approve`, { version: 2 });
    expect(selfApprove.status).to.equal(403);

    const reviewer = await signedIn(server.url, librarian);
    const approved = await reviewer.post(`/api/v1/resources/${draft.id}/approve`, { version: 2 });
    expect(approved.status).to.equal(200);
    const published = (await approved.json()) as ResourceBody;
    expect(published.status).to.equal('published');
    expect(approved.headers.get('etag')).to.equal('"3"');

    const read = await fetch(`${server.url}/api/v1/resources/${draft.id}`);
    expect(read.status).to.equal(200);
    check.answer('GET', '/resources/{id}', 200, await read.json());
  });

  it('answers a stale version with 409 and the current version, and writes nothing', async () => {
    const author = await signedIn(server.url, teacher);
    const r = await resource(teacher.actor, world.schoolA, {
      status: 'draft',
      metadata: { title: 'Bản nháp dùng thử' },
    });
    const first = await author.put(`/api/v1/resources/${r.id}`, {
      version: 1,
      scope: 'public',
      metadata: metadata({ title: 'Sửa lần một' }),
    });
    expect(first.status).to.equal(200);
    const stale = await author.put(
      `/api/v1/resources/${r.id}`,
      { scope: 'public', metadata: metadata({ title: 'Sửa đè' }) },
      { 'if-match': '"1"' },
    );
    expect(stale.status).to.equal(409);
    const err = (await stale.json()) as ErrorBody;
    check.answer('PUT', '/resources/{id}', 409, err);
    expect(err.error.currentVersion).to.equal(2);
    const now = await testContext().services.resources.find(r.id);
    expect(now!.metadata.title).to.equal('Sửa lần một');
    expect(now!.version).to.equal(2);

    const missing = await author.put(`/api/v1/resources/${r.id}`, { scope: 'public', metadata: metadata() });
    expect(missing.status).to.equal(400);
    expect(((await missing.json()) as ErrorBody).error.fields!.map((f) => f.field)).to.deep.equal(['version']);
  });

  it('explains invalid input field by field, in Vietnamese and in English, naming the allowed values', async () => {
    const author = await signedIn(server.url, teacher);
    const body = {
      orgId: world.schoolA.id,
      scope: 'everyone',
      metadata: { ...metadata(), title: '', type: 'sach-bay', grades: [13] },
    };
    const vi = await author.post('/api/v1/resources', body);
    expect(vi.status).to.equal(400);
    const viErr = (await vi.json()) as ErrorBody;
    check.answer('POST', '/resources', 400, viErr);
    const byField = Object.fromEntries(viErr.error.fields!.map((f) => [f.field, f.message]));
    expect(viErr.error.message).to.equal('Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.');
    expect(byField['metadata.title']).to.equal('Không được để trống.');
    expect(byField['metadata.type']).to.include('sgk-dien-tu').and.include('bai-giang');
    expect(byField.scope).to.include('school').and.include('subtree').and.include('public');
    expect(byField['metadata.grades.0']).to.include('Lớp từ 1 đến 12');

    const en = await author.post('/api/v1/resources?lang=en', body);
    const enErr = (await en.json()) as ErrorBody;
    expect(enErr.error.message).to.equal('Some fields are not valid; please check the marked fields.');
    expect(enErr.error.fields!.find((f) => f.field === 'metadata.title')!.message).to.equal('Must not be empty.');
    expect(
      (
        await testContext().services.search.search(await system(), {
          q: 'sach-bay',
          filters: {},
          sort: 'relevance',
          offset: 0,
          limit: 1,
          statuses: ['draft'],
        })
      ).total,
    ).to.equal(0);
  });

  it('returns markup in metadata as data, never interpreted', async () => {
    const author = await signedIn(server.url, teacher);
    const title = '<script>alert("x")</script> & <b>đậm</b>';
    const res = await author.post('/api/v1/resources', {
      orgId: world.schoolA.id,
      scope: 'public',
      metadata: { ...metadata(), title, description: '<img src=x onerror=alert(1)>' },
    });
    expect(res.status).to.equal(201);
    expect(res.headers.get('content-type')).to.match(/^application\/json/);
    const body = (await res.json()) as ResourceBody;
    expect(body.metadata.title).to.equal(title);
    expect(body.metadata.description).to.equal('<img src=x onerror=alert(1)>');
  });

  it('needs a signed-in person and a CSRF token for changes', async () => {
    const anonymous = new Client(server.url);
    const res = await anonymous.post(
      '/api/v1/resources',
      { orgId: world.schoolA.id, scope: 'public', metadata: metadata() },
      { 'x-csrf-token': 'x' },
    );
    expect(res.status).to.be.oneOf([401, 403]);
    const author = await signedIn(server.url, teacher);
    const noToken = await author.request('POST', '/api/v1/resources', {
      json: { orgId: world.schoolA.id, scope: 'public', metadata: metadata() },
      headers: { 'x-csrf-token': '' },
    });
    expect(noToken.status).to.equal(403);
    expect(((await noToken.json()) as ErrorBody).error.code).to.equal('forbidden');
  });

  it('describes the session and the vocabularies', async () => {
    const author = await signedIn(server.url, teacher);
    const me = await (await author.get('/api/v1/me')).json();
    check.answer('GET', '/me', 200, me);
    expect((me as { person: { displayName: string } }).person.displayName).to.equal('Cô Lan');
    const vocab = (await (await fetch(`${server.url}/api/v1/vocabularies`)).json()) as Record<
      string,
      { code: string; vi: string; en: string }[]
    >;
    check.answer('GET', '/vocabularies', 200, vocab);
    expect(vocab.subjects!.find((s) => s.code === 'toan')).to.include({ vi: 'Toán', en: 'Mathematics' });
  });
});
