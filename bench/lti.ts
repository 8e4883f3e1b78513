/**
 * `npm run bench:lti`: complete LTI 1.3 launches against one instance of the app on the embedded
 * database, driven by the test platform (test/support/ltiPlatform.ts) with its own signing key.
 *
 * 1. Generates once into bench/tmp/lti-<count>: a department, 20 schools, `--count` resources and
 *    an organisation admin (reused by later runs; --fresh regenerates).
 * 2. Starts the app as its own process, as production runs it (NODE_ENV=production); the admin
 *    registers a fresh test platform through the admin pages (a new client each run).
 * 3. After 400 launches to warm it up, runs 300 complete launches one at a time (what a launch
 *    costs the server alone), half of `--launches` at half the concurrency, then
 *    `--launches`, `--concurrency` at a time (what one instance sustains), by `--learners`
 *    different learners into random items: login initiation (GET /lti/login → redirect to the platform),
 *    the platform signs an id_token for that state and nonce, the id_token post (POST /lti),
 *    whose answer is the item's viewer page.
 *    The test platform gives each (course, item) one resource link, as an LMS gives an activity.
 * 4. "Server time" of a launch = the time of its two requests to the app (the platform's signing
 *    in between is not the app's); throughput counts whole launches. CPU time per launch of the
 *    app, its database and the benchmark itself, read from /proc, says what the cores could carry
 *    whatever else the machine was doing. Results go to bench/results/lti.{json,md}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { projectRoot } from '../config/index.js';
import { createLogger } from '../src/log.js';
import { ResourceModel } from '../src/models/resource.js';
import { createServices } from '../src/services/index.js';
import { TestLtiPlatform } from '../test/support/ltiPlatform.js';
import { openFreshDatabase } from './support/freshDatabase.js';
import { createSchools, insertResources, random } from './support/generate.js';
import { cpuPerOperation, readCpu } from './support/cpu.js';
import { percentiles, signInAs, startBenchServer, writeResults, type BenchServer } from './support/http.js';
import { launch, registerPlatform } from './support/lti.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '5000' },
    launches: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    learners: { type: 'string', default: '300' },
    fresh: { type: 'boolean', default: false },
  },
});
const count = Number(args.count);
const dataDir = path.join(projectRoot, 'bench', 'tmp', `lti-${count}`);
const log = createLogger('warn');
const ADMIN = { username: 'bench.lti.admin', password: 'bench-password-not-secret' };

interface Generated {
  schoolId: string;
  resourceIds: string[];
}

async function ensureData(): Promise<Generated> {
  const marker = path.join(dataDir, 'generated.json');
  if (!args.fresh && fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8')) as Generated;
  const { config, db } = await openFreshDatabase(dataDir, log);
  try {
    const { schoolIds } = await createSchools(20);
    const services = createServices(config, log);
    await services.tree.reloadAll();
    const schoolId = schoolIds[0]!.toHexString();
    const admin = await services.accounts.createLocalAccount({
      ...ADMIN,
      displayName: 'Quản trị thử tải',
      email: null,
      memberships: [{ orgId: schoolId, role: 'org_admin' }],
    });
    await insertResources({ count, schoolIds, ownerId: new Types.ObjectId(admin.id), onProgress: () => undefined });
    const published = await ResourceModel.find({ status: 'published' }, { _id: 1 }).limit(500).lean();
    const generated: Generated = { schoolId, resourceIds: published.map((r) => r._id.toHexString()) };
    await db.embedded?.indexIdPaths();
    fs.writeFileSync(marker, JSON.stringify(generated));
    return generated;
  } finally {
    await db.close();
  }
}

type Plan = { learner: string; resourceId: string }[];

/** Runs the plan `concurrency` launches at a time: each launch's server time, and the whole run's. */
async function measure(server: BenchServer, platform: TestLtiPlatform, plan: Plan, concurrency: number) {
  const { url } = server;
  const samples: number[] = [];
  const cpuBefore = readCpu(server.pid);
  let next = 0;
  const wallStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < plan.length) {
        const p = plan[next++]!;
        samples.push(await launch(url, platform, p.learner, p.resourceId));
      }
    }),
  );
  const seconds = (performance.now() - wallStart) / 1000;
  return {
    launches: plan.length,
    concurrency,
    launchesPerSecond: Math.round(plan.length / seconds),
    serverTimeMs: percentiles(samples),
    cpu: cpuPerOperation(cpuBefore, readCpu(server.pid), plan.length),
  };
}

