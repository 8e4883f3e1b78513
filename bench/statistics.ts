/**
 * `npm run bench:statistics`: an organisation's statistics report (src/services/statistics.ts)
 * over many usage events, on the embedded database. The report reads the counters kept beside
 * the events (one document per organisation and year, and the running totals of the most viewed
 * resources, by `_id`), never the events.
 *
 * 1. Generates once into bench/tmp/statistics-<resources>-<events> (reused; --fresh regenerates):
 *    a department, 60 schools, `--resources` resources and `--events` usage events (views,
 *    downloads, LTI launches) spread over the last 12 months, with the counters UsageService
 *    would have kept.
 * 2. Loads the services in this process and builds the 12-month report `--runs` times for the
 *    department (every event counts) and for one school (every event is read, few count), plus
 *    the CSV rows of the department's report.
 * 3. Writes the timings to bench/results/statistics.{json,md}.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { projectRoot } from '../config/index.js';
import { createLogger } from '../src/log.js';
import { ResourceStatsModel, UsageEventModel, type UsageKind } from '../src/models/usage.js';
import { counterOf, monthOf, UsageYearModel, usageYearId, type UsageYearRecord } from '../src/models/usageMonthly.js';
import { ResourceModel } from '../src/models/resource.js';
import { OrganisationModel } from '../src/models/organisation.js';
import { anonymous } from '../src/policies/actor.js';
import { statisticsCsvRows } from '../src/presenters/statistics.js';
import { createServices } from '../src/services/index.js';
import { createSchools, insertResources, random } from './support/generate.js';
import { benchConfig, generatedOnce, openBenchDatabase } from './support/generatedOnce.js';
import { percentiles, writeResults } from './support/http.js';

const { values: args } = parseArgs({
  options: {
    resources: { type: 'string', default: '20000' },
    events: { type: 'string', default: '200000' },
    runs: { type: 'string', default: '5' },
    fresh: { type: 'boolean', default: false },
  },
});
const resourceCount = Number(args.resources);
const eventCount = Number(args.events);
const dataDir = path.join(projectRoot, 'bench', 'tmp', `statistics-${resourceCount}-${eventCount}`);
const log = createLogger('warn');
const YEAR_MS = 365 * 24 * 3600_000;
const kinds: UsageKind[] = ['view', 'view', 'view', 'view', 'download', 'lti_launch'];

async function generate(): Promise<Record<string, unknown>> {
  const { schoolIds } = await createSchools(60);
  await insertResources({ count: resourceCount, schoolIds, ownerId: new Types.ObjectId() });
  const resources = (await ResourceModel.find({}, { orgId: 1 }).lean()).map((r) => ({ id: r._id, orgId: r.orgId }));
  const rnd = random(11);
  const now = Date.now();
  const years = new Map<string, UsageYearRecord>();
  const totals = new Map<string, { _id: Types.ObjectId; views: number; downloads: number; launches: number }>();
  for (let done = 0; done < eventCount; done += 5000) {
    const batch = Array.from({ length: Math.min(5000, eventCount - done) }, () => {
      const r = resources[Math.floor(rnd() ** 2 * resources.length)]!; // a few resources are used far more than the rest
      return {
        kind: kinds[Math.floor(rnd() * kinds.length)]!,
        resourceId: r.id,
        orgId: r.orgId,
        personId: null,
        at: new Date(now - rnd() * YEAR_MS),
        lti: null,
      };
    });
    await UsageEventModel.insertMany(batch, { lean: true });
    for (const e of batch) {
      const [year, month] = monthOf(e.at).split('-') as [string, string];
      const id = usageYearId(e.orgId.toHexString(), year);
      const record = years.get(id) ?? { _id: id, months: {} };
      record.months[month] ??= { views: 0, downloads: 0, launches: 0 };
      record.months[month][counterOf[e.kind]]++;
      years.set(id, record);
      const stats = totals.get(e.resourceId.toHexString()) ?? {
        _id: e.resourceId,
        views: 0,
        downloads: 0,
        launches: 0,
      };
      stats[counterOf[e.kind]]++;
      totals.set(e.resourceId.toHexString(), stats);
    }
    if ((done + 5000) % 50000 === 0) process.stdout.write(`  generated ${done + 5000} events\n`);
  }
  await UsageYearModel.insertMany([...years.values()], { lean: true });
  await ResourceStatsModel.insertMany([...totals.values()], { lean: true });
  return { resourceCount, eventCount };
}

async function run(): Promise<void> {
  process.stdout.write(`${resourceCount} resources, ${eventCount} usage events in ${dataDir}\n`);
  await generatedOnce(dataDir, args.fresh ?? false, log, generate);
  const db = await openBenchDatabase(dataDir, log);
  try {
    const services = createServices(benchConfig(dataDir), log);
    await services.tree.reloadAll();
    await services.catalogue.reloadAll();
    const department = (await OrganisationModel.findOne({ code: 'BENCH-SGD' }).lean())!._id.toHexString();
    const school = (await OrganisationModel.findOne({ code: 'BENCH-1' }).lean())!._id.toHexString();
    const admin = { ...anonymous, systemAdmin: true };
    const to = monthOf(new Date());
    const from = monthOf(new Date(Date.now() - 330 * 24 * 3600_000));
    const runs = Number(args.runs);
    const timings: Record<string, number[]> = { department: [], school: [], departmentCsv: [] };
    let counted = 0;
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      const stats = await services.statistics.forOrganisation(admin, department, from, to);
      timings.department!.push(performance.now() - t);
      counted = [...stats.byMonth.values()].reduce((s, m) => s + m.views + m.downloads + m.launches, 0);
      t = performance.now();
      await services.statistics.forOrganisation(admin, school, from, to);
      timings.school!.push(performance.now() - t);
      t = performance.now();
      statisticsCsvRows(stats, 'vi');
      timings.departmentCsv!.push(performance.now() - t);
    }
    const summary = {
      date: new Date().toISOString(),
      resources: resourceCount,
      events: eventCount,
      eventsInRange: counted,
      months: `${from}..${to}`,
      runs,
      reportMs: {
        department: percentiles(timings.department!),
        school: percentiles(timings.school!),
        csvRowsOfDepartment: percentiles(timings.departmentCsv!),
      },
      machine: `${os.cpus().length} cores, node ${process.version}`,
    };
    writeResults('statistics', summary, [
      '# Statistics benchmark',
      '',
      `${summary.date}: ${resourceCount} resources, ${eventCount} usage events over 12 months (${counted} in the report's months), the 12-month report built ${runs} times in process on the embedded FerretDB, ${summary.machine}.`,
      '',
      '| report | p50 ms | p95 ms | max ms |',
      '| --- | --- | --- | --- |',
      ...Object.entries(summary.reportMs).map(([name, p]) => `| ${name} | ${p.p50} | ${p.p95} | ${p.max} |`),
      '',
      'The report reads one counter document per organisation and year by `_id` (61 organisations × 1–2 years for the department) and the totals of its 50 most viewed resources, so its cost does not grow with the number of events.',
    ]);
    process.stdout.write(
      `department report p50 ${summary.reportMs.department.p50} ms, school ${summary.reportMs.school.p50} ms\n`,
    );
  } finally {
    await db.close();
  }
}

await run();
