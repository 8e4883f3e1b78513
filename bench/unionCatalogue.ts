/**
 * `npm run bench:union`: the union catalogue of a province, searched through HTTP as the app runs
 * in production (its own process, the embedded FerretDB, the in-process index).
 *
 * 1. Generates once into bench/tmp/union-<schools>-<titles>-<copies> (reused; --fresh regenerates),
 *    in bulk (bench/support/unionGenerate.ts): a department, `--schools` schools, `--titles` printed
 *    titles, `--copies` copies spread as a province holds them, some on loan, and a librarian of the
 *    first school.
 * 2. Starts the app (time until /readyz: the index and the holdings loaded), signs the librarian in.
 * 3. Sends the requests of bench/support/unionLoad.ts, `--requests` of each kind, interleaved at
 *    `--clients` clients: today's search (bench:search's request) beside the union-catalogue searches,
 *    the search page, "available at my school", a title's page and its holdings table; then the
 *    app's resident memory.
 * 4. Writes bench/results/union.{json,md}. Target (issue 14): union-catalogue search p95 within 1.5×
 *    today's search p95. Run it on a quiet machine: figures taken while others work are not final.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { projectRoot } from '../config/index.js';
import type { Database } from '../src/db/index.js';
import { createLogger } from '../src/log.js';
import { ranMigrationIds, recordMigration } from '../src/models/migration.js';
import { migrations } from '../src/models/migrations/index.js';
import { OrganisationModel } from '../src/models/organisation.js';
import { ResourceModel } from '../src/models/resource.js';
import { createServices } from '../src/services/index.js';
import { createSchools } from './support/generate.js';
import { benchConfig, generatedOnce, openBenchDatabase } from './support/generatedOnce.js';
import { residentMb, signInAs, startBenchServer, writeResults } from './support/http.js';
import { insertPlannedCopies, insertPrintedTitles, planHoldings } from './support/unionGenerate.js';
import { ensureDigitalResources } from './support/unionDigital.js';
import { phaseNames, unionLoad, type UnionLoadResult } from './support/unionLoad.js';

const { values: args } = parseArgs({
  options: {
    schools: { type: 'string', default: '100' },
    titles: { type: 'string', default: '100000' },
    copies: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '400' },
    clients: { type: 'string', default: '4' },
    fresh: { type: 'boolean', default: false },
  },
});
const counts = { schools: Number(args.schools), titles: Number(args.titles), copies: Number(args.copies) };
const dataDir = path.join(projectRoot, 'bench', 'tmp', `union-${counts.schools}-${counts.titles}-${counts.copies}`);
const log = createLogger('warn');
const LIBRARIAN = { username: 'thuthu-lienhiep', password: 'mat-khau-thu-thu-bench' };
const TARGET_RATIO = 1.5;
/** Phases that are searches: their p95 is held against today's search. */
const searchPhases = ['unionApi', 'availableAtMySchoolApi', 'searchPage', 'availableAtMySchoolPage'] as const;

async function generate(): Promise<Record<string, unknown>> {
  const timings: Record<string, number> = {};
  let started = Date.now();
  const { schoolIds } = await createSchools(counts.schools);
  const services = createServices(benchConfig(dataDir), log);
  await services.accounts.createLocalAccount({
    ...LIBRARIAN,
    displayName: 'Thủ thư liên thư viện',
    email: null,
    memberships: [{ orgId: schoolIds[0]!.toHexString(), role: 'librarian' }],
  });
  const progress = (what: string, every: number) => (done: number) =>
    done % every === 0 && process.stdout.write(`  ${done} ${what}\n`);
  const titleIds = await insertPrintedTitles(counts.titles, schoolIds, progress('titles', 20000));
  timings.titlesSeconds = (Date.now() - started) / 1000;
  started = Date.now();
  const plan = planHoldings(counts);
  const statuses = await insertPlannedCopies(
    plan,
    titleIds,
    schoolIds.map((id) => id.toHexString()),
    progress('copies', 100000),
  );
  timings.copiesSeconds = (Date.now() - started) / 1000;
  return { ...counts, holdings: plan.title.length, statuses, ...timings };
}

