/**
 * `npm run bench:oai`: full OAI-PMH ListRecords harvests (oai_dc) of 100,000 public resources
 * through HTTP, from one instance of the app on the embedded database, with and without gzip.
 * `-- --against pyoai` also harvests the same records from the Python reference server (pyoai's
 * BatchingServer under waitress, one process, one thread, from memory), alternating runs so that
 * both see the same load, and prints the ratio.
 *
 * 1. Generates the catalogue once into bench/tmp/oai-<count> (reused by later runs; --fresh
 *    regenerates): a department, 60 schools and `--count` published public resources, inserted in
 *    bulk straight into the collection (through the services it would take hours).
 * 2. Starts the app as its own process (OAI_PAGE_SIZE as configured, default 100). With --against
 *    pyoai: exports our oai_dc records once into bench/tmp/oai-<count>/pyoai-records.jsonl, makes
 *    pyoai's virtual environment once (bench/.venv-pyoai, from PyPI) and starts it with the same
 *    page size.
 * 3. `--runs` rounds (default 3); each round harvests ours with gzip, ours without, and pyoai (which
 *    does not compress), one after another, timing every page, with one kept-alive connection.
 * 4. For each harvest: records/s, CPU seconds of the server (app and its database, or pyoai) and
 *    of this client, the slowest page. Medians over the rounds, and ours/pyoai, are written to
 *    bench/results/oai.{json,md}. Targets: ≥ 3× pyoai's records/s, no page over 200 ms.
 * The machine may be shared: CPU seconds say what a harvest costs whatever else runs.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../config/index.js';
import { createLogger } from '../src/log.js';
import { readCpu } from './support/cpu.js';
import { benchConfig } from './support/generatedOnce.js';
import { ensurePublicCatalogue } from './support/generate.js';
import { get, harvest } from './support/harvestClient.js';
import { percentiles, startBenchServer, writeResults, type Percentiles } from './support/http.js';
import { ensurePyoai, exportRecords, startPyoai } from './support/pyoai.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    fresh: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    against: { type: 'string' },
  },
});
const count = Number(args.count);
const rounds = Number(args.runs);
const withPyoai = args.against === 'pyoai';
if (args.against !== undefined && !withPyoai) throw new Error('--against takes "pyoai"');
const dataDir = path.join(projectRoot, 'bench', 'tmp', `oai-${count}`);
const log = createLogger('warn');

interface Server {
  name: string;
  oaiUrl: string;
  pid: number;
  gzip: boolean;
}

interface RunResult {
  server: string;
  recordsPerSecond: number;
  seconds: number;
  serverCpuSeconds: number;
  databaseCpuSeconds: number;
  clientCpuSeconds: number;
  slowestPageMs: number;
  pageMs: Percentiles;
  megabytes: number;
}

async function timedHarvest(server: Server): Promise<RunResult> {
  await get(`${server.oaiUrl}?verb=Identify`, false); // as a harvester does; opens the connection
  const before = readCpu(server.pid);
  const h = await harvest(server.oaiUrl, 'oai_dc', server.gzip);
  const after = readCpu(server.pid);
  if (h.records !== count) throw new Error(`${server.name}: harvested ${h.records} records, expected ${count}`);
  const seconds = (k: 'app' | 'database' | 'benchmark') => Math.round(after[k] - before[k]) / 1000;
  return {
    server: server.name,
    recordsPerSecond: Math.round(h.records / h.seconds),
    seconds: Math.round(h.seconds * 10) / 10,
    serverCpuSeconds: seconds('app'),
    databaseCpuSeconds: seconds('database'),
    clientCpuSeconds: seconds('benchmark'),
    slowestPageMs: Math.round(Math.max(...h.pageMs)),
    pageMs: percentiles(h.pageMs),
    megabytes: Math.round(h.bytes / 1e5) / 10,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

function summarise(results: RunResult[], name: string) {
  const mine = results.filter((r) => r.server === name);
  return {
    server: name,
    runs: mine.length,
    recordsPerSecond: median(mine.map((r) => r.recordsPerSecond)),
    serverCpuSeconds: median(mine.map((r) => r.serverCpuSeconds)),
    databaseCpuSeconds: median(mine.map((r) => r.databaseCpuSeconds)),
    clientCpuSeconds: median(mine.map((r) => r.clientCpuSeconds)),
    slowestPageMs: Math.max(...mine.map((r) => r.slowestPageMs)),
    medianPageMs: median(mine.map((r) => r.pageMs.p50)),
  };
}

function report(results: RunResult[], names: string[], pageSize: number, load: number[]): void {
  const rows = names.map((n) => summarise(results, n));
  const pyoai = rows.find((r) => r.server === 'pyoai');
  const ratio = (r: (typeof rows)[number]) =>
    pyoai && r !== pyoai ? Math.round((r.recordsPerSecond / pyoai.recordsPerSecond) * 100) / 100 : null;
  const summary = {
    date: new Date().toISOString(),
    resources: count,
    pageSize,
    machine: `${os.cpus().length} cores, node ${process.version}`,
    loadAverageAtStartAndEnd: load.map((l) => Math.round(l * 10) / 10),
    targets: { timesPyoai: 3, slowestPageMs: 200 },
    servers: rows.map((r) => ({ ...r, timesPyoai: ratio(r) })),
    runs: results,
  };
  const line = (r: (typeof summary.servers)[number]) =>
    `| ${r.server} | ${r.recordsPerSecond} | ${r.timesPyoai ?? ''} | ${r.serverCpuSeconds} | ${r.databaseCpuSeconds} | ${r.clientCpuSeconds} | ${r.medianPageMs} | ${r.slowestPageMs} |`;
  writeResults('oai', summary, [
    `# OAI-PMH harvest benchmark`,
    ``,
    `${summary.date}: full ListRecords oai_dc harvests of ${count} public resources through HTTP, following resumption tokens, pages of ${pageSize}, one client on one kept-alive connection; our app on the embedded FerretDB; ${summary.machine}; load average ${summary.loadAverageAtStartAndEnd.join(' → ')} (start → end). Medians of ${rounds} alternating rounds; the slowest page over all rounds.`,
    ``,
    `| server | records/s | × pyoai | server CPU s | database CPU s | client CPU s | median page ms | slowest page ms |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- |`,
    ...summary.servers.map(line),
    ``,
    `Targets: ≥ 3× pyoai's records/s, no page over 200 ms, with and without gzip.`,
  ]);
  for (const r of summary.servers)
    process.stdout.write(
      `${r.server}: ${r.recordsPerSecond} records/s${r.timesPyoai ? ` (${r.timesPyoai}× pyoai)` : ''}, CPU ${r.serverCpuSeconds} s server + ${r.databaseCpuSeconds} s database, slowest page ${r.slowestPageMs} ms\n`,
    );
}

async function run(): Promise<void> {
  process.stdout.write(`Catalogue of ${count} public resources in ${dataDir}\n`);
  await ensurePublicCatalogue(dataDir, count, args.fresh ?? false, log);
  if (withPyoai) ensurePyoai();
  const load = [os.loadavg()[0]!];
  const ours = await startBenchServer(dataDir);
  const stops = [() => ours.stop()];
  try {
    const oaiUrl = `${ours.url}/oai`;
    const servers: Server[] = [
      { name: 'ours, gzip', oaiUrl, pid: ours.pid, gzip: true },
      { name: 'ours, no gzip', oaiUrl, pid: ours.pid, gzip: false },
    ];
    const pageSize = benchConfig(dataDir).oai.pageSize;
    if (withPyoai) {
      const file = path.join(dataDir, 'pyoai-records.jsonl');
      await exportRecords(oaiUrl, file, count);
      const py = await startPyoai(file, pageSize);
      stops.push(() => py.stop());
      servers.push({ name: 'pyoai', oaiUrl: py.oaiUrl, pid: py.pid, gzip: false });
    }
    const results: RunResult[] = [];
    for (let round = 1; round <= rounds; round++)
      for (const server of servers) {
        const r = await timedHarvest(server);
        results.push(r);
        process.stdout.write(
          `  round ${round}, ${r.server}: ${r.recordsPerSecond} records/s, CPU ${r.serverCpuSeconds} s + ${r.databaseCpuSeconds} s, slowest page ${r.slowestPageMs} ms\n`,
        );
      }
    load.push(os.loadavg()[0]!);
    report(
      results,
      servers.map((s) => s.name),
      pageSize,
      load,
    );
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

await run();
