/**
 * Issue 12, cases 1 and 4: multipart bodies cut short, malformed, sent slowly or abandoned, sent to
 * the API and to the page form of a separate server process. Each gets an answer of its own (or,
 * abandoned, none), the process stays up and keeps answering, and storage holds whole files only:
 * what an interrupted upload wrote is removed when its request ends, not by the hourly sweep.
 */
import { expect } from 'chai';
import { signedIn, type Client } from '../../support/client.js';
import { settledStorage, startAppProcess, type AppProcess } from './appProcess.js';
import fc from 'fast-check';
import { multipart, rawRequest, type RawAnswer } from './rawHttp.js';
import { FUZZ_RUNS, FUZZ_SEED, multipartCase, multipartRequest } from './multipartFuzz.js';

interface Me {
  person: { roles: { orgId: string }[] };
}

describe('hardening: multipart bodies that are cut short, malformed, slow or abandoned', function () {
  this.timeout(240_000);
  let app: AppProcess;
  let teacher: Client;
  let orgId: string;

  before(async () => {
    app = await startAppProcess();
    teacher = await signedIn(app.url, app.accounts.get('giaovien.nhuttao')!);
    orgId = ((await (await teacher.get('/api/v1/me')).json()) as Me).person.roles[0]!.orgId;
  });
  after(() => app?.stop());

  /** A fresh draft of the teacher's, to upload to. */
  async function draft(): Promise<{ id: string; version: number }> {
    const res = await teacher.post('/api/v1/resources', {
      orgId,
      scope: 'school',
      metadata: { title: 'Bài thử tải lên', type: 'bai-giang', licence: 'cc-by-sa' },
    });
    expect(res.status, await res.clone().text()).to.equal(201);
    return (await res.json()) as { id: string; version: number };
  }

  const signedHeaders = (extra: Record<string, string> = {}) => ({
    Cookie: teacher.cookieHeader,
    'X-CSRF-Token': teacher.csrfToken!,
    ...extra,
  });

  async function stillServing(): Promise<void> {
    expect(app.alive(), `the process exited; stderr: ${app.server.stderr().slice(-2000)}`).to.equal(true);
    expect((await fetch(`${app.url}/healthz`)).status).to.equal(200);
    const me = await teacher.get('/api/v1/me');
    expect(me.status, 'a signed-in request is still answered').to.equal(200);
  }

  async function expectWholeFilesOnly(): Promise<void> {
    expect(await settledStorage(app.db), 'storage holds whole files only').to.deep.equal([]);
  }

  const errorOf = (answer: RawAnswer | null) => {
    expect(answer, 'an answer came back').to.not.equal(null);
    return JSON.parse(answer!.body) as { error: { code: string; message: string } };
  };

  it('case 1 as written: a body that stops before the closing boundary gets a 400, and the process stays up', async () => {
    const r = await draft();
    const body = '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello';
    for (const headers of [
      signedHeaders({ 'Content-Type': 'multipart/form-data; boundary=XX' }),
      signedHeaders({ 'Content-Type': 'multipart/form-data; boundary=XX', 'If-Match': `"${r.version}"` }),
    ]) {
      const answer = await rawRequest(app.url, {
        method: 'POST',
        path: `/api/v1/resources/${r.id}/files`,
        headers,
        body: [body],
      });
      await new Promise((resolve) => setTimeout(resolve, 200)); // an exit caused by the request shows by now
      expect(app.alive(), `the process exited; stderr: ${app.server.stderr().slice(-2000)}`).to.equal(true);
      expect(answer?.status, answer?.body).to.equal(400);
      expect(errorOf(answer).error).to.deep.include({ code: 'bad_request' });
      expect(errorOf(answer).error.message).to.match(/cắt ngang/);
    }
    await stillServing();
    await expectWholeFilesOnly();
  });

  const apiUpload = (r: { id: string; version: number }, boundary = 'XX') => ({
    method: 'POST',
    path: `/api/v1/resources/${r.id}/files`,
    headers: signedHeaders({
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'If-Match': `"${r.version}"`,
      Accept: 'application/json',
    }),
  });
  const pageUpload = (r: { id: string }, boundary = 'XX') => ({
    method: 'POST',
    path: `/resources/${r.id}/files?_csrf=${encodeURIComponent(teacher.csrfToken!)}`,
    headers: { Cookie: teacher.cookieHeader, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
  });
  const text = (bytes: number) => Buffer.alloc(bytes, 'Dòng sông quê em.\n');

  it('answers every truncation of a well-formed body with a 400 of its own, on the API and the page form', async () => {
    const r = await draft();
    const whole = multipart('XX', [
      { name: 'version', content: String(r.version) },
      { name: 'file', filename: 'bai-doc.txt', content: text(2000) },
    ]);
    // Cut inside the first part's headers, its value, the file's headers, the file, and the closing boundary.
    const cuts = [10, 60, 90, 140, 400, whole.length - 30];
    for (const cut of cuts) {
      for (const target of [apiUpload(r), pageUpload(r)]) {
        const answer = await rawRequest(app.url, { ...target, body: [whole.subarray(0, cut)] });
        expect(answer?.status, `${target.path} cut at ${cut}: ${answer?.body.slice(0, 300)}`).to.equal(400);
        expect(answer!.body, 'the page or JSON says the upload was cut short').to.match(/cắt ngang/);
      }
    }
    await stillServing();
    await expectWholeFilesOnly();
    const after = (await (await teacher.get(`/api/v1/resources/${r.id}`)).json()) as { files: unknown[] };
    expect(after.files, 'nothing was attached').to.deep.equal([]);
    // Cut inside the closing boundary, after the file part ended: the file arrived whole and is kept.
    const whole2 = multipart('XX', [{ name: 'file', filename: 'bai-doc.txt', content: text(2000) }]);
    const kept = await rawRequest(app.url, { ...apiUpload(r), body: [whole2.subarray(0, whole2.length - 4)] });
    expect(kept?.status, kept?.body).to.equal(201);
    expect((JSON.parse(kept!.body) as { files: { size: number }[] }).files[0]!.size).to.equal(2000);
  });

  it('refuses malformed bodies and headers with a 4xx', async () => {
    const r = await draft();
    const cases: { name: string; contentType: string; body: string | Buffer }[] = [
      { name: 'no boundary', contentType: 'multipart/form-data', body: 'hello' },
      { name: 'not multipart', contentType: 'text/plain', body: 'hello' },
      { name: 'garbage', contentType: 'multipart/form-data; boundary=XX', body: Buffer.from([0, 255, 13, 10, 45, 45]) },
      {
        name: 'part without headers end',
        contentType: 'multipart/form-data; boundary=XX',
        body: '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nX: ' + 'y'.repeat(20_000),
      },
      {
        name: 'header without a name',
        contentType: 'multipart/form-data; boundary=XX',
        body: '--XX\r\n: nothing\r\n\r\nhello\r\n--XX--\r\n',
      },
      {
        name: 'other boundary',
        contentType: 'multipart/form-data; boundary=YY',
        body: multipart('XX', [{ name: 'file', filename: 'a.txt', content: 'hello' }]),
      },
      {
        name: 'a part with no name, then the end',
        contentType: 'multipart/form-data; boundary=XX',
        body: '--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n',
      },
    ];
    for (const c of cases) {
      const answer = await rawRequest(app.url, {
        ...apiUpload(r),
        headers: { ...apiUpload(r).headers, 'Content-Type': c.contentType },
        body: [c.body],
      });
      expect(answer?.status, `${c.name}: ${answer?.body}`).to.be.within(400, 499);
      expect(errorOf(answer).error.message, c.name)
        .to.be.a('string')
        .and.not.match(/internal|ngoài dự kiến/i);
    }
    await stillServing();
    await expectWholeFilesOnly();
  });

  it('takes a slow but complete upload, and refuses a slow one that stops short', async () => {
    const r = await draft();
    const whole = multipart('XX', [{ name: 'file', filename: 'cham.txt', content: text(30_000) }]);
    const pieces = (body: Buffer) =>
      Array.from({ length: 10 }, (_, i) => [
        body.subarray(i * ((body.length / 10) | 0), i === 9 ? body.length : (i + 1) * ((body.length / 10) | 0)),
        150,
      ]).flat();
    const slow = await rawRequest(app.url, { ...apiUpload(r), body: pieces(whole) });
    expect(slow?.status, slow?.body).to.equal(201);
    const r2 = await draft();
    const short = whole.subarray(0, whole.length - 500);
    const stopped = await rawRequest(app.url, { ...apiUpload(r2), body: pieces(short) });
    expect(stopped?.status, stopped?.body).to.equal(400);
    await stillServing();
    await expectWholeFilesOnly();
  });

  /** Resolves once an upload is under way in storage: a pending write with its first chunk stored. */
  async function chunksBeingStored(): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const pending = await app.db.collection<{ _id: string }>('fs.pending').findOne({});
      if (pending && (await app.db.collection('fs.chunks').findOne({ _id: `${pending._id}:0` as never }))) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no upload began to store its chunks; last log: ${JSON.stringify(app.server.logs.at(-1))}`);
  }

  it('case 4: an upload abandoned half way has its stored chunks removed at once, not by the hourly sweep', async () => {
    for (const target of ['api', 'page'] as const) {
      const r = await draft();
      const body = multipart('XX', [
        { name: 'version', content: String(r.version) },
        { name: 'file', filename: 'lon.txt', content: text(3_000_000) },
      ]);
      // The whole body is announced; half of it is sent, and the client goes away while its chunks are being stored.
      await rawRequest(app.url, {
        ...(target === 'api' ? apiUpload(r) : pageUpload(r)),
        contentLength: body.length,
        body: [body.subarray(0, 1_500_000), chunksBeingStored],
        abort: true,
      });
      expect(await settledStorage(app.db, 5000), `${target}: what the abandoned upload stored`).to.deep.equal([]);
    }
    await stillServing();
  });

  it(`survives ${FUZZ_RUNS} random multipart bodies: boundaries, part headers, truncations, flipped bytes, pieces and aborts (seed ${FUZZ_SEED})`, async function () {
    this.timeout(Math.max(120_000, FUZZ_RUNS * 2000));
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(multipartCase, async (c) => {
        const r = await draft();
        const request = multipartRequest(c, r, signedHeaders(), teacher.csrfToken!);
        const answer = await rawRequest(app.url, request);
        if (!app.alive()) failures.push(`the process exited: ${JSON.stringify(c).slice(0, 500)}`);
        if (answer && answer.status >= 500) failures.push(`${answer.status}: ${answer.body.slice(0, 200)}`);
        return app.alive() && (!answer || answer.status < 500);
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    expect(failures).to.deep.equal([]);
    await stillServing();
    await expectWholeFilesOnly();
  });
});
