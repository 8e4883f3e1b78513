/**
 * `npm run bench:search`: both search engines on the same catalogue, side by side, through HTTP.
 *
 * 1. Generates the catalogue once into bench/tmp/search-<count> (reused by later runs; --fresh
 *    regenerates): a department, 60 schools, `--count` resources, and a signed-in teacher.
 * 2. Memory engine: the heap one resource costs (loaded in this process, after a full GC), then the
 *    app as its own process: time until /healthz and until /readyz (index loaded).
 * 3. OpenSearch engine: a node from search-engine/ (its data kept under the catalogue's directory);
 *    the app's first start fills the index, a restart catches up from the stored feed position.
 * 4. For each engine: typical 1–3 word queries (with and without tones, some with filters or other
 *    sorts) at 1 and 4 concurrent clients, half anonymous, half the signed-in teacher; browsing
 *    without words (home page and facet links); the resident memory of the app (and of the node).
 * 5. Writes bench/results/search.{json,md}.
 *
 * `--engines opensearch --count 1000000` runs the OpenSearch side alone at a million resources.
 * Run it on a quiet machine: the figures move with whatever else the two cores are doing (the
 * load average is recorded with the results).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { createLogger } from '../src/log.js';
import { createServices } from '../src/services/index.js';
import { projectRoot } from '../config/index.js';
import { startSearchNode, type SearchNode } from '../search-engine/launcher.js';
import { benchConfig, generatedOnce } from './support/generatedOnce.js';
import { createSchools, insertResources } from './support/generate.js';
import { residentMb, signInAs, startBenchServer, writeResults } from './support/http.js';
import { heapPerResource } from './support/searchHeap.js';
import { load, type LoadResult } from './support/searchLoad.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '1000' },
    engines: { type: 'string', default: 'memory,opensearch' },
    'node-heap': { type: 'string', default: '1024' },
    fresh: { type: 'boolean', default: false },
  },
});
const count = Number(args.count);
const engines = args.engines!.split(',') as ('memory' | 'opensearch')[];
const dataDir = path.join(projectRoot, 'bench', 'tmp', `search-${count}`);
const log = createLogger('warn');
const TEACHER = { username: 'bench.teacher', password: 'bench-password-not-secret' };

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

interface EngineResult {
  engine: string;
  heapBytesPerResource?: { engine: number; withOaiList: number };
  firstStart?: { listeningMs: number; readyMs: number };
  listeningMs: number;
  readyMs: number;
  appRssMb: number;
  nodeRssMb?: number;
  load: LoadResult;
}

async function runEngine(engine: 'memory' | 'opensearch'): Promise<EngineResult> {
  let node: SearchNode | undefined;
  const env: NodeJS.ProcessEnv = {};
  const result: Partial<EngineResult> = { engine };
  if (engine === 'memory') result.heapBytesPerResource = await heapPerResource(dataDir, log);
  if (engine === 'opensearch') {
    node = await startSearchNode({ dataDir: path.join(dataDir, 'opensearch'), heapMb: Number(args['node-heap']) });
    Object.assign(env, { OPENSEARCH_URL: node.url, OPENSEARCH_INDEX: 'bench-resources' });
    const first = await startBenchServer(dataDir, env); // fills the index if it is new
    result.firstStart = { listeningMs: first.listeningMs, readyMs: first.readyMs };
    await first.stop();
  }
  const server = await startBenchServer(dataDir, env);
  try {
    const teacherCookie = await signInAs(server.url, TEACHER.username, TEACHER.password);
    const loaded = await load(server.url, teacherCookie, Number(args.requests));
    return {
      ...result,
      engine,
      listeningMs: server.listeningMs,
      readyMs: server.readyMs,
      appRssMb: residentMb(server.pid),
      nodeRssMb: node ? residentMb(node.pid) : undefined,
      load: loaded,
    };
  } finally {
    await server.stop();
    await node?.stop();
  }
}

function table(results: EngineResult[]): string[] {
  const col = (f: (r: EngineResult) => string | number | undefined) =>
    results.map((r) => String(f(r) ?? '—')).join(' | ');
  const p = (
    r: EngineResult,
    key: Exclude<keyof LoadResult, 'throughputPerSecond' | 'medianHits' | 'connectionResets'>,
  ) => `${r.load[key].p95} ms`;
  return [
    `| | ${results.map((r) => r.engine).join(' | ')} |`,
    `| --- | ${results.map(() => '---').join(' | ')} |`,
    `| p95, 1 client, anonymous | ${col((r) => p(r, 'oneAnonymous'))} |`,
    `| p95, 1 client, signed in | ${col((r) => p(r, 'oneSignedIn'))} |`,
    `| p95, 4 clients, anonymous | ${col((r) => p(r, 'fourAnonymous'))} |`,
    `| p95, 4 clients, signed in | ${col((r) => p(r, 'fourSignedIn'))} |`,
    `| p95, browsing without words (4 clients) | ${col((r) => p(r, 'browse'))} |`,
    `| requests/s at 4 clients | ${col((r) => r.load.throughputPerSecond)} |`,
    `| app instance resident memory | ${col((r) => `${r.appRssMb} MB`)} |`,
    `| OpenSearch node resident memory | ${col((r) => (r.nodeRssMb ? `${r.nodeRssMb} MB` : undefined))} |`,
    `| heap per resource (engine / with the OAI-PMH list) | ${col((r) => (r.heapBytesPerResource ? `${r.heapBytesPerResource.engine} B / ${r.heapBytesPerResource.withOaiList} B` : undefined))} |`,
    `| first start: listening / ready (index filled) | ${col((r) => (r.firstStart ? `${r.firstStart.listeningMs} / ${r.firstStart.readyMs} ms` : undefined))} |`,
    `| start: listening / ready | ${col((r) => `${r.listeningMs} / ${r.readyMs} ms`)} |`,
  ];
}

async function run(): Promise<void> {
  process.stdout.write(`Catalogue of ${count} resources in ${dataDir}\n`);
  await ensureCatalogue();
  const loadBefore = os.loadavg()[0]!.toFixed(1);
  const results: EngineResult[] = [];
  for (const engine of engines) {
    process.stdout.write(`${engine}…\n`);
    results.push(await runEngine(engine));
  }
  const summary = {
    date: new Date().toISOString(),
    resources: count,
    requestsPerPhase: Number(args.requests),
    machine: `${os.cpus().length} cores, node ${process.version}`,
    loadAverage: { before: loadBefore, after: os.loadavg()[0]!.toFixed(1) },
    targets: {
      memoryHeapPerResourceBytes: 1536,
      memoryReadyMs: 10_000,
      openSearchP95AtFourClientsMs: 100,
    },
    results,
  };
  const name = count === 100_000 && engines.length === 2 ? 'search' : `search-${engines.join('-')}-${count}`;
  const md = [
    `# Search benchmark: ${count} resources`,
    ``,
    `${summary.date}, ${summary.machine}, load average ${summary.loadAverage.before} before and ${summary.loadAverage.after} after. One app instance on the embedded FerretDB; GET /api/v1/resources with typical 1–3 word queries (with and without tones, some with facet filters or other sort orders), ${args.requests} requests per phase; browsing = no words, newest / most viewed / title order, with and without a facet filter.`,
    ``,
    ...table(results),
    ``,
    `Targets: memory engine ≤ 1.5 KB heap per resource (without full text) and ready in ≤ 10 s at 100,000; OpenSearch p95 < 100 ms at 4 clients.`,
  ];
  writeResults(name, summary, md);
  process.stdout.write(`${md.join('\n')}\n`);
}

await run();
