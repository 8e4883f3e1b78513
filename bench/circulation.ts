/**
 * `npm run bench:circulation`: the desk of one big school through the API, as the app runs in
 * production (its own process, the embedded FerretDB).
 *
 * 1. Generates once into bench/tmp/circulation-<copies>-<patrons> (reused; --fresh regenerates), in
 *    bulk: one school, `--titles` titles, `--copies` copies with their barcodes claimed, `--patrons`
 *    students, one librarian, and loan rules that let a student hold a few books at once.
 * 2. Runs each part below against the app; a part returns its figures and its lines of the report.
 *    Part "desk": `--desks` desks at once, each lending a copy of its own share to a random patron
 *    and taking it back, `--rounds` times (POST …/checkouts, POST …/returns); latency per call.
 *    Each desk sends its next call as soon as the last answers (the desks' saturation), or, with
 *    `--pace-ms`, at most one call every that many ms, as a librarian scanning books does.
 * 3. Writes bench/results/circulation.{json,md}. The target (issue 15): p95 under 50 ms with 4
 *    desks on 2 cores. Run it on a quiet machine: figures taken while others work are not final.
 *
 * Part "registers" (bench/registersPart.ts): the individual register of the same 50,000 copies as
 * XLSX and as PDF, time and the app's peak memory.
 * Part "stocktaking" (./stocktakingPart.ts): a session over
 * the whole school, `--desks` librarians scanning `--scans` codes each, then the result and the record (PDF, XLSX).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../config/index.js';
import type { Copy } from '../src/domain/copy.js';
import { defaultCirculationSettings } from '../src/domain/loanRules.js';
import { createLogger } from '../src/log.js';
import { saveCirculationSettings } from '../src/models/circulationSettings.js';
import { insertCopies } from '../src/models/copy.js';
import { claimKeys, copyKey } from '../src/models/copyKey.js';
import { OrganisationModel } from '../src/models/organisation.js';
import { PersonModel } from '../src/models/person.js';
import { createServices } from '../src/services/index.js';
import { librarySchool } from './support/librarySchool.js';
import { benchConfig, generatedOnce, openBenchDatabase } from './support/generatedOnce.js';
import { percentiles, signInAs, startBenchServer, writeResults, type BenchServer } from './support/http.js';
import { storedCopy } from '../test/support/storedCopy.js';
import { registersPart } from './registersPart.js';
import { cpuPerOperation, readCpu } from './support/cpu.js';
import { stocktakingPart } from './stocktakingPart.js';

const { values: args } = parseArgs({
  options: {
    titles: { type: 'string', default: '2000' },
    copies: { type: 'string', default: '50000' },
    patrons: { type: 'string', default: '2000' },
    desks: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '250' },
    /**
     * Each desk starts a call at most every this many ms (0: at once after the last, the desks' saturation).
     * A librarian scanning a stack of books scans about one a second; 250 is four times that pace.
     */
    'pace-ms': { type: 'string', default: '0' },
    scans: { type: 'string', default: '500' },
    fresh: { type: 'boolean', default: false },
    /** Which parts to run, by name, comma-separated (all by default). */
    parts: { type: 'string', default: 'desk,registers,stocktaking' },
  },
});
const counts = { titles: Number(args.titles), copies: Number(args.copies), patrons: Number(args.patrons) };
const dataDir = path.join(projectRoot, 'bench', 'tmp', `circulation-${counts.copies}-${counts.patrons}`);
const log = createLogger('warn');
const LIBRARIAN = { username: 'thuthu-bench', password: 'mat-khau-thu-thu-bench' };
const barcodeOf = (i: number) => `BC${String(i + 1).padStart(7, '0')}`;

/** What every part gets: the running app, the school, its patrons, and a signed-in librarian per desk. */
export interface CirculationBenchContext {
  server: BenchServer;
  schoolId: string;
  patronIds: string[];
  copyCount: number;
  desks: { cookie: string; csrf: string }[];
  /** The barcode of the i-th generated copy. */
  barcodeOf: (i: number) => string;
}

export interface CirculationBenchPart {
  name: string;
  run(ctx: CirculationBenchContext): Promise<{ figures: Record<string, unknown>; report: string[] }>;
}

