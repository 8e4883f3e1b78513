/**
 * `npm run bench:library-stats`: a school library's statistics over a big school, as the app runs
 * in production (its own process, the embedded FerretDB). Target (issue 15, the statistics part):
 * 50,000 copies, 2,000 patrons and a year of loans answer in about a second.
 *
 * 1. Generates once into bench/tmp/library-stats-<copies>-<patrons>-<loans>-<year> (reused; --fresh
 *    regenerates), in bulk: one school, `--titles` titles, `--copies` copies, `--patrons` students in
 *    classes of 40, one librarian, `--loans` returned loans spread over the current school year up to
 *    today (the year the app's warm-up counts, src/services/library/figuresWarmer.ts).
 * 2. Cold: starts the app with the warm-up off (LIBRARY_STATS_WARM_SECONDS=0) and no stored figures,
 *    and asks, signed in as the librarian, the school's dashboard (the first count after start), the
 *    same again (figures kept by the instance) and the sector indicators of another year.
 * 3. Warm: starts the app again with the warm-up on, as in production, waits until the warm-up has
 *    stored the school's figures (how long that took after the app was ready is reported), then asks
 *    the dashboard (its first open reads the stored figures) and again.
 * 4. Prints both side by side and writes bench/results/library-stats.{json,md} (not committed). Run
 *    it on a quiet machine: `npm run bench:library-stats` (about 10 minutes the first time, most of
 *    it generating); `--copies 5000 --patrons 200 --loans 3000` is a quick smoke run; `--phases cold`
 *    or `--phases warm` runs one phase.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { Types } from 'mongoose';
import { projectRoot } from '../config/index.js';
import type { Copy } from '../src/domain/copy.js';
import type { Loan } from '../src/domain/loan.js';
import { schoolYearOfDay } from '../src/domain/libraryStatistics.js';
import { localDay } from '../src/domain/schoolCalendar.js';
import { createLogger } from '../src/log.js';
import { saveClassMembership } from '../src/models/classMembership.js';
import { insertCopies } from '../src/models/copy.js';
import { insertLoans } from '../src/models/loan.js';
import { OrganisationModel } from '../src/models/organisation.js';
import { PersonModel } from '../src/models/person.js';
import { createServices } from '../src/services/index.js';
import { random } from './support/generate.js';
import { librarySchool } from './support/librarySchool.js';
import { benchConfig, generatedOnce, openBenchDatabase } from './support/generatedOnce.js';
import { storedCopy } from '../test/support/storedCopy.js';
import { signInAs, startBenchServer, writeResults } from './support/http.js';

const { values: args } = parseArgs({
  options: {
    titles: { type: 'string', default: '2000' },
    copies: { type: 'string', default: '50000' },
    patrons: { type: 'string', default: '2000' },
    loans: { type: 'string', default: '30000' },
    fresh: { type: 'boolean', default: false },
    phases: { type: 'string', default: 'cold,warm' },
    'warm-wait': { type: 'string', default: '900' },
  },
});
const counts = {
  titles: Number(args.titles),
  copies: Number(args.copies),
  patrons: Number(args.patrons),
  loans: Number(args.loans),
};
/** The school year the warm-up counts: today's. */
const YEAR = schoolYearOfDay(localDay(new Date()));
const dataDir = path.join(
  projectRoot,
  'bench',
  'tmp',
  `library-stats-${counts.copies}-${counts.patrons}-${counts.loans}-${YEAR}`,
);
const log = createLogger('warn');
const LIBRARIAN = { username: 'thuthu-thongke', password: 'mat-khau-thu-thu-thong-ke' };
const BATCH = 5000;

function copyAt(i: number, orgId: string, resourceId: string, batchId: string, now: Date): Copy {
  return storedCopy(
    {
      orgId,
      resourceId,
      batchId,
      collectionCode: i % 3 ? 'TK' : 'SGK',
      accessionNumber: `TK-${String(i + 1).padStart(6, '0')}`,
      barcode: `ST${String(i + 1).padStart(7, '0')}`,
      date: `2025-${String((i % 12) + 1).padStart(2, '0')}-05`,
    },
    now,
  );
}

