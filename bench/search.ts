/**
 * `npm run bench:search`: Vietnamese search with facets over 100,000 resources, through HTTP, on
 * one instance of the app on the embedded database.
 *
 * 1. Generates the catalogue once into bench/tmp/search-<count> (reused by later runs; --fresh
 *    regenerates): a department, 60 schools, `--count` resources.
 * 2. Starts the app as its own process and waits until it is ready (its catalogue index loaded).
 * 3. Sends a mix of typical 1–3 word queries, with and without diacritics, some with facet filters
 *    and other sort orders, to GET /api/v1/resources, as an anonymous visitor and as a signed-in
 *    teacher (whose visibility rule differs), `--concurrency` at a time.
 * 4. Writes latency percentiles and throughput to bench/results/search.{json,md}.
 */
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { createLogger } from '../src/log.js';
import { createServices } from '../src/services/index.js';
import { projectRoot } from '../config/index.js';
import { benchConfig, generatedOnce } from './support/generatedOnce.js';
import { createSchools, insertResources, random } from './support/generate.js';
import { startBenchServer, signInAs, percentiles, writeResults } from './support/http.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '4' },
    fresh: { type: 'boolean', default: false },
  },
});
const count = Number(args.count);
const dataDir = path.join(projectRoot, 'bench', 'tmp', `search-${count}`);
const log = createLogger('warn');
const TEACHER = { username: 'bench.teacher', password: 'bench-password-not-secret' };

const queries = [
  'toan',
  'toán 6',
  'tieng viet',
  'tiếng việt lớp 2',
  'vat li',
  'vật lí 10',
  'hoa hoc',
  'bai giang',
  'de kiem tra',
  'on tap',
  'phan so',
  'phương trình',
  'quang hop',
  'tế bào',
  'lich su dia phuong',
  'ngữ văn',
  'tho luc bat',
  'python',
  'greetings',
  'dan ca nam bo',
  'chuyen dong',
  'ham so',
  'xac suat',
  'thống kê',
  'kĩ năng sống',
  'huong nghiep',
  'di truyen',
  'nguyen tu',
  'bảng tuần hoàn',
  'khí hậu',
];
const filters = [
  '',
  '',
  '',
  '&level=thcs',
  '&subject=toan',
  '&type=video',
  '&level=thpt&type=bai-giang',
  '&grade=6',
  '&sort=newest',
  '&sort=title',
];

async function ensureCatalogue(): Promise<void> {
  await generatedOnce(dataDir, args.fresh ?? false, log, async () => {
    const { schoolIds } = await createSchools(60);
    const services = createServices(benchConfig(dataDir), log);
    await services.tree.reloadAll();
    // The signed-in teacher belongs to one school and owns none of the catalogue, as most teachers.
    await services.accounts.createLocalAccount({
      ...TEACHER,
      displayName: 'Giáo viên thử tải',
      email: null,
      memberships: [{ orgId: schoolIds[0]!.toHexString(), role: 'teacher' }],
    });
    await insertResources({
      count,
      schoolIds,
      ownerId: new Types.ObjectId(),
      onProgress: (done) => done % 20000 === 0 && process.stdout.write(`  generated ${done}\n`),
    });
    return { count };
  });
}

async function run(): Promise<void> {
  process.stdout.write(`Catalogue of ${count} resources in ${dataDir}\n`);
  await ensureCatalogue();
  const server = await startBenchServer(dataDir);
  try {
    const teacherCookie = await signInAs(server.url, TEACHER.username, TEACHER.password);
    const rnd = random(7);
    const requests = Number(args.requests);
    const concurrency = Number(args.concurrency);
    const results: Record<string, number[]> = { anonymous: [], teacher: [] };
    const totals: number[] = [];
    const plan = Array.from({ length: requests }, (_, i) => ({
      who: i % 2 === 0 ? 'anonymous' : 'teacher',
      url: `${server.url}/api/v1/resources?q=${encodeURIComponent(queries[Math.floor(rnd() * queries.length)]!)}${filters[Math.floor(rnd() * filters.length)]}&limit=20`,
    }));
    // Warm-up: the first queries build lazily kept structures (dictionary, title order).
    for (const p of plan.slice(0, 30)) await fetch(p.url).then((r) => r.arrayBuffer());

    let next = 0;
    const wallStart = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < plan.length) {
          const p = plan[next++]!;
          const t = performance.now();
          const res = await fetch(p.url, { headers: p.who === 'teacher' ? { cookie: teacherCookie } : {} });
          const body = (await res.json()) as { total?: number };
          if (res.status !== 200 || typeof body.total !== 'number') throw new Error(`${p.url} → ${res.status}`);
          const ms = performance.now() - t;
          results[p.who]!.push(ms);
          totals.push(body.total);
        }
      }),
    );
    const wallSeconds = (performance.now() - wallStart) / 1000;
    const all = [...results.anonymous!, ...results.teacher!];
    const summary = {
      date: new Date().toISOString(),
      resources: count,
      requests,
      concurrency,
      indexLoadMs: server.indexLoadMs,
      throughputPerSecond: Math.round(requests / wallSeconds),
      latencyMs: {
        all: percentiles(all),
        anonymous: percentiles(results.anonymous!),
        signedInTeacher: percentiles(results.teacher!),
      },
      medianHits: totals.sort((a, b) => a - b)[Math.floor(totals.length / 2)],
      targetP95Ms: 200,
      machine: `${os.cpus().length} cores, node ${process.version}`,
    };
    writeResults(concurrency === 4 ? 'search' : `search-concurrency-${concurrency}`, summary, [
      `# Search benchmark`,
      ``,
      `${summary.date}: ${count} resources, ${requests} requests to GET /api/v1/resources (typical 1–3 word queries, some with facet filters or other sort orders), ${concurrency} concurrent clients, one app instance on the embedded FerretDB, ${summary.machine}.`,
      ``,
      `| who | p50 ms | p95 ms | p99 ms | max ms |`,
      `| --- | --- | --- | --- | --- |`,
      ...Object.entries(summary.latencyMs).map(([who, p]) => `| ${who} | ${p.p50} | ${p.p95} | ${p.p99} | ${p.max} |`),
      ``,
      `Throughput: ${summary.throughputPerSecond} requests/s. Index load at start-up: ${summary.indexLoadMs} ms. Target: p95 < 200 ms.`,
    ]);
    process.stdout.write(`p95 ${summary.latencyMs.all.p95} ms (target 200), ${summary.throughputPerSecond} req/s\n`);
  } finally {
    await server.stop();
  }
}

await run();