async function generate(): Promise<Record<string, unknown>> {
  const services = createServices(benchConfig(dataDir), log);
  const librarian = { ...LIBRARIAN, displayName: 'Thủ thư thử tải' };
  const { school, orgId, titleIds, batchId } = await librarySchool(services, librarian, counts.titles);
  const now = new Date();
  for (let done = 0; done < counts.copies; done += 5000) {
    const copies: Copy[] = [];
    for (let i = done; i < Math.min(done + 5000, counts.copies); i++) {
      const accessionNumber = `TK-${String(i + 1).padStart(5, '0')}`;
      copies.push(
        storedCopy(
          { orgId, resourceId: titleIds[i % titleIds.length]!, batchId, accessionNumber, barcode: barcodeOf(i) },
          now,
        ),
      );
    }
    await insertCopies(copies);
    await claimKeys(
      copies.flatMap((c) => [
        copyKey('barcode', orgId, c.barcode, c.id),
        copyKey('accession', orgId, c.accessionNumber, c.id),
      ]),
    );
    process.stdout.write(`  generated ${copies.length + done} copies\n`);
  }
  await PersonModel.insertMany(
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
  const settings = defaultCirculationSettings(orgId);
  await saveCirculationSettings({ ...settings, rules: settings.rules.map((r) => ({ ...r, maxItems: 10 })) }, 0, null);
  return counts;
}

/**
 * Waits until the app and its database are idle (under a tenth of a core over a second, at most two
 * minutes): what a fresh start does in the background (the statistics warm-up counts the whole
 * school) would otherwise fall into the desk's first seconds. Returns how long it waited.
 */
async function settled(appPid: number): Promise<number> {
  const started = performance.now();
  let last = readCpu(appPid);
  while (performance.now() - started < 120_000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = readCpu(appPid);
    if (now.app + now.database - last.app - last.database < 100) break;
    last = now;
  }
  return Math.round(performance.now() - started);
}

/** Part "desk": lending and taking back through the API, `--desks` desks at once. */
const deskPart: CirculationBenchPart = {
  name: 'desk',
  async run(ctx) {
    const rounds = Number(args.rounds);
    const paceMs = Number(args['pace-ms']);
    const lend: number[] = [];
    const back: number[] = [];
    let refused = 0;
    const share = Math.floor(ctx.copyCount / ctx.desks.length);
    const call = async (desk: CirculationBenchContext['desks'][number], path: string, body: unknown) => {
      const t = performance.now();
      const res = await fetch(`${ctx.server.url}/api/v1/library/organisations/${ctx.schoolId}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: desk.cookie, 'x-csrf-token': desk.csrf },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      return { ms: performance.now() - t, status: res.status };
    };
    const settledMs = await settled(ctx.server.pid);
    const cpuBefore = readCpu(ctx.server.pid);
    const started = performance.now();
    await Promise.all(
      ctx.desks.map(async (desk, d) => {
        // Paced desks start out of step, as four librarians do.
        if (paceMs) await sleep((paceMs * d) / ctx.desks.length);
        for (let i = 0; i < rounds; i++) {
          const barcode = barcodeOf(d * share + ((i * 7919) % share));
          const patronId = ctx.patronIds[(d * rounds + i) % ctx.patronIds.length]!;
          const out = await paced(paceMs, () => call(desk, '/checkouts', { patronId, barcode }));
          if (out.status !== 201) refused++;
          lend.push(out.ms);
          back.push((await paced(paceMs, () => call(desk, '/returns', { barcode }))).ms);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuPerOperation(cpuBefore, readCpu(ctx.server.pid), lend.length + back.length);
    const figures = {
      desks: ctx.desks.length,
      rounds,
      paceMs,
      refused,
      callsPerSecond: Math.round(((lend.length + back.length) / seconds) * 10) / 10,
      checkoutMs: percentiles(lend),
      returnMs: percentiles(back),
      settledMs,
      cpuMsPerCall: cpu.msPerOperation,
      load: os.loadavg().map((l) => Math.round(l * 10) / 10),
    };
    return {
      figures,
      report: [
        `## Desk: ${ctx.desks.length} desks at once, ${rounds} loans and returns each, ` +
          (paceMs ? `a call every ${paceMs} ms at most per desk` : 'each call sent as the last one answers'),
        '',
        '| call | p50 ms | p95 ms | p99 ms | max ms |',
        '| --- | --- | --- | --- | --- |',
        `| checkout | ${figures.checkoutMs.p50} | ${figures.checkoutMs.p95} | ${figures.checkoutMs.p99} | ${figures.checkoutMs.max} |`,
        `| return | ${figures.returnMs.p50} | ${figures.returnMs.p95} | ${figures.returnMs.p99} | ${figures.returnMs.max} |`,
        '',
        `${figures.callsPerSecond} calls per second in all; ${refused} checkouts refused (expected 0). Target: p95 under 50 ms.`,
        '',
        `CPU per call (checkout or return): app ${cpu.msPerOperation.app} ms, embedded database ${cpu.msPerOperation.database} ms, ` +
          `benchmark client ${cpu.msPerOperation.benchmark} ms. The desks started once the app had settled ` +
          `(${settledMs} ms after it was ready: its start-up work, the statistics warm-up of the whole school, done). ` +
          `Load average at the end: ${figures.load.join(', ')}.`,
      ],
    };
  },
};

/** Runs `call`, then waits until `paceMs` have passed since it started. */
async function paced<T>(paceMs: number, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const out = await call();
  const left = paceMs - (performance.now() - started);
  if (left > 0) await sleep(left);
  return out;
}

/** The parts run in order. */
const parts: CirculationBenchPart[] = [deskPart, registersPart, stocktakingPart(Number(args.scans))].filter((p) =>
  args.parts.split(',').includes(p.name),
);

async function signedInDesk(url: string): Promise<{ cookie: string; csrf: string }> {
  const cookie = await signInAs(url, LIBRARIAN.username, LIBRARIAN.password);
  const me = (await (await fetch(`${url}/api/v1/me`, { headers: { cookie } })).json()) as { csrfToken: string };
  return { cookie, csrf: me.csrfToken };
}

async function run(): Promise<void> {
  process.stdout.write(`${counts.copies} copies, ${counts.patrons} patrons in ${dataDir}\n`);
  await generatedOnce(dataDir, args.fresh ?? false, log, generate);
  // Read before the app starts: the app holds the embedded database's data directory then.
  const db = await openBenchDatabase(dataDir, log);
  const schoolId = (await OrganisationModel.findOne({ code: 'BENCH-1' }).lean())!._id.toHexString();
  const patronIds = (await PersonModel.find({ 'memberships.role': 'student' }, { _id: 1 }).lean()).map((p) =>
    p._id.toHexString(),
  );
  await db.close();
  const server = await startBenchServer(dataDir);
  try {
    const ctx: CirculationBenchContext = {
      server,
      schoolId,
      patronIds,
      copyCount: counts.copies,
      barcodeOf,
      desks: await Promise.all(Array.from({ length: Number(args.desks) }, () => signedInDesk(server.url))),
    };
    const results: Record<string, unknown> = {};
    const report: string[] = [];
    for (const part of parts) {
      const { figures, report: lines } = await part.run(ctx);
      results[part.name] = figures;
      report.push(...lines, '');
      process.stdout.write(`${part.name}: ${JSON.stringify(figures)}\n`);
    }
    const machine = `${os.cpus().length} cores, node ${process.version}`;
    const summary = { date: new Date().toISOString(), ...counts, machine, startMs: server.readyMs, ...results };
    // A paced run is kept beside the saturation run, not over it.
    writeResults(Number(args['pace-ms']) ? 'circulation-paced' : 'circulation', summary, [
      '# Circulation benchmark',
      '',
      `${summary.date}: one school of ${counts.copies} copies (${counts.titles} titles) and ${counts.patrons} patrons, the app in its own process on the embedded FerretDB, ${machine}; ready ${server.readyMs} ms after start.`,
      '',
      ...report,
    ]);
  } finally {
    await server.stop();
  }
}

await run();