async function generate(): Promise<Record<string, unknown>> {
  const services = createServices(benchConfig(dataDir), log);
  const librarian = { ...LIBRARIAN, displayName: 'Thủ thư thống kê' };
  const { school, orgId, librarianId, titleIds, batchId } = await librarySchool(services, librarian, counts.titles);
  const now = new Date();
  const copies: Copy[] = [];
  for (let i = 0; i < counts.copies; i++) copies.push(copyAt(i, orgId, titleIds[i % titleIds.length]!, batchId, now));
  for (let i = 0; i < copies.length; i += BATCH) await insertCopies(copies.slice(i, i + BATCH));
  const people = await PersonModel.insertMany(
    Array.from({ length: counts.patrons }, (_, i) => ({
      displayName: `Học sinh ${i + 1}`,
      email: null,
      memberships: [{ orgId: school, role: 'student' }],
      systemAdmin: false,
      disabled: false,
      createdAt: now,
      modifiedAt: now,
      lastLoginAt: null,
    })),
    { lean: true },
  );
  const patronIds = people.map((p) => String(p._id));
  for (const [i, personId] of patronIds.entries()) {
    const grade = 6 + (Math.floor(i / 40) % 4);
    const className = `${grade}A${Math.floor(i / 160) + 1}`;
    await saveClassMembership({
      personId,
      orgId,
      schoolYear: YEAR,
      grade,
      className,
      studentCode: `HS${i}`,
      outcome: 'enrolled',
      updatedAt: now,
    });
  }
  const rand = random(15);
  const start = Date.parse(`${YEAR.slice(0, 4)}-06-01T00:00:00+07:00`);
  // Up to today: a year in progress has no loans in its future.
  const span = Math.max(1, Math.min(364 * 86_400_000, now.getTime() - start));
  const loans: Loan[] = [];
  for (let i = 0; i < counts.loans; i++) {
    const copy = copies[Math.floor(rand() * copies.length)]!;
    const issuedAt = new Date(start + Math.floor(rand() * span));
    loans.push({
      id: new Types.ObjectId().toHexString(),
      orgId,
      copyId: copy.id,
      resourceId: copy.resourceId,
      patronId: patronIds[Math.floor(rand() * patronIds.length)]!,
      patronType: 'student',
      collectionCode: copy.collectionCode,
      issuedAt,
      issuedBy: librarianId,
      dueDate: new Date(issuedAt.getTime() + 14 * 86_400_000).toISOString().slice(0, 10),
      renewals: 0,
      status: 'returned',
      returnedAt: new Date(issuedAt.getTime() + 7 * 86_400_000),
      returnedBy: librarianId,
      classSetId: null,
      note: null,
      version: 2,
    });
  }
  for (let i = 0; i < loans.length; i += BATCH) await insertLoans(loans.slice(i, i + BATCH));
  return counts;
}

async function timed(url: string, cookie: string): Promise<{ ms: number; status: number }> {
  const t = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  await res.arrayBuffer();
  return { ms: Math.round(performance.now() - t), status: res.status };
}

interface Timed {
  ms: number;
  status: number;
}

/** The app started as `env` asks, signed in as the librarian; `prepare` runs on its database before the first request. */
async function withApp<T>(
  env: NodeJS.ProcessEnv,
  prepare: (db: ReturnType<MongoClient['db']>, startedAt: number) => Promise<unknown>,
  ask: (url: string, cookie: string) => Promise<T>,
): Promise<T> {
  const startedAt = Date.now();
  const server = await startBenchServer(dataDir, env);
  const client = await MongoClient.connect(server.databaseUri!, { serverSelectionTimeoutMS: 10_000 });
  try {
    await prepare(client.db(benchConfig(dataDir).database.name), startedAt);
    return await ask(server.url, await signInAs(server.url, LIBRARIAN.username, LIBRARIAN.password));
  } finally {
    await client.close(true);
    await server.stop();
  }
}