/** What the phases need from the database, read before the app starts (it holds the data directory then). */
async function readContext(): Promise<{
  mySchool: string;
  schools: string[];
  textbooks: string[];
  others: string[];
  digital: string[];
}> {
  const db = await openBenchDatabase(dataDir, log);
  try {
    await recordMigrationsRun(db);
    const schools = (await OrganisationModel.find({ type: 'school' }, { _id: 1, code: 1 }).lean()).map((o) => ({
      id: o._id.toHexString(),
      code: o.code as string,
    }));
    const schoolIds = schools.map((s) => new Types.ObjectId(s.id));
    const titlesOfType = async (type: string) =>
      (await ResourceModel.find({ 'metadata.type': type }, { _id: 1 }).limit(200).lean()).map((r) =>
        r._id.toHexString(),
      );
    return {
      mySchool: schools.find((s) => s.code === 'BENCH-1')!.id,
      schools: schools.map((s) => s.id),
      textbooks: await titlesOfType('sgk-in'),
      others: await titlesOfType('sach-in'),
      digital: (await ensureDigitalResources(dataDir, counts.titles, schoolIds, log)).slice(0, 200),
    };
  } finally {
    await db.close();
  }
}

/**
 * The generated documents have this release's shape (written through its models), as a database
 * this release has run on since it was empty: its migrations are recorded as run. Otherwise the
 * app's first start runs them, and the schema-version stamp scanning a million copies on the
 * embedded database outlasts the driver's 30 s socket timeout.
 */
async function recordMigrationsRun(db: Database): Promise<void> {
  const ran = await ranMigrationIds(db.native());
  for (const m of migrations.filter((m) => !ran.has(m.id)))
    await recordMigration(db.native(), {
      _id: m.id,
      description: m.description,
      ranAt: new Date(),
      ms: 0,
      by: 'bench:union generation',
    });
}

type Kind = (typeof phaseNames)[number];

/**
 * What each kind is held against, in the same run: its API form against today's search in the API
 * (by the librarian alone for the kinds only a signed-in person sends), and the pages against
 * today's page (the same page for digital resources, which have no holdings line).
 */
const apiBaseline: Partial<Record<Kind, Kind>> = {
  todaysSearchSignedIn: 'todaysSearch',
  unionApi: 'todaysSearch',
  availableAtMySchoolApi: 'todaysSearchSignedIn',
  todaysSearchPage: 'todaysSearch',
  todaysSearchPageSignedIn: 'todaysSearchSignedIn',
  searchPage: 'todaysSearch',
  availableAtMySchoolPage: 'todaysSearchSignedIn',
  todaysItemPage: 'todaysSearch',
  titlePage: 'todaysSearch',
  holdingsTable: 'todaysSearchSignedIn',
  holdingsApi: 'todaysSearch',
};
const pageBaseline: Partial<Record<Kind, Kind>> = {
  searchPage: 'todaysSearchPage',
  availableAtMySchoolPage: 'todaysSearchPageSignedIn',
  titlePage: 'todaysItemPage',
  holdingsTable: 'todaysItemPage',
};

/** A kind's p95 ÷ its baseline's p95; null for a kind without that baseline. */
function ratioOf(load: UnionLoadResult, name: Kind, baselines: Partial<Record<Kind, Kind>>): number | null {
  const baseline = baselines[name];
  if (!baseline) return null;
  return Math.round((load.phases[name].ms.p95 / load.phases[baseline].ms.p95) * 100) / 100;
}

/** The ratio the target holds: against today's page for a page, against today's search for the API. */
const targetRatioOf = (load: UnionLoadResult, name: Kind) =>
  ratioOf(load, name, pageBaseline) ?? ratioOf(load, name, apiBaseline)!;

function table(load: UnionLoadResult): string[] {
  return [
    '| requests | p50 ms | p95 ms | p99 ms | median hits | p95 ÷ today’s search in the API (signed-in kinds: by the librarian) | p95 ÷ today’s page | database commands per request |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...phaseNames.map((name) => {
      const r = load.phases[name];
      const commands = Object.entries(load.commands[name]).map(([c, n]) => `${c} ${n}`);
      const api = ratioOf(load, name, apiBaseline) ?? 1;
      const page = ratioOf(load, name, pageBaseline) ?? '—';
      return `| ${name} | ${r.ms.p50} | ${r.ms.p95} | ${r.ms.p99} | ${r.medianHits ?? '—'} | ${api} | ${page} | ${commands.join(', ') || '0'} |`;
    }),
  ];
}

