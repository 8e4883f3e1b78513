/**
 * Uploading files through the API and the page form: the happy path, duplicates, removal, and
 * every kind of bad input, each answered with a clear 4xx in the person's language and leaving no
 * stored chunk or half-written record behind.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { person, province, resource } from '../../support/fixtures.js';
import { demoPdf, demoPng, demoWav, zipOf } from '../../../src/seed/files.js';
import { Session, storedCounts, type Upload } from './support.js';
import { PendingUploadModel } from '../../../src/models/file.js';
import { Readable } from 'node:stream';

interface ApiResource {
  version: number;
  files: {
    id: string;
    name: string;
    kind: string;
    mediaType: string;
    size: number;
    duplicateOf: string | null;
    url: string;
  }[];
}
interface ApiError {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}

describe('files: upload', function () {
  this.timeout(60_000);
  let server: TestServer;
  let teacher: Session;
  let teacherEn: Session;
  let schoolA: Awaited<ReturnType<typeof province>>['schoolA'];
  let owner: Awaited<ReturnType<typeof person>>;
  let pdf: Buffer;

  before(async () => {
    server = await startTestServer();
    ({ schoolA } = await province());
    owner = await person([{ org: schoolA, role: 'teacher' }], 'Cô Lan');
    teacher = await new Session(server.url).signIn(owner);
    teacherEn = await new Session(server.url).signIn(owner);
    pdf = await demoPdf('Sông Đà – bài đọc', ['Dòng sông chảy qua Tây Bắc.']);
  });
  after(() => server?.close());

  const draft = () => resource(owner.actor, schoolA, { status: 'draft' });

  async function refused(
    r: { id: string; version: number },
    file: Upload,
    status: number,
    code: string,
    text: RegExp,
    session = teacher,
    options: { version?: number; lang?: string } = { version: r.version },
  ) {
    const before = await storedCounts();
    const res = await session.upload(
      `/api/v1/resources/${r.id}/files${options.lang ? `?lang=${options.lang}` : ''}`,
      file,
      { version: options.version },
    );
    const body = (await res.json()) as ApiError;
    expect(res.status, body.error?.message).to.equal(status);
    expect(body.error.code).to.equal(code);
    expect(JSON.stringify(body.error), 'the message (or a field message) says what is wrong').to.match(text);
    expect(await storedCounts(), 'no stored chunk or file is left behind').to.deep.equal(before);
    const after = (await testContext().services.resources.find(r.id))!;
    expect(after.files, 'the resource is unchanged').to.deep.equal([]);
    expect(after.version).to.equal(r.version);
  }

  it('stores a PDF, detects its type from the content, answers 201 with the resource, and serves the same bytes back', async () => {
    const r = await draft();
    const res = await teacher.upload(
      `/api/v1/resources/${r.id}/files`,
      { name: 'Bài đọc sông Đà.pdf', bytes: pdf, type: 'text/plain' },
      { version: r.version },
    );
    expect(res.status).to.equal(201);
    expect(res.headers.get('etag')).to.equal(`"${r.version + 1}"`);
    const body = (await res.json()) as ApiResource;
    expect(body.version).to.equal(r.version + 1);
    expect(body.files).to.have.length(1);
    expect(body.files[0]).to.include({
      name: 'Bài đọc sông Đà.pdf',
      kind: 'pdf',
      mediaType: 'application/pdf',
      size: pdf.length,
      duplicateOf: null,
    });
    const back = await teacher.fetch(body.files[0]!.url);
    expect(back.status).to.equal(200);
    expect(Buffer.from(await back.arrayBuffer()).equals(pdf)).to.equal(true);
  });

  it('accepts the page form (version field, CSRF token in the query) and returns to the item page', async () => {
    const r = await draft();
    const res = await teacher.upload(
      `/resources/${r.id}/files?_csrf=${encodeURIComponent(teacher.csrf)}`,
      { name: 'tranh.png', bytes: demoPng() },
      { version: r.version, csrfInQuery: true },
    );
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal(`/resources/${r.id}`);
    const after = (await testContext().services.resources.find(r.id))!;
    expect(after.files.map((f) => [f.name, f.kind, f.mediaType])).to.deep.equal([['tranh.png', 'image', 'image/png']]);
  });

  it('flags the same bytes uploaded again in the same organisation, and not in another one', async () => {
    const first = await draft();
    const second = await draft();
    const wav = demoWav(0.3, 523);
    await teacher.upload(
      `/api/v1/resources/${first.id}/files`,
      { name: 'a.wav', bytes: wav },
      { version: first.version },
    );
    const res = await teacher.upload(
      `/api/v1/resources/${second.id}/files`,
      { name: 'b.wav', bytes: wav },
      { version: second.version },
    );
    expect(res.status).to.equal(201);
    expect(((await res.json()) as ApiResource).files[0]!.duplicateOf).to.equal(first.id);

    const { schoolB } = await province();
    const other = await person([{ org: schoolB, role: 'teacher' }]);
    const elsewhere = await resource(other.actor, schoolB, { status: 'draft' });
    const otherSession = await new Session(server.url).signIn(other);
    const res2 = await otherSession.upload(
      `/api/v1/resources/${elsewhere.id}/files`,
      { name: 'c.wav', bytes: wav },
      { version: elsewhere.version },
    );
    expect(((await res2.json()) as ApiResource).files[0]!.duplicateOf).to.equal(null);
  });

  it('removes a file (API and page form) and deletes its stored bytes', async () => {
    const r = await draft();
    const before = await storedCounts();
    const up = (await (
      await teacher.upload(`/api/v1/resources/${r.id}/files`, { name: 'x.pdf', bytes: pdf }, { version: r.version })
    ).json()) as ApiResource;
    const res = await teacher.fetch(`/api/v1/resources/${r.id}/files/${up.files[0]!.id}`, {
      method: 'DELETE',
      headers: { 'if-match': `"${up.version}"`, 'x-csrf-token': teacher.csrf },
    });
    expect(res.status).to.equal(200);
    const body = (await res.json()) as ApiResource;
    expect(body.files).to.deep.equal([]);
    expect(await storedCounts()).to.deep.equal(before);
    expect((await teacher.fetch(up.files[0]!.url)).status).to.equal(404);

    const again = (await (
      await teacher.upload(
        `/api/v1/resources/${r.id}/files`,
        { name: 'y.png', bytes: demoPng(20, 20) },
        { version: body.version },
      )
    ).json()) as ApiResource;
    const viewer = await (await teacher.fetch(`/resources/${r.id}/view/${again.files[0]!.id}`)).text();
    expect(viewer, 'the full-page viewer offers the removal form to an editor').to.contain(
      `action="/resources/${r.id}/files/${again.files[0]!.id}/delete"`,
    );
    const form = await teacher.fetch(`/resources/${r.id}/files/${again.files[0]!.id}/delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: teacher.csrf, version: String(again.version) }).toString(),
    });
    expect(form.status).to.equal(303);
    expect(await storedCounts()).to.deep.equal(before);
  });

  it('sweeps stored bytes that an interrupted upload never attached to its resource', async () => {
    const r = await draft();
    const before = await storedCounts();
    const { files } = testContext().services;
    const stored = await files.storage.put(Readable.from([pdf]), {
      filename: 'mo-coi.pdf',
      contentType: 'application/pdf',
    });
    await PendingUploadModel.create({ _id: stored.id, resourceId: r.id, startedAt: new Date(Date.now() - 60_000) });
    expect(await files.sweepAbandoned(new Date(Date.now() - 120_000)), 'not yet old enough').to.equal(0);
    expect(await files.sweepAbandoned(new Date())).to.be.at.least(1);
    expect(await storedCounts()).to.deep.equal(before);
    expect(await PendingUploadModel.findById(stored.id)).to.equal(null);
  });

  it('refuses an empty file', async () => {
    await refused(await draft(), { name: 'rong.pdf', bytes: Buffer.alloc(0) }, 400, 'validation', /rỗng/);
  });

  it('refuses a "PDF" that is not one (type mismatch) and a truncated PDF (corrupt)', async () => {
    await refused(
      await draft(),
      { name: 'gia.pdf', bytes: 'Đây không phải là PDF, chỉ là chữ.', type: 'application/pdf' },
      415,
      'unsupported_media_type',
      /phần mở rộng “\.pdf”/,
    );
    await refused(
      await draft(),
      { name: 'hong.pdf', bytes: pdf.subarray(0, pdf.length - 200) },
      400,
      'validation',
      /hỏng/,
    );
  });

  it('refuses a type that is not allowed, in the language asked for', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(400, 0x90)]);
    await refused(
      await draft(),
      { name: 'setup.exe', bytes: exe },
      415,
      'unsupported_media_type',
      /could not be recognised|not accepted/,
      teacherEn,
      { version: 1, lang: 'en' },
    );
  });

  it('refuses a file over the size limit while it streams', async () => {
    const small = await startTestServer({ uploadMaxBytes: 64 * 1024 });
    try {
      const r = await draft();
      const session = await new Session(small.url).signIn(owner);
      const before = await storedCounts();
      const res = await session.upload(
        `/api/v1/resources/${r.id}/files`,
        { name: 'lon.wav', bytes: demoWav(5) },
        { version: r.version },
      );
      expect(res.status).to.equal(413);
      expect(((await res.json()) as ApiError).error.message).to.match(/quá lớn/);
      expect(await storedCounts()).to.deep.equal(before);
    } finally {
      await small.close();
    }
  });

  it('refuses a simulation package without index.html, leaving nothing unpacked', async () => {
    const zip = await zipOf({ 'start.html': '<p>hi</p>', 'app.js': 'console.log(1)' });
    await refused(await draft(), { name: 'mo-phong.zip', bytes: zip }, 400, 'validation', /index\.html/);
  });

  it('refuses a missing version (400) and a stale one (409) before storing anything', async () => {
    const r = await draft();
    await refused(r, { name: 'a.pdf', bytes: pdf }, 400, 'validation', /phiên bản/, teacher, {});
    await refused(r, { name: 'a.pdf', bytes: pdf }, 409, 'conflict', /người khác thay đổi/, teacher, {
      version: r.version + 5,
    });
  });

  it('refuses a request without a file part, and someone who may not edit the resource', async () => {
    const r = await draft();
    const res = await teacher.fetch(`/api/v1/resources/${r.id}/files`, {
      method: 'POST',
      body: new URLSearchParams({ version: '1' }),
      headers: { 'x-csrf-token': teacher.csrf },
    });
    expect(res.status).to.equal(400);
    const student = await new Session(server.url).signIn(await person([{ org: schoolA, role: 'student' }]));
    const published = await resource(owner.actor, schoolA);
    const before = await storedCounts();
    const denied = await student.upload(
      `/api/v1/resources/${published.id}/files`,
      { name: 'a.pdf', bytes: pdf },
      { version: published.version },
    );
    expect(denied.status).to.equal(403);
    expect(await storedCounts()).to.deep.equal(before);
  });
});
