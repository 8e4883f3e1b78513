/**
 * `npm run soak [-- --minutes 10 --rate 12 --results DIR]`: mixed traffic at a steady rate against
 * one app process started exactly as `npm start` starts it (compiled, with the start script's node
 * flags; NODE_ENV=production, the embedded database, the demo catalogue seeded on a fresh data
 * directory under bench/tmp/soak), on loopback:
 * search, item pages, byte ranges of files, OAI-PMH harvest pages, LTI launches through the test
 * platform (test/support/ltiPlatform.ts), uploads, removals of the oldest uploads and edits.
 *
 * It counts answers by kind and status (5xx must be 0), checks afterwards that every acknowledged
 * upload and edit is readable as acknowledged and every acknowledged removal stays removed (lost
 * writes must be 0), and samples the resident memory of the app (and of its database) each
 * minute, with the app's own heap figures from /metrics: the last minute's app RSS must be within
 * 10% of the second minute's. `--heap-snapshots` writes two V8 heap snapshots to compare.
 * Results: bench/results/soak.{md,json} (or --results DIR); the exit
 * code is 1 when a check fails. CI runs it for one minute (.ci/run), where the memory check is
 * not meaningful and is skipped.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../config/index.js';
import { metadata } from '../test/support/fixtures.js';
import { TestLtiPlatform } from '../test/support/ltiPlatform.js';
import { percentiles, signInAs, startBenchServer, writeResults, type BenchServer } from './support/http.js';
import { launch, registerPlatform } from './support/lti.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '12' },
    results: { type: 'string', default: path.join(projectRoot, 'bench', 'results') },
    // Writes a V8 heap snapshot of the app (in the project root) at minute 2 and in the last minute, to compare.
    'heap-snapshots': { type: 'boolean', default: false },
  },
});
const minutes = Number(args.minutes);
const rate = Number(args.rate);
const MAX_IN_FLIGHT = 64;
const dataDir = path.join(projectRoot, 'bench', 'tmp', 'soak');

interface Context {
  url: string;
  cookie: string;
  csrf: string;
  items: string[];
  files: { resourceId: string; fileId: string; size: number }[];
  uploadTargets: string[];
  editTargets: string[];
  platform: TestLtiPlatform;
  oaiToken: string | null;
}

interface Acknowledged {
  /** Uploaded and still there, oldest first. */
  uploads: { resourceId: string; fileId: string; sha256: string }[];
  /** Uploaded, then removed: each must stay gone. */
  removed: { resourceId: string; fileId: string }[];
  edits: Map<string, { version: number; title: string }>;
}

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
const childrenOf = (pid: number) =>
  fs.existsSync(`/proc/${pid}/task/${pid}/children`)
    ? fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
    : [];