async function run(): Promise<void> {
  process.stdout.write(`Union catalogue ${JSON.stringify(counts)} in ${dataDir}\n`);
  await generatedOnce(dataDir, args.fresh ?? false, log, generate);
  const context = await readContext();
  const loadBefore = os.loadavg()[0]!.toFixed(1);
  // /metrics counts the database commands each kind of request sends. The library figures' warm-up is
  // off: over 100 schools and a million copies it kept the embedded database busy for the whole run
  // and past the app's shutdown grace, so the snapshot was never written; bench:library-stats measures it.
  const server = await startBenchServer(dataDir, { METRICS_ALLOW: '127.0.0.1', LIBRARY_STATS_WARM_SECONDS: '0' });
  process.stdout.write(`ready after ${server.readyMs} ms (index loaded in ${server.indexLoadMs} ms)\n`);
  try {
    const load = await unionLoad({
      url: server.url,
      librarianCookie: await signInAs(server.url, LIBRARIAN.username, LIBRARIAN.password),
      mySchool: context.mySchool,
      schools: context.schools,
      textbookIds: context.textbooks,
      otherTitleIds: context.others,
      digitalIds: context.digital,
      requests: Number(args.requests),
      clients: Number(args.clients),
    });
    report(load, server, loadBefore);
  } finally {
    await server.stop();
  }
}

function report(load: UnionLoadResult, server: Awaited<ReturnType<typeof startBenchServer>>, loadBefore: string) {
  const worst = Math.max(...searchPhases.map((p) => targetRatioOf(load, p)));
  const generated = generatedFacts(dataDir);
  const summary = {
    date: new Date().toISOString(),
    ...counts,
    requestsPerKind: Number(args.requests),
    clients: Number(args.clients),
    machine: `${os.cpus().length} cores, node ${process.version}`,
    loadAverage: { before: loadBefore, after: os.loadavg()[0]!.toFixed(1) },
    generated,
    start: {
      listeningMs: server.listeningMs,
      readyMs: server.readyMs,
      indexLoadMs: server.indexLoadMs,
      holdingsLoad: server.holdingsLoad,
    },
    appRssMb: residentMb(server.pid),
    worstSearchRatio: worst,
    targetRatio: TARGET_RATIO,
    load,
  };
  const md = [
    `# Union catalogue benchmark: ${counts.titles} titles, ${counts.copies} copies, ${counts.schools} schools`,
    '',
    `${summary.date}, ${summary.machine}, load average ${summary.loadAverage.before} before and ${summary.loadAverage.after} after. One app instance on the embedded FerretDB with the in-process index; ${summary.requestsPerKind} requests of each kind (the first 20 a warm-up), all kinds interleaved at ${summary.clients} clients, ${load.requestsPerSecond} requests/s in all; half anonymous, half a librarian of one school, unless the kind is one of them (bench/support/unionLoad.ts).`,
    '',
    ...table(load),
    '',
    `Worst union-catalogue search p95 ÷ today's p95 (the API against today's search, the pages against today's search page; same run, same app): **${summary.worstSearchRatio}** (target ≤ ${TARGET_RATIO}). The title page and the holdings table against today's item page (a digital resource's): ${targetRatioOf(load, 'titlePage')} and ${targetRatioOf(load, 'holdingsTable')}.`,
    '',
    `Generated once in ${generated.seconds ?? '?'} s (titles ${generated.titlesSeconds ?? '?'} s, copies ${generated.copiesSeconds ?? '?'} s; ${generated.holdings ?? '?'} school holdings). App start: listening ${server.listeningMs} ms, ready (index and holdings loaded) ${server.readyMs} ms, index loaded in ${server.indexLoadMs ?? '— (read from its snapshot)'} ms, holdings ${holdingsFacts(server)}. App resident memory after the phases: ${summary.appRssMb} MB.`,
  ];
  writeResults('union', summary, md);
  process.stdout.write(`${md.join('\n')}\n`);
}

const holdingsFacts = ({ holdingsLoad: h }: Awaited<ReturnType<typeof startBenchServer>>) =>
  h ? `${h.from === 'snapshot' ? 'read from the search snapshot' : 'read from the database'} in ${h.ms} ms` : '?';

function generatedFacts(dir: string): Record<string, number | undefined> {
  return JSON.parse(fs.readFileSync(path.join(dir, 'generated.json'), 'utf8')) as Record<string, number | undefined>;
}

await run();
