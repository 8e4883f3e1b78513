/**
 * `npm run bench:catalogue`: a school imports a MARC21 file of `--records` records (default
 * 10,000) with `--copies` copies each (default 3: 30,000 copies), through the import job and its
 * worker as the pages start it, on a fresh embedded database. Target (issue 14): under 60 s on
 * 2 cores. Writes bench/results/catalogue.{json,md}. Run it on a quiet machine: the figure is the
 * wall-clock time from upload to the job done.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../config/index.js';
import { blankPrintEdition, type CatalogueRecord } from '../src/domain/catalogueRecord.js';
import { isbn13CheckDigit } from '../src/domain/isbn.js';
import { createLogger } from '../src/log.js';
import { allModels } from '../src/models/index.js';
import { marcIso2709 } from '../plugins/records/marc/iso2709.js';
import { actorOf } from '../src/services/accounts.js';
import { createServices, startServices, stopServices } from '../src/services/index.js';
import { CommandProfile } from './support/commandProfile.js';
import { createSchools } from './support/generate.js';
import { benchConfig, openBenchDatabase } from './support/generatedOnce.js';
import { writeResults } from './support/http.js';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '10000' },
    copies: { type: 'string', default: '3' },
    // Time, CPU and database calls per step, first and last steps (the figures cost a little time themselves).
    profile: { type: 'boolean', default: false },
  },
});
const recordCount = Number(args.records);
const copiesEach = Number(args.copies);
const dataDir = path.join(projectRoot, 'bench', 'tmp', 'catalogue');
const log = createLogger('warn');

/** A file as a school's old system would export it: distinct books, numbered copies in two collections. */
function marcFile(): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < recordCount; i++) {
    const first12 = `978604${String(i).padStart(6, '0')}`;
    const record: CatalogueRecord = {
      metadata: {
        title: `Sách thử tải số ${i + 1} : tuyển tập truyện ngắn Việt Nam`,
        creators: [`Nguyễn Văn Tác Giả ${i % 500}`],
        contributors: [],
        publisher: 'Nhà xuất bản Giáo dục Việt Nam',
        date: String(1990 + (i % 35)),
        language: 'vi',
        description: null,
        keywords: ['văn học'],
      },
      print: {
        ...blankPrintEdition(),
        isbns: [{ value: first12 + isbn13CheckDigit(first12), qualifier: null, invalid: false }],
        pages: 100 + (i % 300),
        dimensions: '21 cm',
        classification: { scheme: 'ddc', number: '895.9223' },
        subjectHeadings: ['Văn học Việt Nam -- Truyện ngắn'],
      },
      holdings: Array.from({ length: copiesEach }, (_, c) => ({
        accessionNumber: `${i % 2 ? 'TK' : 'TN'}-${String(i * copiesEach + c + 1).padStart(6, '0')}`,
        barcode: null,
        location: 'KHO',
        collection: null,
        acquiredOn: '2025-09-05',
        price: 45000,
        supplier: 'Nhà sách thử tải',
        volume: null,
        note: null,
      })),
    };
    parts.push(Buffer.from(marcIso2709.write(record, { recordId: String(i), libraryCode: 'BENCH-1' })));
  }
  return Buffer.concat(parts);
}

async function run(): Promise<void> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const db = await openBenchDatabase(dataDir, log);
  await db.prepare(allModels);
  const services = createServices(benchConfig(dataDir), log);
  try {
    const { schoolIds } = await createSchools(1);
    await startServices(services);
    const school = schoolIds[0]!.toHexString();
    const librarian = await services.accounts.createLocalAccount({
      username: 'bench-librarian',
      password: 'bench-librarian-password',
      displayName: 'Thủ thư thử tải',
      email: null,
      memberships: [{ orgId: school, role: 'librarian' }],
    });
    const actor = actorOf(librarian);
    const bytes = marcFile();
    process.stdout.write(`${recordCount} records, ${recordCount * copiesEach} copies, ${bytes.length} bytes\n`);
    const profile = args.profile ? new CommandProfile() : null;
    const started = performance.now();
    const job = await services.imports.start(actor, school, {
      fileName: 'bench.mrc',
      bytes,
      options: { collection: 'TK', location: 'KHO', scope: 'public', source: 'purchase' },
    });
    services.imports.worker.start(200);
    let progress = await services.imports.progress(actor, job.id);
    while (progress.job.status !== 'done' && progress.job.status !== 'failed') {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      progress = await services.imports.progress(actor, job.id);
      process.stdout.write(`  ${progress.percent}%\r`);
    }
    const seconds = (performance.now() - started) / 1000;
    await services.imports.worker.stop();
    const summary = {
      date: new Date().toISOString(),
      records: recordCount,
      copies: recordCount * copiesEach,
      status: progress.job.status,
      counts: progress.counts,
      seconds: Math.round(seconds * 10) / 10,
      recordsPerSecond: Math.round(recordCount / seconds),
      targetSeconds: 60,
      machine: `${os.cpus().length} cores, node ${process.version}, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    };
    writeResults('catalogue', summary, [
      '# Catalogue import benchmark',
      '',
      `${summary.date}: a MARC21 file of ${recordCount} records with ${summary.copies} copies imported into one school through the import job, on the embedded FerretDB, ${summary.machine}.`,
      '',
      `| records | copies | seconds | records/s | target |`,
      '| --- | --- | --- | --- | --- |',
      `| ${recordCount} | ${summary.copies} | ${summary.seconds} | ${summary.recordsPerSecond} | < 60 s |`,
    ]);
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    if (profile) process.stdout.write(`${profile.report().join('\n')}\n`);
  } finally {
    await stopServices(services);
    await db.close();
  }
}

run().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