async function run(): Promise<void> {
  const data = await ensureData();
  const server = await startBenchServer(dataDir);
  const platform = await new TestLtiPlatform().start(server.url);
  try {
    await registerPlatform(
      server.url,
      platform,
      data.schoolId,
      await signInAs(server.url, ADMIN.username, ADMIN.password),
    );
    const rnd = random(11);
    const learners = Number(args.learners);
    const total = Number(args.launches);
    const plan: Plan = Array.from({ length: total }, () => ({
      learner: `hs-${Math.floor(rnd() * learners)}`,
      resourceId: data.resourceIds[Math.floor(rnd() * data.resourceIds.length)]!,
    }));
    // Warm-up, as a server in service is: the first launches compile templates, fill caches and
    // keep V8 compiling hot code (measured, a cold start doubled the CPU of the first few hundred).
    await measure(server, platform, plan.slice(0, 400), Number(args.concurrency));

    const loadBefore = os.loadavg()[0]!;
    // One at a time: what a launch costs the server alone; then concurrent: what the instance sustains.
    const serial = await measure(server, platform, plan.slice(0, Math.min(300, total)), 1);
    // Half the concurrency too: where the latency target stands at a lighter load.
    const lighter = await measure(
      server,
      platform,
      plan.slice(0, Math.ceil(total / 2)),
      Math.max(2, Math.floor(Number(args.concurrency) / 2)),
    );
    const concurrent = await measure(server, platform, plan, Number(args.concurrency));
    const summary = {
      date: new Date().toISOString(),
      resources: count,
      learners,
      runs: [serial, lighter, concurrent],
      target: { launchesPerSecond: 200, p95Ms: 50 },
      machine: `${os.cpus().length} cores, node ${process.version}; the test platform (signing, JWKS) runs in the benchmark's process on the same cores`,
      /** The machine is shared: its 1-minute load average before and after the runs says how much. */
      loadAverage: { before: Math.round(loadBefore * 10) / 10, after: Math.round(os.loadavg()[0]! * 10) / 10 },
    };
    writeResults('lti', summary, [
      '# LTI launch benchmark',
      '',
      `${summary.date}: complete launches (login initiation + id_token post answered with the viewer page) by ${learners} learners into ${data.resourceIds.length} items of a ${count}-item catalogue, one app instance on the embedded FerretDB, ${summary.machine}. Server time = the two requests to the app (not the platform's signing in between).`,
      '',
      '| launches | concurrent | launches/s | p50 ms | p95 ms | p99 ms | max ms | mean ms | CPU ms/launch: app + database + platform | launches/s the cores could carry (all / app and database alone) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...summary.runs.map(
        (r) =>
          `| ${r.launches} | ${r.concurrency} | ${r.launchesPerSecond} | ${r.serverTimeMs.p50} | ${r.serverTimeMs.p95} | ${r.serverTimeMs.p99} | ${r.serverTimeMs.max} | ${r.serverTimeMs.mean} | ${r.cpu.msPerOperation.app} + ${r.cpu.msPerOperation.database} + ${r.cpu.msPerOperation.benchmark} | ${r.cpu.operationsPerSecondTheCoresCouldCarry} / ${r.cpu.operationsPerSecondTheCoresCouldCarryForTheServerAlone} |`,
      ),
      '',
      `Target: ≥ 200 launches/s with p95 < 50 ms. Load average of the (shared) machine: ${summary.loadAverage.before} before, ${summary.loadAverage.after} after.`,
    ]);
    for (const r of summary.runs)
      process.stdout.write(
        `${r.concurrency} concurrent: ${r.launchesPerSecond} launches/s, p95 ${r.serverTimeMs.p95} ms (targets 200/s, 50 ms); CPU ms per launch ${JSON.stringify(r.cpu.msPerOperation)}\n`,
      );
  } finally {
    await platform.stop();
    await server.stop();
  }
}

await run();
