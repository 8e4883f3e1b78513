/**
 * Downloading and viewing files: byte ranges (what video seeking and pdf.js rely on), conditional
 * requests, file names with Vietnamese letters, download counts, and who may download at all.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { person, province, resource, system } from '../../support/fixtures.js';
import { demoWav } from '../../../src/seed/files.js';
import { Session } from './support.js';
import { countUsageNow } from '../../support/usage.js';

describe('files: download and view', function () {
  this.timeout(60_000);
  let server: TestServer;
  let teacher: Session;
  let url: string;
  let bytes: Buffer;
  let resourceId: string;
  let setting: Awaited<ReturnType<typeof province>>;

  before(async () => {
    server = await startTestServer();
    setting = await province();
    const owner = await person([{ org: setting.schoolA, role: 'teacher' }]);
    teacher = await new Session(server.url).signIn(owner);
    const r = await resource(owner.actor, setting.schoolA, { status: 'draft', scope: 'school' });
    bytes = demoWav(10, 330); // 320 kB: more than one 255 kB chunk
    const res = await teacher.upload(
      `/api/v1/resources/${r.id}/files`,
      { name: 'Bài hát Quê hương đẹp lắm.wav', bytes },
      { version: r.version },
    );
    expect(res.status).to.equal(201);
    url = ((await res.json()) as { files: { url: string }[] }).files[0]!.url;
    resourceId = r.id;
    const { resources } = testContext().services;
    const current = (await resources.find(r.id))!;
    const submitted = await resources.transition(owner.actor, r.id, current.version, 'submit');
    await resources.transition(await system(), r.id, submitted.version, 'approve');
  });
  after(() => server?.close());

  const body = async (res: Response) => Buffer.from(await res.arrayBuffer());

  it('sends the whole file inline with its type, length, ETag, Last-Modified, Accept-Ranges and nosniff', async () => {
    const res = await teacher.fetch(url);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('audio/wav');
    expect(res.headers.get('content-length')).to.equal(String(bytes.length));
    expect(res.headers.get('accept-ranges')).to.equal('bytes');
    expect(res.headers.get('etag')).to.match(/^"[0-9a-f]{64}"$/);
    expect(res.headers.get('last-modified')).to.match(/GMT$/);
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('content-disposition')).to.match(/^inline; /);
    expect((await body(res)).equals(bytes)).to.equal(true);
  });

  it('answers a Range with 206 and exactly those bytes, across chunk boundaries, and suffix ranges', async () => {
    const start = 255 * 1024 - 10;
    const end = 255 * 1024 + 20;
    const res = await teacher.fetch(url, { headers: { range: `bytes=${start}-${end}` } });
    expect(res.status).to.equal(206);
    expect(res.headers.get('content-range')).to.equal(`bytes ${start}-${end}/${bytes.length}`);
    expect(res.headers.get('content-length')).to.equal(String(end - start + 1));
    expect((await body(res)).equals(bytes.subarray(start, end + 1))).to.equal(true);

    const suffix = await teacher.fetch(url, { headers: { range: 'bytes=-100' } });
    expect(suffix.status).to.equal(206);
    expect(suffix.headers.get('content-range')).to.equal(
      `bytes ${bytes.length - 100}-${bytes.length - 1}/${bytes.length}`,
    );
    expect((await body(suffix)).equals(bytes.subarray(bytes.length - 100))).to.equal(true);

    const open = await teacher.fetch(url, { headers: { range: `bytes=${bytes.length - 5}-` } });
    expect((await body(open)).equals(bytes.subarray(bytes.length - 5))).to.equal(true);
  });

  it('answers 416 with Content-Range */size for a range past the end', async () => {
    const res = await teacher.fetch(url, { headers: { range: `bytes=${bytes.length}-`, accept: 'application/json' } });
    expect(res.status).to.equal(416);
    expect(res.headers.get('content-range')).to.equal(`bytes */${bytes.length}`);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('range_not_satisfiable');
  });

  it('answers 304 to If-None-Match with the ETag, and ignores a Range whose If-Range names another version', async () => {
    const first = await teacher.fetch(url, { method: 'HEAD' });
    const etag = first.headers.get('etag')!;
    const cached = await teacher.fetch(url, { headers: { 'if-none-match': etag } });
    expect(cached.status).to.equal(304);
    const stale = await teacher.fetch(url, { headers: { range: 'bytes=0-9', 'if-range': '"0000"' } });
    expect(stale.status).to.equal(200);
    expect((await body(stale)).length).to.equal(bytes.length);
    const fresh = await teacher.fetch(url, { headers: { range: 'bytes=0-9', 'if-range': etag } });
    expect(fresh.status).to.equal(206);
  });

  it('sends ?download=1 as an attachment whose name keeps its Vietnamese letters (RFC 6266/5987) with an ASCII fallback', async () => {
    const res = await teacher.fetch(`${url}?download=1`);
    expect(res.headers.get('content-disposition')).to.equal(
      `attachment; filename="Bai hat Que huong dep lam.wav"; filename*=UTF-8''${encodeURIComponent('Bài hát Quê hương đẹp lắm.wav')}`,
    );
  });

  it('counts a download once for a whole file, not for every later range of it', async () => {
    const { usage } = testContext().services;
    await countUsageNow();
    const before = (await usage.statsOf(resourceId)).downloads;
    await body(await teacher.fetch(url));
    await body(await teacher.fetch(url, { headers: { range: 'bytes=1000-2000' } }));
    await body(await teacher.fetch(url, { headers: { range: 'bytes=3000-' } }));
    await countUsageNow();
    expect((await usage.statsOf(resourceId)).downloads).to.equal(before + 1);
  });

  it('lets a student of the school download a school-only file; a student of another school and anonymous visitors get 404', async () => {
    const own = await new Session(server.url).signIn(await person([{ org: setting.schoolA, role: 'student' }]));
    expect((await own.fetch(url)).status).to.equal(200);
    const other = await new Session(server.url).signIn(await person([{ org: setting.schoolB, role: 'student' }]));
    expect((await other.fetch(url)).status).to.equal(404);
    expect((await fetch(server.url + url)).status).to.equal(404);
    expect((await other.fetch(`/resources/${resourceId}/view/${url.split('/').pop()}`)).status).to.equal(404);
  });
});
