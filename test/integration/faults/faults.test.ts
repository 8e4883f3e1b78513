/**
 * Fault tests on the real server as its own process (test/support/faultHarness.ts): the database
 * frozen under load, and kill -9 in the middle of an upload and of a harvest page. After each,
 * the stores must agree with each other and nothing acknowledged may be missing.
 */
import http from 'node:http';
import { randomBytes, createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { AppUnderTest } from '../../support/faultHarness.js';
import { pollUntil } from '../../support/toolkit.js';
import { submit } from '../web/pages.js';

interface Outcome {
  at: number;
  status: number;
  ms: number;
  retryAfter: string | null;
}

/** Steady traffic from a few clients: reads of pages and the API, and writes whose acknowledgements are kept. */
function traffic(app: AppUnderTest, reads: string[], write: () => Promise<Response>) {
  const started = Date.now();
  const outcomes: Outcome[] = [];
  const acknowledged: string[] = [];
  let stopped = false;
  const timed = async (request: () => Promise<Response>, onOk?: (res: Response) => Promise<void>) => {
    const at = Date.now();
    let status = 0;
    let retryAfter: string | null = null;
    try {
      const res = await request();
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      if (onOk && res.ok) await onOk(res);
      else await res.arrayBuffer();
    } catch {
      status = 0; // no answer at all (the client gave up at 30 s)
    }
    outcomes.push({ at: at - started, status, ms: Date.now() - at, retryAfter });
  };
  const reader = async (offset: number) => {
    for (let i = offset; !stopped; i++) {
      await timed(() => fetch(app.url + reads[i % reads.length]!, { signal: AbortSignal.timeout(30_000) }));
      await sleep(50);
    }
  };
  const writer = async () => {
    while (!stopped) {
      await timed(write, async (res) => void acknowledged.push(((await res.json()) as { id: string }).id));
      await sleep(200);
    }
  };
  const running = [reader(0), reader(1), reader(2), writer()];
  return {
    outcomes,
    acknowledged,
    elapsed: () => Date.now() - started,
    stop: async () => {
      stopped = true;
      await Promise.all(running);
    },
  };
}

/** A multipart upload streamed slowly, so that the app can be killed half way through it. */
function slowUpload(app: AppUnderTest, path: string, headers: Record<string, string>, bytes: Buffer) {
  const boundary = `----tvs${randomBytes(8).toString('hex')}`;
  const req = http.request(app.url + path, {
    method: 'POST',
    headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  const done = new Promise<number>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
  });
  void (async () => {
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bai-giang.txt"\r\nContent-Type: text/plain\r\n\r\n`,
    );
    for (let i = 0; i < bytes.length && !req.destroyed; i += 64 * 1024) {
      req.write(bytes.subarray(i, i + 64 * 1024));
      await sleep(20);
    }
    req.end(`\r\n--${boundary}--\r\n`);
  })();
  return done;
}

