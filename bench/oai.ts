/**
 * `npm run bench:oai`: a full OAI-PMH ListRecords harvest in oai_dc of 100,000 public resources,
 * through HTTP, from one instance of the app on the embedded database.
 *
 * 1. Generates the catalogue once into bench/tmp/oai-<count> (reused by later runs; --fresh
 *    regenerates): a department, 60 schools and `--count` published public resources. The resource
 *    documents are inserted in bulk straight into the collection (ResourceModel.insertMany in
 *    batches, valid records with `oai.state: 'exposed'`), not one by one through the service, which
 *    would take hours; they have the shape the service writes.
 * 2. Starts the app as its own process (OAI_PAGE_SIZE as configured, default 100).
 * 3. Asks Identify (untimed), then harvests ListRecords metadataPrefix=oai_dc from the first page
 *    to the last by following resumption tokens, as a harvester does (gzip accepted), timing every page.
 * 4. Writes records/second, the first and last page times and a page-time series summary to
 *    bench/results/oai.{json,md}. Target: ≥ 2,000 records/s, page times flat from first to last.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { projectRoot } from '../config/index.js';
import { createLogger } from '../src/log.js';
import { benchConfig, generatedOnce } from './support/generatedOnce.js';
import { createSchools, insertResources } from './support/generate.js';
import { percentiles, startBenchServer, writeResults } from './support/http.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    fresh: { type: 'boolean', default: false },
  },
});
const count = Number(args.count);
const dataDir = path.join(projectRoot, 'bench', 'tmp', `oai-${count}`);
const log = createLogger('warn');

async function ensureCatalogue(): Promise<void> {
  await generatedOnce(dataDir, args.fresh ?? false, log, async () => {
    const { schoolIds } = await createSchools(60);
    await insertResources({
      count,
      schoolIds,
      ownerId: new Types.ObjectId(),
      publicShare: 1,
      onProgress: (done) => done % 20000 === 0 && process.stdout.write(`  generated ${done}\n`),
    });
    return { count };
  });
}

/** Mean of each tenth of the harvest, to show whether pages get slower towards the end. */
function tenths(samples: number[]): number[] {
  const size = Math.ceil(samples.length / 10);
  return Array.from({ length: Math.ceil(samples.length / size) }, (_, i) => {
    const part = samples.slice(i * size, (i + 1) * size);
    return Math.round((part.reduce((s, x) => s + x, 0) / part.length) * 10) / 10;
  });
}

async function harvest(
  baseUrl: string,
): Promise<{ pageMs: number[]; records: number; deleted: number; completeListSize: number | null; seconds: number }> {
  const pageMs: number[] = [];
  let records = 0;
  let deleted = 0;
  let completeListSize: number | null = null;
  // As a harvester does, Identify first (untimed): it also opens the connection.
  await fetch(`${baseUrl}/oai?verb=Identify`).then((r) => r.arrayBuffer());
  let query = 'verb=ListRecords&metadataPrefix=oai_dc';
  const started = performance.now();
  for (;;) {
    const t = performance.now();
    const res = await fetch(`${baseUrl}/oai?${query}`, { headers: { 'accept-encoding': 'gzip' } });
    const xml = await res.text();
    pageMs.push(performance.now() - t);
    if (res.status !== 200 || xml.includes('<error'))
      throw new Error(`page ${pageMs.length}: ${res.status} ${xml.slice(0, 500)}`);
    records += xml.split('<record>').length - 1;
    deleted += xml.split('status="deleted"').length - 1;
    const token = /<resumptionToken([^>]*)>([^<]*)<\/resumptionToken>|<resumptionToken([^>]*)\/>/.exec(xml);
    const size = token ? /completeListSize="(\d+)"/.exec(token[1] ?? token[3] ?? '') : null;
    if (size) completeListSize = Number(size[1]);
    if (!token?.[2]) break;
    query = `verb=ListRecords&resumptionToken=${encodeURIComponent(token[2])}`;
    if (pageMs.length % 100 === 0)
      process.stdout.write(`  ${records} records, page ${pageMs.length} in ${Math.round(pageMs.at(-1)!)} ms\n`);
  }
  return { pageMs, records, deleted, completeListSize, seconds: (performance.now() - started) / 1000 };
}

async function run(): Promise<void> {
  process.stdout.write(`Catalogue of ${count} public resources in ${dataDir}\n`);
  await ensureCatalogue();
  const server = await startBenchServer(dataDir);
  try {
    const h = await harvest(server.url);
    if (h.records !== count) throw new Error(`harvested ${h.records} records, expected ${count}`);
    const round = (x: number) => Math.round(x * 10) / 10;
    const recordsPerSecond = Math.round(h.records / h.seconds);
    const summary = {
      date: new Date().toISOString(),
      resources: count,
      pageSize: benchConfig(dataDir).oai.pageSize,
      pages: h.pageMs.length,
      records: h.records,
      completeListSize: h.completeListSize,
      seconds: round(h.seconds),
      recordsPerSecond,
      targetRecordsPerSecond: 2000,
      firstPageMs: round(h.pageMs[0]!),
      lastPageMs: round(h.pageMs.at(-1)!),
      pageMs: percentiles(h.pageMs),
      pageMsMeanPerTenth: tenths(h.pageMs),
      indexLoadMs: server.indexLoadMs,
      machine: `${os.cpus().length} cores, node ${process.version}`,
    };
    writeResults('oai', summary, [
      `# OAI-PMH harvest benchmark`,
      ``,
      `${summary.date}: a full ListRecords oai_dc harvest of ${count} public resources through HTTP (gzip), following resumption tokens, ${summary.pages} pages of ${summary.pageSize}, one app instance on the embedded FerretDB, ${summary.machine}.`,
      ``,
      `- **${recordsPerSecond} records/s** (target ≥ ${summary.targetRecordsPerSecond}), ${summary.records} records in ${summary.seconds} s; completeListSize ${summary.completeListSize}.`,
      `- First page ${summary.firstPageMs} ms, last page ${summary.lastPageMs} ms.`,
      `- Page time: p50 ${summary.pageMs.p50} ms, p95 ${summary.pageMs.p95} ms, p99 ${summary.pageMs.p99} ms, max ${summary.pageMs.max} ms, mean ${summary.pageMs.mean} ms.`,
      `- Mean page time per tenth of the harvest (first → last): ${summary.pageMsMeanPerTenth.join(' · ')} ms.`,
      `- Catalogue index load at start-up: ${summary.indexLoadMs} ms.`,
    ]);
    process.stdout.write(
      `${recordsPerSecond} records/s (target 2000); first page ${summary.firstPageMs} ms, last ${summary.lastPageMs} ms\n`,
    );
  } finally {
    await server.stop();
  }
}

await run();