async function api(ctx: Context, method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(ctx.url + p, {
    method,
    headers: {
      cookie: ctx.cookie,
      'x-csrf-token': ctx.csrf,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The resource's version, or the status of a read that failed (then the write is not tried). */
async function versionOf(ctx: Context, id: string): Promise<{ version: number } | { status: number }> {
  const res = await api(ctx, 'GET', `/api/v1/resources/${id}`);
  if (!res.ok) {
    await res.arrayBuffer();
    return { status: res.status };
  }
  return { version: ((await res.json()) as { version: number }).version };
}

type Kind = 'search' | 'item' | 'range' | 'oai' | 'lti' | 'upload' | 'remove' | 'edit';
/** One of each per ten requests, roughly: reads dominate, as in service. */
const MIX: Kind[] = ['search', 'item', 'remove', 'range', 'oai', 'lti', 'item', 'search', 'upload', 'edit'];
/**
 * Files the soak keeps on its upload targets: past this, the oldest upload is removed (a teacher
 * replacing a worksheet), so the catalogue stays the same size and memory measures leaks, not a
 * catalogue that grows by 700 files.
 */
const KEPT_UPLOADS = 20;
const WORDS = ['toan', 'tieng viet', 'lich su', 'vat ly', 'hoa hoc', 'dia li', 'sinh hoc', 'tin hoc', 'am nhac'];

async function one(kind: Kind, ctx: Context, acked: Acknowledged): Promise<number> {
  switch (kind) {
    case 'search':
      return (await drain(fetch(`${ctx.url}/api/v1/resources?q=${encodeURIComponent(pick(WORDS))}&limit=20`))).status;
    case 'item':
      return (await drain(fetch(`${ctx.url}/resources/${pick(ctx.items)}`))).status;
    case 'range': {
      const f = pick(ctx.files);
      const start = Math.floor(Math.random() * Math.max(1, f.size - 65_536));
      const res = await drain(
        fetch(`${ctx.url}/resources/${f.resourceId}/files/${f.fileId}`, {
          headers: { range: `bytes=${start}-${start + 65_535}`, cookie: ctx.cookie },
        }),
      );
      return res.status;
    }
    case 'oai': {
      const q = ctx.oaiToken ? `resumptionToken=${encodeURIComponent(ctx.oaiToken)}` : 'metadataPrefix=oai_dc';
      const res = await fetch(`${ctx.url}/oai?verb=ListRecords&${q}`);
      const xml = await res.text();
      ctx.oaiToken = /<resumptionToken[^>]*>([^<]+)</.exec(xml)?.[1] ?? null;
      return res.status;
    }
    case 'lti':
      await launch(ctx.url, ctx.platform, `hs-${Math.floor(Math.random() * 200)}`, pick(ctx.items));
      return 200;
    case 'upload':
      return upload(ctx, acked);
    case 'remove':
      return acked.uploads.length > KEPT_UPLOADS ? remove(ctx, acked) : one('search', ctx, acked);
    case 'edit':
      return edit(ctx, acked);
  }
}

async function drain(response: Promise<Response>): Promise<Response> {
  const res = await response;
  await res.arrayBuffer();
  return res;
}

async function upload(ctx: Context, acked: Acknowledged): Promise<number> {
  const resourceId = pick(ctx.uploadTargets);
  const bytes = Buffer.from(
    `Bài tập ${randomBytes(8).toString('hex')}\n`.repeat(200 + Math.floor(Math.random() * 2000)),
  );
  const read = await versionOf(ctx, resourceId);
  if ('status' in read) return read.status;
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'text/plain' }), 'bai-tap.txt');
  const res = await fetch(`${ctx.url}/api/v1/resources/${resourceId}/files?version=${read.version}`, {
    method: 'POST',
    headers: { cookie: ctx.cookie, 'x-csrf-token': ctx.csrf },
    body: form,
  });
  if (res.status === 201) {
    const files = ((await res.json()) as { files: { id: string }[] }).files;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    acked.uploads.push({ resourceId, fileId: files.at(-1)!.id, sha256 });
  } else await res.arrayBuffer();
  return res.status;
}

/** Removes the oldest file the soak uploaded; once acknowledged, it must be gone for good. */
async function remove(ctx: Context, acked: Acknowledged): Promise<number> {
  const oldest = acked.uploads.shift()!;
  const read = await versionOf(ctx, oldest.resourceId);
  const res =
    'status' in read
      ? null
      : await api(
          ctx,
          'DELETE',
          `/api/v1/resources/${oldest.resourceId}/files/${oldest.fileId}?version=${read.version}`,
        );
  if (res?.ok) acked.removed.push(oldest);
  else acked.uploads.unshift(oldest); // not removed (a concurrent change of the resource): still there
  await res?.arrayBuffer();
  return res?.status ?? (read as { status: number }).status;
}

async function edit(ctx: Context, acked: Acknowledged): Promise<number> {
  const id = pick(ctx.editTargets);
  const title = `Bài soạn thử tải ${randomBytes(4).toString('hex')}`;
  const read = await versionOf(ctx, id);
  if ('status' in read) return read.status;
  const res = await api(ctx, 'PUT', `/api/v1/resources/${id}`, {
    version: read.version,
    scope: 'public',
    metadata: metadata({ title }),
  });
  if (res.ok) {
    const after = ((await res.json()) as { version: number }).version;
    const known = acked.edits.get(id);
    if (!known || known.version < after) acked.edits.set(id, { version: after, title });
  } else await res.arrayBuffer();
  return res.status;
}

/** Every acknowledged upload reads back byte for byte; every resource shows its last acknowledged edit. */
async function lostWrites(ctx: Context, acked: Acknowledged): Promise<string[]> {
  const lost: string[] = [];
  for (const u of acked.uploads) {
    const res = await fetch(`${ctx.url}/resources/${u.resourceId}/files/${u.fileId}?download=1`, {
      headers: { cookie: ctx.cookie },
    });
    const sha = createHash('sha256')
      .update(Buffer.from(await res.arrayBuffer()))
      .digest('hex');
    if (res.status !== 200 || sha !== u.sha256) lost.push(`upload ${u.resourceId}/${u.fileId}: ${res.status}`);
  }
  for (const r of acked.removed) {
    const res = await fetch(`${ctx.url}/resources/${r.resourceId}/files/${r.fileId}?download=1`, {
      headers: { cookie: ctx.cookie },
    });
    await res.arrayBuffer();
    if (res.status !== 404) lost.push(`removed file ${r.resourceId}/${r.fileId} came back: ${res.status}`);
  }
  for (const [id, e] of acked.edits) {
    const now = (await (await api(ctx, 'GET', `/api/v1/resources/${id}`)).json()) as {
      version: number;
      metadata: { title: string };
    };
    if (now.version !== e.version || now.metadata.title !== e.title) lost.push(`edit of ${id} (version ${e.version})`);
  }
  return lost;
}

async function prepare(server: BenchServer): Promise<Context> {
  const accounts = fs
    .readFileSync(path.join(dataDir, 'demo-accounts.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
  const [username, password] = accounts.find((a) => a[2] === 'system_admin')!;
  const cookie = await signInAs(server.url, username!, password!);
  const csrf = (
    (await (await fetch(`${server.url}/api/v1/me`, { headers: { cookie } })).json()) as { csrfToken: string }
  ).csrfToken;
  const listed = (await (await fetch(`${server.url}/api/v1/resources?limit=100`)).json()) as {
    items: { id: string }[];
  };
  const ids = listed.items.map((i) => i.id);
  const ctx: Context = {
    url: server.url,
    cookie,
    csrf,
    items: ids.slice(10),
    files: [],
    uploadTargets: ids.slice(0, 5),
    editTargets: ids.slice(5, 10),
    platform: await new TestLtiPlatform().start(server.url),
    oaiToken: null,
  };
  for (const id of ctx.items) {
    const r = (await (await api(ctx, 'GET', `/api/v1/resources/${id}`)).json()) as {
      files: { id: string; size: number }[];
    };
    for (const f of r.files) ctx.files.push({ resourceId: id, fileId: f.id, size: f.size });
  }
  const tree = (await (await fetch(`${server.url}/api/v1/organisations`)).json()) as { id: string }[];
  await registerPlatform(server.url, ctx.platform, tree[0]!.id, cookie);
  return ctx;
}

interface MinuteMemory {
  minute: number;
  appRssMb: number;
  /** The app's JavaScript heap in use and its memory outside the heap (buffers), from /metrics. */
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  databaseRssMb: number;
}

interface MemorySample {
  app: number;
  db: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

const metricsToken = randomBytes(16).toString('hex');

/** The app's own account of its memory (prom-client's default metrics), in bytes; zeros when it does not answer. */
async function heapOf(url: string): Promise<Omit<MemorySample, 'app' | 'db'>> {
  try {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    const text = await res.text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    return {
      heapUsed: value('thuvien_nodejs_heap_size_used_bytes'),
      external: value('thuvien_nodejs_external_memory_bytes'),
      heapTotal: value('thuvien_nodejs_heap_size_total_bytes'),
    };
  } catch {
    return { heapUsed: 0, heapTotal: 0, external: 0 };
  }
}

/** Why requests got no answer at all (the first few), for the report. */
const noAnswer: string[] = [];

/**
 * RSS of the app and of its database, and the app's heap, every 5 s; each minute reported as its
 * median, so one GC's moment does not decide.
 */
function sampleMemory(server: BenchServer): { stop(): MinuteMemory[] } {
  const minutesDone: MinuteMemory[] = [];
  let current: MemorySample[] = [];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const mb = (samples: MemorySample[], key: keyof MemorySample, unit: number) =>
    Math.round(median(samples.map((c) => c[key])) / unit);
  const close = () => {
    if (!current.length) return;
    minutesDone.push({
      minute: minutesDone.length + 1,
      appRssMb: mb(current, 'app', 1024),
      heapUsedMb: mb(current, 'heapUsed', 1024 * 1024),
      heapTotalMb: mb(current, 'heapTotal', 1024 * 1024),
      externalMb: mb(current, 'external', 1024 * 1024),
      databaseRssMb: mb(current, 'db', 1024),
    });
    if (args['heap-snapshots'] && (minutesDone.length === 2 || minutesDone.length === minutes)) {
      process.kill(server.pid, 'SIGUSR2');
    }
    current = [];
  };
  const timer = setInterval(async () => {
    const pid = server.pid;
    const sample = { app: rssKb(pid), db: childrenOf(pid).reduce((n, child) => n + rssKb(child), 0) };
    current.push({ ...sample, ...(await heapOf(server.url)) });
    if (current.length === 12) close();
  }, 5_000);
  return {
    stop: () => {
      clearInterval(timer);
      close();
      return minutesDone;
    },
  };
}

interface KindStats {
  count: number;
  byStatus: Record<string, number>;
  ms: number[];
}

async function run(): Promise<void> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const server = await startBenchServer(
    dataDir,
    {
      SEED_DEMO_DATA: 'true',
      METRICS_TOKEN: metricsToken,
      ...(args['heap-snapshots'] ? { NODE_OPTIONS: '--heapsnapshot-signal=SIGUSR2' } : {}),
    },
    'npm start',
  );
  let ctx: Context | undefined;
  try {
    ctx = await prepare(server);
    const acked: Acknowledged = { uploads: [], removed: [], edits: new Map() };
    const stats = new Map<Kind, KindStats>();
    let inFlight = 0;
    let skipped = 0;
    const started = Date.now();
    const end = started + minutes * 60_000;
    const running = new Set<Promise<void>>();
    const memory = sampleMemory(server);
    for (let n = 0; Date.now() < end; n++) {
      const due = started + (n * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      if (inFlight >= MAX_IN_FLIGHT) {
        skipped++;
        continue;
      }
      const kind = MIX[n % MIX.length]!;
      const t = performance.now();
      inFlight++;
      const p: Promise<void> = one(kind, ctx, acked)
        .catch((err: Error) => {
          const status = Number(/→ (\d{3})/.exec(err.message)?.[1] ?? 0);
          if (status === 0 && noAnswer.length < 10) noAnswer.push(`${kind}: ${err.message}`.slice(0, 300));
          return status;
        })
        .then((status) => {
          const k = stats.get(kind) ?? { count: 0, byStatus: {}, ms: [] };
          k.count++;
          k.byStatus[status] = (k.byStatus[status] ?? 0) + 1;
          k.ms.push(performance.now() - t);
          stats.set(kind, k);
        })
        .finally(() => {
          inFlight--;
          running.delete(p);
        });
      running.add(p);
    }
    await Promise.all(running);
    const minutesSampled = memory.stop();
    const lost = await lostWrites(ctx, acked);
    report(stats, minutesSampled, lost, acked, skipped);
  } finally {
    await ctx?.platform.stop();
    await server.stop();
  }
}

function report(
  stats: Map<Kind, KindStats>,
  memory: MinuteMemory[],
  lost: string[],
  acked: Acknowledged,
  skipped: number,
): void {
  const all = [...stats.values()];
  const serverErrors = all.reduce(
    (n, k) => n + Object.entries(k.byStatus).reduce((m, [s, c]) => m + (Number(s) >= 500 || s === '0' ? c : 0), 0),
    0,
  );
  const second = memory[1]?.appRssMb;
  const last = memory.at(-1)?.appRssMb;
  const memoryChecked = minutes >= 3 && second !== undefined && last !== undefined;
  const memoryFlat = !memoryChecked || Math.abs(last! - second!) <= second! * 0.1;
  const summary = {
    date: new Date().toISOString(),
    minutes,
    ratePerSecond: rate,
    requests: all.reduce((n, k) => n + k.count, 0),
    skippedAtConcurrencyCap: skipped,
    serverErrors,
    lostWrites: lost.length,
    lost,
    noAnswer,
    acknowledged: {
      uploads: acked.uploads.length + acked.removed.length,
      removed: acked.removed.length,
      edits: [...acked.edits.values()].length,
    },
    memory,
    memoryCheck: memoryChecked
      ? { secondMinuteMb: second, lastMinuteMb: last, withinTenPercent: memoryFlat }
      : 'skipped',
    kinds: Object.fromEntries(
      [...stats].map(([kind, k]) => [kind, { count: k.count, byStatus: k.byStatus, ms: percentiles(k.ms) }]),
    ),
    machine: `${os.cpus().length} cores, node ${process.version}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
  };
  const passed = serverErrors === 0 && lost.length === 0 && memoryFlat;
  writeResults(
    'soak',
    summary,
    [
      '# Soak',
      '',
      `${summary.date}: ${minutes} min of mixed traffic at ${rate} requests/s on loopback against one app process (NODE_ENV=production, embedded FerretDB, demo catalogue), ${summary.machine}; load average at the end ${summary.loadAverage.join(' / ')} (the machine may be shared).`,
      '',
      `**${passed ? 'Passed' : 'FAILED'}**: 5xx or no answer: ${serverErrors}; lost writes: ${lost.length} of ${summary.acknowledged.uploads} uploads (${summary.acknowledged.removed} of them then removed) and ${summary.acknowledged.edits} edited resources acknowledged; app RSS ${memoryChecked ? `minute 2 ${second} MB → last minute ${last} MB (${memoryFlat ? 'within' : 'beyond'} 10%)` : 'not checked (under 3 minutes)'}. Requests: ${summary.requests} (${skipped} skipped at ${MAX_IN_FLIGHT} in flight).`,
      '',
      '| kind | count | answers by status | p50 ms | p95 ms | p99 ms | max ms |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...[...stats].map(([kind, k]) => {
        const p = percentiles(k.ms);
        return `| ${kind} | ${k.count} | ${Object.entries(k.byStatus)
          .map(([s, c]) => `${s}: ${c}`)
          .join(', ')} | ${p.p50} | ${p.p95} | ${p.p99} | ${p.max} |`;
      }),
      '',
      '| minute | app RSS MB (median of 12 samples) | app JS heap used / total MB | app external MB | database RSS MB |',
      '| --- | --- | --- | --- | --- |',
      ...memory.map(
        (m) =>
          `| ${m.minute} | ${m.appRssMb} | ${m.heapUsedMb} / ${m.heapTotalMb} | ${m.externalMb} | ${m.databaseRssMb} |`,
      ),
      ...(lost.length ? ['', 'Lost writes:', ...lost.map((l) => `- ${l}`)] : []),
      ...(noAnswer.length ? ['', 'No answer (first few):', ...noAnswer.map((l) => `- ${l}`)] : []),
    ],
    args.results,
  );
  process.stdout.write(
    `soak ${passed ? 'passed' : 'FAILED'}: ${JSON.stringify({ serverErrors, lost: lost.length, memory: summary.memoryCheck })}\n`,
  );
  process.exitCode = passed ? 0 : 1;
}

await run();
