/**
 * `npm run bench:sizing`: the figures behind docs/operations.md's sizing for a province.
 *
 * 1. Generates once into bench/tmp/sizing-<resources>-<people> (reused; --fresh regenerates):
 *    `--schools` schools, `--resources` catalogue records and `--people` accounts, each a member of
 *    one school, on the embedded database.
 * 2. Measures what one app instance holds in memory for that catalogue (heap and RSS before and
 *    after the catalogue index loads, after a forced GC), how long the load takes, the database's
 *    stored bytes per resource and per person (dbStats), and a backup of it all: archive size and time.
 * 3. Writes bench/results/sizing.{json,md}. Run it on a quiet machine: every figure is CPU-bound.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { projectRoot } from '../config/index.js';
import { storageBackend } from '../config/files.js';
import { createLogger } from '../src/log.js';
import { PersonModel } from '../src/models/person.js';
import { MemoryEngine } from '../src/search/memory/memoryEngine.js';
import { SearchFeeder } from '../src/services/searchFeeder.js';
import { createStorage } from '../src/registry/storage.js';
import { takeBackup } from '../src/db/backup/snapshot.js';
import { changeFeedReader } from '../src/models/change.js';
import { createSchools, insertResources } from './support/generate.js';
import { generatedOnce, openBenchDatabase } from './support/generatedOnce.js';
import { writeResults } from './support/http.js';

const { values: args } = parseArgs({
  options: {
    resources: { type: 'string', default: '100000' },
    people: { type: 'string', default: '50000' },
    schools: { type: 'string', default: '600' },
    fresh: { type: 'boolean', default: false },
  },
});
const counts = { resources: Number(args.resources), people: Number(args.people), schools: Number(args.schools) };
const dataDir = path.join(projectRoot, 'bench', 'tmp', `sizing-${counts.resources}-${counts.people}`);
const log = createLogger('warn');
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

async function generate(): Promise<Record<string, unknown>> {
  const { schoolIds } = await createSchools(counts.schools);
  await insertResources({ count: counts.resources, schoolIds, ownerId: new Types.ObjectId() });
  const now = new Date();
  for (let done = 0; done < counts.people; done += 5000) {
    await PersonModel.insertMany(
      Array.from({ length: Math.min(5000, counts.people - done) }, (_, i) => ({
        displayName: `Học sinh thử tải ${done + i + 1}`,
        email: `hs${done + i + 1}@truong.example.edu.vn`,
        memberships: [{ orgId: schoolIds[(done + i) % schoolIds.length]!, role: i % 20 === 0 ? 'teacher' : 'student' }],
        createdAt: now,
        modifiedAt: now,
      })),
    );
  }
  return counts;
}

function memory() {
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapMb: heapUsed / MB, rssMb: rss / MB };
}

await generatedOnce(dataDir, args.fresh ?? false, log, generate);
const db = await openBenchDatabase(dataDir, log);
try {
  const before = memory();
  const engine = new MemoryEngine();
  const catalogue = new SearchFeeder(engine, log);
  const loadStarted = Date.now();
  await catalogue.loadAll();
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  const after = memory();
  const stats = await db.connection.db!.stats();
  const collectionBytes = async (name: string) => (await db.connection.db!.command({ collStats: name })).size as number;
  const archive = path.join(os.tmpdir(), `sizing-${process.pid}.zip`);
  const backupStarted = Date.now();
  const storage = createStorage(storageBackend, { db: () => db.connection.db! });
  const database = db.connection.db!;
  await takeBackup(
    { db: database, storage, appVersion: 'bench', migrations: [], changes: changeFeedReader(database) },
    archive,
  );
  const backupSeconds = (Date.now() - backupStarted) / 1000;
  const archiveMb = fs.statSync(archive).size / MB;
  fs.rmSync(archive);
  const summary = {
    at: new Date().toISOString(),
    node: process.version,
    loadAverage: os.loadavg()[0] ?? 0,
    counts,
    indexSize: await engine.count(),
    catalogueHeapMb: after.heapMb - before.heapMb,
    heapBytesPerResource: ((after.heapMb - before.heapMb) * MB) / counts.resources,
    rssMbAfterLoad: after.rssMb,
    loadSeconds,
    databaseDataMb: stats.dataSize / MB,
    storedBytesPerResource: (await collectionBytes('resources')) / counts.resources,
    storedBytesPerPerson: (await collectionBytes('people')) / counts.people,
    backupSeconds,
    archiveMb,
  };
  writeResults('sizing', summary, [
    '# Sizing benchmark',
    '',
    `${summary.at}: ${counts.schools} schools, ${counts.resources} resources, ${counts.people} people on the embedded FerretDB, node ${process.version}, load average ${summary.loadAverage.toFixed(1)} at the end.`,
    '',
    '| what | figure |',
    '| --- | --- |',
    `| catalogue index in one instance's heap | ${summary.catalogueHeapMb.toFixed(0)} MB (${summary.heapBytesPerResource.toFixed(0)} bytes a resource) |`,
    `| process RSS after loading it | ${summary.rssMbAfterLoad.toFixed(0)} MB |`,
    `| index load at start-up | ${loadSeconds.toFixed(1)} s |`,
    `| stored: a resource / a person | ${summary.storedBytesPerResource.toFixed(0)} / ${summary.storedBytesPerPerson.toFixed(0)} bytes (documents, without indexes) |`,
    `| database data | ${summary.databaseDataMb.toFixed(0)} MB |`,
    `| backup (no files) | ${backupSeconds.toFixed(1)} s, archive ${archiveMb.toFixed(1)} MB |`,
  ]);
  console.log(JSON.stringify(summary, null, 2));
} finally {
  await db.close();
}
