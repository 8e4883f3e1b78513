/**
 * `npm run bench:harvest`: how fast our harvester ingests a whole foreign repository. A provider
 * serves `--count` records (default 100,000) on loopback; a second instance of our app, on a fresh
 * embedded database, harvests them all (oai_dc) as its scheduler would.
 *
 * Providers (`--from ours|pyoai|both`, default both): our own app serving the bench:oai catalogue
 * (bench/tmp/oai-<count>, generated once), and pyoai serving the same records from memory (as in
 * `bench:oai --against pyoai`). For each: the harvesting instance starts on an empty database with
 * one organisation and one harvest source due now; the time from the run's start to its success,
 * records/s, and the CPU seconds of the harvesting app, its database and the provider go to
 * bench/results/harvest.{json,md}. Target: ≥ 1,500 records/s from a fast provider.
 */
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { Types } from 'mongoose';
import { projectRoot } from '../config/index.js';
import { createLogger } from '../src/log.js';
import { HarvestSourceModel } from '../src/models/harvest.js';
import { readCpu, type CpuReading } from './support/cpu.js';
import { openFreshDatabase } from './support/freshDatabase.js';
import { benchConfig } from './support/generatedOnce.js';
import { createSchools, ensurePublicCatalogue } from './support/generate.js';
import { startBenchServer, writeResults } from './support/http.js';
import { ensurePyoai, exportRecords, startPyoai } from './support/pyoai.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    from: { type: 'string', default: 'both' },
  },
});
const count = Number(args.count);
const providers = args.from === 'both' ? ['ours', 'pyoai'] : [args.from!];
if (!providers.every((p) => p === 'ours' || p === 'pyoai')) throw new Error('--from takes ours, pyoai or both');
const catalogueDir = path.join(projectRoot, 'bench', 'tmp', `oai-${count}`);
const targetDir = path.join(projectRoot, 'bench', 'tmp', 'harvest-target');
const log = createLogger('warn');

interface Provider {
  oaiUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** An empty database with an organisation and a harvest source of `oaiUrl`, due now. */
async function prepareTarget(oaiUrl: string): Promise<void> {
  const { db } = await openFreshDatabase(targetDir, log);
  try {
    const { departmentId } = await createSchools(1);
    const now = new Date();
    await HarvestSourceModel.create({
      name: 'Kho thử tải',
      kind: 'oai-pmh',
      baseUrl: oaiUrl,
      metadataPrefix: 'oai_dc',
      set: null,
      intervalHours: 0,
      orgId: departmentId,
      ownerId: new Types.ObjectId(),
      reexpose: false,
      nextRunAt: now,
      createdAt: now,
      modifiedAt: now,
    });
  } finally {
    await db.close();
  }
}

interface RunState {
  status: string;
  pages: number;
  added: number;
}

/** Polls the harvesting instance's run until it ends; CPU readings when it started and ended. */
async function followRun(uri: string, appPid: number, providerPid: number) {
  const client = await MongoClient.connect(uri);
  const runs = client.db(benchConfig(targetDir).database.name).collection<RunState>('harvestruns');
  try {
    let start: { at: number; cpu: CpuReading; provider: CpuReading } | null = null;
    for (;;) {
      const run = await runs.findOne({});
      if (run && !start) start = { at: performance.now(), cpu: readCpu(appPid), provider: readCpu(providerPid) };
      if (run && run.status !== 'running') {
        const end = { at: performance.now(), cpu: readCpu(appPid), provider: readCpu(providerPid) };
        return { run, start: start!, end };
      }
      if (run?.pages && run.pages % 100 === 0) process.stdout.write(`  ${run.added} records, page ${run.pages}\n`);
      await sleep(200);
    }
  } finally {
    await client.close();
  }
}

async function harvestFrom(name: string, provider: Provider) {
  await prepareTarget(provider.oaiUrl);
  const app = await startBenchServer(targetDir, { HARVEST_LEASE_SECONDS: '5' });
  try {
    const { run, start, end } = await followRun(app.databaseUri!, app.pid, provider.pid);
    if (run.status !== 'succeeded' || run.added !== count)
      throw new Error(`${name}: the run ${run.status} with ${run.added} records added, expected ${count}`);
    const seconds = (end.at - start.at) / 1000;
    const cpu = (k: 'app' | 'database') => Math.round(end.cpu[k] - start.cpu[k]) / 1000;
    return {
      provider: name,
      records: run.added,
      pages: run.pages,
      seconds: Math.round(seconds * 10) / 10,
      recordsPerSecond: Math.round(run.added / seconds),
      appCpuSeconds: cpu('app'),
      databaseCpuSeconds: cpu('database'),
      providerCpuSeconds: Math.round(end.provider.app - start.provider.app) / 1000,
    };
  } finally {
    await app.stop();
  }
}

async function withProvider<T>(name: string, use: (p: Provider) => Promise<T>): Promise<T> {
  const ours = await startBenchServer(catalogueDir);
  const stops: (() => Promise<void>)[] = [() => ours.stop()];
  try {
    let provider: Provider = { oaiUrl: `${ours.url}/oai`, pid: ours.pid, stop: ours.stop };
    if (name === 'pyoai') {
      const file = path.join(catalogueDir, 'pyoai-records.jsonl');
      await exportRecords(provider.oaiUrl, file, count);
      await ours.stop();
      stops.pop();
      provider = await startPyoai(file, benchConfig(catalogueDir).oai.pageSize);
      stops.push(() => provider.stop());
    }
    return await use(provider);
  } finally {
    for (const stop of stops) await stop();
  }
}

async function run(): Promise<void> {
  await ensurePublicCatalogue(catalogueDir, count, false, log);
  if (providers.includes('pyoai')) ensurePyoai();
  const load = [os.loadavg()[0]!];
  const results = [];
  for (const name of providers) {
    const r = await withProvider(name, (p) => harvestFrom(name, p));
    results.push(r);
    process.stdout.write(
      `from ${name}: ${r.recordsPerSecond} records/s (${r.records} in ${r.seconds} s); CPU ${r.appCpuSeconds} s app + ${r.databaseCpuSeconds} s database, provider ${r.providerCpuSeconds} s\n`,
    );
  }
  load.push(os.loadavg()[0]!);
  const summary = {
    date: new Date().toISOString(),
    records: count,
    machine: `${os.cpus().length} cores, node ${process.version}`,
    loadAverageAtStartAndEnd: load.map((l) => Math.round(l * 10) / 10),
    targetRecordsPerSecond: 1500,
    results,
  };
  writeResults('harvest', summary, [
    `# Harvest ingest benchmark`,
    ``,
    `${summary.date}: a second instance of our app, on a fresh embedded FerretDB, harvests ${count} oai_dc records from a provider on loopback; ${summary.machine}; load average ${summary.loadAverageAtStartAndEnd.join(' → ')} (start → end).`,
    ``,
    `| provider | records/s | seconds | app CPU s | database CPU s | provider CPU s |`,
    `| --- | --- | --- | --- | --- | --- |`,
    ...results.map(
      (r) =>
        `| ${r.provider} | ${r.recordsPerSecond} | ${r.seconds} | ${r.appCpuSeconds} | ${r.databaseCpuSeconds} | ${r.providerCpuSeconds} |`,
    ),
    ``,
    `Target: ≥ ${summary.targetRecordsPerSecond} records/s from a fast provider.`,
  ]);
}

await run();
