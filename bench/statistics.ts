/**
 * `npm run bench:statistics`: an organisation's statistics report (src/services/statistics.ts)
 * over many usage events, on the embedded database. The report reads the counters folded from
 * the events (one document per organisation and year, and the running totals of the most viewed
 * resources, by `_id`), never the events.
 *
 * 1. Generates once into bench/tmp/statistics-<resources>-<events> (reused; --fresh regenerates):
 *    a department, 60 schools, `--resources` resources and `--events` usage events (views,
 *    downloads, LTI launches) spread over the last 12 months, written as an instance's stream of
 *    batches and folded into the counters by the usage fold (src/services/usageFold.ts), whose
 *    rate is reported too.
 * 2. Loads the services in this process and builds the 12-month report `--runs` times for the
 *    department (every event counts) and for one school (every event is read, few count), plus
 *    the CSV rows of the department's report.
 * 3. Writes the timings to bench/results/statistics.{json,md}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { projectRoot } from '../config/index.js';
import { createLogger } from '../src/log.js';
import { appendBatch, closeStream, touchStream, type UsageKind } from '../src/models/usage.js';
import { monthOf } from '../src/models/usageMonthly.js';
import { ResourceModel } from '../src/models/resource.js';
import { OrganisationModel } from '../src/models/organisation.js';
import { anonymous } from '../src/policies/actor.js';
import { statisticsCsvRows } from '../src/presenters/statistics.js';
import { createServices } from '../src/services/index.js';
import { UsageFold } from '../src/services/usageFold.js';
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
  const stream = new Types.ObjectId().toHexString();
  await touchStream(stream, 1);
  let n = 0;
  for (let done = 0; done < eventCount; done += 500) {
    const events = Array.from({ length: Math.min(500, eventCount - done) }, () => {
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
    await appendBatch(stream, ++n, events);
    if ((done + 500) % 50000 === 0) process.stdout.write(`  generated ${done + 500} events\n`);
  }
  await closeStream(stream, n);
  const started = performance.now();
  const folded = await new UsageFold(log, { cadenceMs: 60_000 }).fold();
  const foldSeconds = (performance.now() - started) / 1000;
  process.stdout.write(`  folded ${folded} events in ${foldSeconds.toFixed(1)} s\n`);
  return { resourceCount, eventCount, fold: { events: folded, seconds: Math.round(foldSeconds * 10) / 10 } };
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
      /** How long the usage fold took to count the generated events (when they were generated). */
      fold: (JSON.parse(fs.readFileSync(path.join(dataDir, 'generated.json'), 'utf8')) as { fold?: unknown }).fold,
      loadAverage: Math.round(os.loadavg()[0]! * 10) / 10,
      machine: `${os.cpus().length} cores, node ${process.version}`,
    };
    const fold = summary.fold as { events: number; seconds: number } | undefined;
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
      '',
      fold
        ? `Folding the ${fold.events} generated events into those counters took ${fold.seconds} s (${Math.round(fold.events / fold.seconds)} events/s, rounds of up to 20,000 events). Load average of the (shared) machine at the report runs: ${summary.loadAverage}.`
        : `Load average of the (shared) machine: ${summary.loadAverage}.`,
    ]);
    process.stdout.write(
      `department report p50 ${summary.reportMs.department.p50} ms, school ${summary.reportMs.school.p50} ms\n`,
    );
  } finally {
    await db.close();
  }
}

await run();