describe('faults: a frozen database, kill -9 during an upload and during a harvest page', function () {
  this.timeout(600_000);
  let app: AppUnderTest;
  const others: AppUnderTest[] = [];

  before(async () => {
    app = await AppUnderTest.start({
      UPLOAD_SWEEP_AFTER_SECONDS: '3',
      OAI_PAGE_SIZE: '3',
      OAI_REPOSITORY_ID: 'nguon.example.edu.vn',
    });
  });
  after(async () => {
    for (const a of [app, ...others]) await a?.dispose();
  });

  it('answers 503 with Retry-After while the database is stopped for 10 s, loses no acknowledged write, and resumes by itself', async () => {
    const admin = await app.signIn();
    const { items } = (await (await fetch(`${app.url}/api/v1/resources?limit=3`)).json()) as {
      items: { id: string }[];
    };
    const orgs = (await (await admin.get('/api/v1/organisations')).json()) as { id: string }[];
    const reads = ['/api/v1/resources?q=toan', `/resources/${items[0]!.id}`, '/', `/api/v1/resources/${items[1]!.id}`];
    let n = 0;
    const load = traffic(app, reads, () =>
      admin.post('/api/v1/collections', { orgId: orgs[0]!.id, title: `Danh sách ${++n}`, scope: 'public' }),
    );
    await sleep(3000);
    const frozenAt = load.elapsed();
    await app.freezeDatabase(10_000);
    const thawedAt = load.elapsed();
    await sleep(10_000);
    await load.stop();

    const during = load.outcomes.filter((o) => o.at >= frozenAt + 1000 && o.at < thawedAt);
    expect(load.outcomes.filter((o) => o.status !== 200 && o.status !== 201 && o.status !== 503)).to.deep.equal([]);
    expect(during.filter((o) => o.status === 503).length, 'requests during the stop are refused').to.be.greaterThan(5);
    for (const o of load.outcomes.filter((x) => x.status === 503)) expect(o.retryAfter).to.match(/^\d+$/);
    expect(Math.max(...load.outcomes.map((o) => o.ms)), 'no request hangs').to.be.below(15_000);
    const recovered = load.outcomes.filter((o) => o.at >= thawedAt + 5000);
    expect(recovered.length).to.be.greaterThan(5);
    expect(
      recovered.every((o) => o.status === 200 || o.status === 201),
      'service resumes by itself',
    ).to.equal(true);
    for (const id of load.acknowledged) expect((await admin.get(`/api/v1/collections/${id}`)).status, id).to.equal(200);
    expect(load.acknowledged.length).to.be.greaterThan(5);
    expect(await app.violations()).to.deep.equal([]);
  });

  it('after kill -9 during an upload: nothing half stored once swept, finished uploads intact, stores consistent', async () => {
    let admin = await app.signIn();
    const { items } = (await (await fetch(`${app.url}/api/v1/resources?limit=1`)).json()) as {
      items: { id: string }[];
    };
    const id = items[0]!.id;
    const version = async () =>
      Number(((await (await admin.get(`/api/v1/resources/${id}`)).json()) as { version: number }).version);
    const whole = Buffer.from('Bài giảng: Truyện Kiều, đoạn trích Chị em Thúy Kiều.\n'.repeat(2000));
    const finished = await slowUpload(
      app,
      `/api/v1/resources/${id}/files?version=${await version()}`,
      admin.authHeaders(),
      whole,
    );
    expect(finished).to.equal(201);
    const db = await app.db();
    const chunksBefore = await db.collection('fs.chunks').countDocuments();

    const big = Buffer.alloc(12 * 1024 * 1024, 'Văn bản dài. ');
    const cut = slowUpload(app, `/api/v1/resources/${id}/files?version=${await version()}`, admin.authHeaders(), big);
    await app.killWhen(async (d) => {
      const pending = await d.collection('fs.pending').find({}).toArray();
      return pending.length > 0 && (await d.collection('fs.chunks').countDocuments()) > chunksBefore + 8;
    });
    expect(await cut, 'the upload was cut short, never acknowledged').to.equal(0);

    await sleep(3500); // older than UPLOAD_SWEEP_AFTER_SECONDS when the restarted app sweeps
    await app.restart();
    expect(await app.violations(), 'consistent at once: what is half stored is recorded for the sweep').to.deep.equal(
      [],
    );
    const after = await app.db();
    await pollUntil(async () => (await after.collection('fs.pending').countDocuments()) === 0, {
      message: 'the sweep of the half upload',
    }).catch(() => undefined); // the assertion below says what is left
    expect(await after.collection('fs.pending').countDocuments(), 'the sweep removed the half upload').to.equal(0);
    expect(await after.collection('pendinguploads').countDocuments()).to.equal(0);
    expect(await after.collection('fs.chunks').countDocuments()).to.equal(chunksBefore);
    expect(await app.violations()).to.deep.equal([]);

    admin = await app.signIn();
    const resource = (await (await admin.get(`/api/v1/resources/${id}`)).json()) as {
      files: { id: string; name: string }[];
    };
    const file = resource.files.find((f) => f.name === 'bai-giang.txt')!;
    const body = Buffer.from(await (await admin.get(`/resources/${id}/files/${file.id}?download=1`)).arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).to.equal(createHash('sha256').update(whole).digest('hex'));
    expect(
      resource.files.filter((f) => f.name === 'bai-giang.txt'),
      'the cut upload added nothing',
    ).to.have.length(1);
  });

  it('after kill -9 during a harvest page: the run resumes, every record of the source imported once', async () => {
    const provider = app;
    // A slow proxy in front of the provider, so that the kill lands between pages.
    const proxy = http.createServer((req, res) => {
      void sleep(400).then(() =>
        http
          .get(`${provider.url}${req.url}`, (upstream) => {
            res.writeHead(upstream.statusCode ?? 502, {
              'content-type': upstream.headers['content-type'] ?? 'text/xml',
            });
            upstream.pipe(res);
          })
          .on('error', () => res.destroy()),
      );
    });
    proxy.listen(0, '127.0.0.1');
    await new Promise((r) => proxy.once('listening', r));
    try {
      const sourceUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/oai`;
      const listed = await (await fetch(`${provider.url}/oai?verb=ListIdentifiers&metadataPrefix=oai_dc`)).text();
      const total = Number(/completeListSize="(\d+)"/.exec(listed)![1]);
      expect(total).to.be.greaterThan(9);

      const harvester = await AppUnderTest.start({ HARVEST_LEASE_SECONDS: '2' });
      others.push(harvester);
      const admin = await harvester.signIn();
      const db = await harvester.db();
      const department = (await db.collection('organisations').findOne({ parentId: null }))!;
      const created = await submit(admin, '/admin/harvest/sources', {
        name: 'Kho Sở',
        baseUrl: sourceUrl,
        metadataPrefix: 'oai_dc',
        set: '',
        intervalHours: '0',
        orgId: String(department._id),
      });
      expect(created.status).to.equal(303);
      const sourcePath = created.headers.get('location')!;
      expect((await submit(admin, `${sourcePath}/run`, {})).status).to.equal(303);
      await harvester.killWhen(async (d) => ((await d.collection('harvestruns').findOne({}))?.pages ?? 0) >= 2);

      await harvester.restart();
      const runs = (await harvester.db()).collection('harvestruns');
      const run = await pollUntil(
        async () => {
          const current = await runs.findOne({});
          return current?.status !== 'running' && current;
        },
        { timeoutMs: 60_000, message: 'the resumed run finished' },
      );
      expect(run, JSON.stringify(run)).to.deep.include({ status: 'succeeded', resumed: 1 });
      // The page the kill cut short is fetched again: what it had imported counts as updated or unchanged then.
      expect(run!.added).to.be.within(total - 3, total);
      expect(await runs.countDocuments({}), 'the same run, resumed').to.equal(1);
      const imported = await (
        await harvester.db()
      )
        .collection('resources')
        .countDocuments({ 'external.sourceId': sourcePath.split('/').pop() });
      expect(imported, 'every record of the source, once').to.equal(total);
      expect(await harvester.violations()).to.deep.equal([]);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});
