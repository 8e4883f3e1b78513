/**
 * `npm run bench:library-stats`: a school library's statistics over a big school, as the app runs
 * in production (its own process, the embedded FerretDB). Target (issue 15, the statistics part):
 * 50,000 copies, 2,000 patrons and a year of loans answer in about a second.
 *
 * 1. Generates once into bench/tmp/library-stats-<copies>-<patrons>-<loans> (reused; --fresh
 *    regenerates), in bulk: one school, `--titles` titles, `--copies` copies, `--patrons` students in
 *    classes of 40, one librarian, `--loans` returned loans spread over school year 2025-2026.
 * 2. Asks, signed in as the librarian: the school's dashboard (counted: cold), the same again
 *    (kept figures: warm), and the sector indicators of another year (counted again).
 * 3. Writes bench/results/library-stats.{json,md}. Run it on a quiet machine: figures taken while
 *    others work are not final. `--copies 5000 --patrons 200 --loans 3000` is a quick smoke run.
 *
 * The app runs with the statistics warm-up off (LIBRARY_STATS_WARM_SECONDS=0): the first dashboard
 * counts cold. `--warm` runs it with the warm-up on instead, waits `--warm-wait` seconds (default 60:
 * long enough for the warm-up to count at start) and asks the dashboard of the current school year
 * (the one the warm-up counts; the generated loans are in 2025-2026, the copies and patrons count the
 * same): the first open then reads the stored figures. Compare the "dashboard (first open)" rows of
 * the two runs; results go to library-stats-warm.{json,md}.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
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
    warm: { type: 'boolean', default: false },
    'warm-wait': { type: 'string', default: '60' },
  },
});
const counts = {
  titles: Number(args.titles),
  copies: Number(args.copies),
  patrons: Number(args.patrons),
  loans: Number(args.loans),
};
const dataDir = path.join(
  projectRoot,
  'bench',
  'tmp',
  `library-stats-${counts.copies}-${counts.patrons}-${counts.loans}`,
);
const log = createLogger('warn');
const LIBRARIAN = { username: 'thuthu-thongke', password: 'mat-khau-thu-thu-thong-ke' };
const YEAR = '2025-2026';
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
  const start = Date.parse('2025-06-01T00:00:00+07:00');
  const loans: Loan[] = [];
  for (let i = 0; i < counts.loans; i++) {
    const copy = copies[Math.floor(rand() * copies.length)]!;
    const issuedAt = new Date(start + Math.floor(rand() * 364 * 86_400_000));
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

async function run(): Promise<void> {
  process.stdout.write(`${JSON.stringify(counts)} in ${dataDir}\n`);
  await generatedOnce(dataDir, args.fresh ?? false, log, generate);
  // Read before the app starts: the app holds the embedded database's data directory then.
  const db = await openBenchDatabase(dataDir, log);
  const schoolId = (await OrganisationModel.findOne({ code: 'BENCH-1' }).lean())!._id.toHexString();
  await db.close();
  const warm = args.warm ?? false;
  const server = await startBenchServer(dataDir, { LIBRARY_STATS_WARM_SECONDS: warm ? '300' : '0' });
  try {
    const cookie = await signInAs(server.url, LIBRARIAN.username, LIBRARIAN.password);
    if (warm) await new Promise((r) => setTimeout(r, Number(args['warm-wait']) * 1000));
    const year = warm ? schoolYearOfDay(localDay(new Date())) : YEAR;
    const dashboard = `${server.url}/library/schools/${schoolId}/statistics?year=${year}`;
    const figures = {
      dashboardColdMs: await timed(dashboard, cookie),
      dashboardWarmMs: await timed(dashboard, cookie),
      indicatorsOtherYearMs: await timed(`${server.url}/api/v1/library/indicators?year=2024-2025`, cookie),
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    const machine = `${os.cpus().length} cores, node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`;
    const summary = { date: new Date().toISOString(), ...counts, machine, ...figures };
    writeResults(warm ? 'library-stats-warm' : 'library-stats', { ...summary, warm, year }, [
      '# Library statistics benchmark',
      '',
      `${summary.date}${warm ? ` (warm-up on, dashboard of ${year} asked after ${args['warm-wait']} s)` : ''}: one school of ${counts.copies} copies (${counts.titles} titles), ${counts.patrons} students in classes, ${counts.loans} loans in ${YEAR}; the app in its own process on the embedded FerretDB, ${machine}.`,
      '',
      '| request | status | ms |',
      '| --- | --- | --- |',
      `| dashboard (first open${warm ? ', warmed' : ', counted cold'}) | ${figures.dashboardColdMs.status} | ${figures.dashboardColdMs.ms} |`,
      `| dashboard again (figures kept) | ${figures.dashboardWarmMs.status} | ${figures.dashboardWarmMs.ms} |`,
      `| sector indicators of another year (counted) | ${figures.indicatorsOtherYearMs.status} | ${figures.indicatorsOtherYearMs.ms} |`,
      '',
      'Target: about a second.',
    ]);
  } finally {
    await server.stop();
  }
}

await run();