/** The first count after start (no warm-up, no stored figures), then the figures the instance keeps. */
function coldPhase(schoolId: string) {
  return withApp(
    { LIBRARY_STATS_WARM_SECONDS: '0' },
    (db) => db.collection('libraryfigures').deleteMany({}),
    async (url, cookie) => {
      const dashboard = `${url}/library/schools/${schoolId}/statistics?year=${YEAR}`;
      return {
        firstOpen: await timed(dashboard, cookie),
        again: await timed(dashboard, cookie),
        indicatorsOtherYear: await timed(`${url}/api/v1/library/indicators?year=2024-2025`, cookie),
      };
    },
  );
}

/** The warm-up on, as in production: waits for it to store the school's figures, then opens the dashboard. */
function warmPhase(schoolId: string) {
  let warmedAfterMs = 0;
  return withApp(
    { LIBRARY_STATS_WARM_SECONDS: '300' },
    async (db, startedAt) => {
      const ready = Date.now();
      const deadline = ready + Number(args['warm-wait']) * 1000;
      const figures = db.collection<{ _id: string; countedAt: Date }>('libraryfigures');
      for (;;) {
        const stored = await figures.findOne({ _id: `${schoolId}|${YEAR}` });
        // Counted by this start's warm-up (the cold phase stored figures of its own before).
        if (stored && stored.countedAt.getTime() >= startedAt) break;
        if (Date.now() > deadline) throw new Error(`the warm-up stored no figures in ${args['warm-wait']} s`);
        await new Promise((r) => setTimeout(r, 250));
      }
      warmedAfterMs = Date.now() - ready;
    },
    async (url, cookie) => {
      const dashboard = `${url}/library/schools/${schoolId}/statistics?year=${YEAR}`;
      return { firstOpen: await timed(dashboard, cookie), again: await timed(dashboard, cookie), warmedAfterMs };
    },
  );
}

const cell = (t: Timed | undefined) => (t ? `${t.ms} (${t.status})` : '–');

async function run(): Promise<void> {
  process.stdout.write(`${JSON.stringify({ ...counts, year: YEAR })} in ${dataDir}\n`);
  await generatedOnce(dataDir, args.fresh ?? false, log, generate);
  // Read before the app starts: the app holds the embedded database's data directory then.
  const db = await openBenchDatabase(dataDir, log);
  const schoolId = (await OrganisationModel.findOne({ code: 'BENCH-1' }).lean())!._id.toHexString();
  await db.close();
  const phases = new Set((args.phases ?? 'cold,warm').split(','));
  const cold = phases.has('cold') ? await coldPhase(schoolId) : null;
  const warm = phases.has('warm') ? await warmPhase(schoolId) : null;
  const machine = `${os.cpus().length} cores, node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`;
  const summary = { date: new Date().toISOString(), ...counts, year: YEAR, machine, cold, warm };
  const lines = [
    '# Library statistics benchmark: cold against warm',
    '',
    `${summary.date}: one school of ${counts.copies} copies (${counts.titles} titles), ${counts.patrons} students in classes, ${counts.loans} loans in ${YEAR} up to today; the app in its own process on the embedded FerretDB, ${machine}.`,
    '',
    '| dashboard of the school (ms, status) | cold: first count after start | warm: warm-up on at start |',
    '| --- | --- | --- |',
    `| first open | ${cell(cold?.firstOpen)} | ${cell(warm?.firstOpen)} |`,
    `| open again (figures kept) | ${cell(cold?.again)} | ${cell(warm?.again)} |`,
    `| sector indicators of another year (counted) | ${cell(cold?.indicatorsOtherYear)} | – |`,
    '',
    warm ? `The warm-up had stored the figures ${warm.warmedAfterMs} ms after the app was ready.` : '',
    'Target: about a second.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  writeResults('library-stats', summary, lines);
}

await run();
