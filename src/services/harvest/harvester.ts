/**
 * Runs harvests: one source at a time per instance, claimed with a lease document (`_id` = source
 * id) so several app instances never harvest the same source at once. Each page's records are
 * imported, then the run's progress (resumption token, counts) is saved by `_id`: a run cut short
 * by a restart is taken up where it stopped. Runs are incremental from the source's clock at the
 * last successful run, minus a safety margin; imports are idempotent per (source, identifier).
 */
import { randomUUID } from 'node:crypto';
import {
  HarvestSourceError,
  type HarvestedRecord,
  type HarvestPage,
  type SourcePlugin,
} from '../../domain/harvestSource.js';
import { notFound } from '../../domain/errors.js';
import type { HarvestCounts, HarvestRun, HarvestSource } from '../../domain/harvest.js';
import type { Resource } from '../../domain/resource.js';
import {
  harvestedItemId,
  harvestedItems,
  insertHarvestedItems,
  markHarvestedItems,
  resourceIdFor,
  type HarvestedItem,
} from '../../models/harvest.js';
import {
  allHarvestSources,
  claimHarvestLease,
  countHarvestRunResumed,
  failHarvestRun,
  findHarvestRun,
  findHarvestSource,
  finishHarvestRun,
  recordHarvestPage,
  releaseHarvestLease,
  startHarvestRun,
} from '../../models/harvestSources.js';
import type { Actor } from '../../policies/actor.js';
import type { Logger } from '../../log.js';
import type { HarvestedChange, ResourceService } from '../resources.js';
import type { OutboundClient } from '../../outbound/client.js';
import { createFetcher, type FetchPolicy } from './fetcher.js';
import { mapDublinCore } from './mapping.js';
import { harvestRunEnded } from '../../metrics/index.js';
import type { IntegrationEventLog } from '../integrationEvents.js';

export interface HarvesterOptions extends FetchPolicy {
  /** Where each finished run is recorded for the integrations health page. */
  events?: Pick<IntegrationEventLog, 'harvestRun'>;
  /** The guarded client every request to a source goes through. */
  outbound: OutboundClient;
  leaseMs: number;
  /** Harvests start this long before the last successful one, for clocks and late commits at the source. */
  safetyMarginMs: number;
  /** Recent runs kept in a source's log. */
  keepRuns: number;
}

export const defaultHarvesterOptions: Omit<HarvesterOptions, 'outbound'> = {
  retries: 4,
  backoffMs: 2000,
  maxWaitMs: 120_000,
  maxBytes: 50 * 1024 * 1024,
  timeoutMs: 120_000,
  leaseMs: 5 * 60_000,
  safetyMarginMs: 10 * 60_000,
  keepRuns: 50,
};

type Outcome = keyof HarvestCounts;

export class Harvester {
  /** Who holds a lease: this instance, for as long as it lives. */
  private readonly holder = randomUUID();
  private stopping = false;
  /** Sources this instance is harvesting now: the lease lets its holder in again, this must not. */
  private readonly running = new Set<string>();

  constructor(
    private readonly resources: ResourceService,
    private readonly log: Logger,
    readonly plugins: readonly SourcePlugin[],
    private readonly options: HarvesterOptions,
  ) {}

  /** Lets the run under way finish its page and stop there, resumable, and starts no other. */
  stop(): void {
    this.stopping = true;
  }

  /** Runs what is due: interrupted runs first, then sources whose schedule has come. */
  async runDue(now = new Date()): Promise<void> {
    for (const source of await allHarvestSources()) {
      if (this.stopping) return;
      if (source.activeRunId || (source.nextRunAt && source.nextRunAt <= now)) await this.run(source.id);
    }
  }

  /** Claims the source and harvests it (resuming its interrupted run if any); null when another instance holds it. */
  async run(sourceId: string): Promise<HarvestRun | null> {
    if (this.running.has(sourceId) || !(await this.claim(sourceId))) return null;
    this.running.add(sourceId);
    try {
      const source = await findHarvestSource(sourceId);
      if (!source) return null;
      const run = (source.activeRunId && (await findHarvestRun(source.activeRunId))) || (await this.startRun(source));
      if (source.activeRunId === run.id) await countHarvestRunResumed(run.id);
      return await this.execute(source, run);
    } finally {
      this.running.delete(sourceId);
      await releaseHarvestLease(sourceId, this.holder);
    }
  }

  private startRun(source: HarvestSource): Promise<HarvestRun> {
    const from = source.harvestedUntil ? new Date(source.harvestedUntil.getTime() - this.options.safetyMarginMs) : null;
    return startHarvestRun(source, from, this.options.keepRuns);
  }

  private async execute(source: HarvestSource, run: HarvestRun): Promise<HarvestRun> {
    const sourceId = source.id;
    const plugin = this.plugins.find((p) => p.kind === source.kind);
    const get = createFetcher(this.options.outbound, this.options, (url, reason, waitMs) =>
      this.log.warn({ sourceId, url, reason, waitMs }, 'harvest: retrying'),
    );
    let sourceDate = run.sourceDate;
    try {
      if (!plugin) throw new HarvestSourceError(`no source plugin "${source.kind}"`, source.baseUrl);
      const pages = plugin.pages({
        baseUrl: source.baseUrl,
        metadataPrefix: source.metadataPrefix,
        set: source.set,
        from: run.from,
        resumptionToken: run.resumptionToken,
        get,
      });
      for await (const page of aheadByOne(pages)) {
        const counts = await this.importPage(source, page);
        sourceDate ??= parseSourceDate(page.responseDate) ?? run.startedAt;
        await recordHarvestPage(run.id, { resumptionToken: page.resumptionToken, sourceDate, counts });
        if (this.stopping) return (await findHarvestRun(run.id))!;
        if (page.resumptionToken && !(await this.claim(sourceId)))
          throw new Error('the lease was lost to another instance');
      }
      const finishedAt = new Date();
      const harvestedUntil = sourceDate ?? run.startedAt;
      await finishHarvestRun(run, { finishedAt, harvestedUntil, nextRunAt: nextRun(source, finishedAt) });
      this.log.info({ sourceId, runId: run.id }, 'harvest: run finished');
      harvestRunEnded('succeeded');
    } catch (err) {
      await this.failed(source, run, err);
    }
    const ended = (await findHarvestRun(run.id))!;
    this.options.events?.harvestRun(
      { id: sourceId, name: source.name, orgId: source.orgId },
      runFacts(ended),
      ended.problems.at(-1)?.message.slice(0, 300) ?? null,
    );
    return ended;
  }

  private async failed(source: HarvestSource, run: HarvestRun, err: unknown): Promise<void> {
    const url = err instanceof HarvestSourceError ? err.url : null;
    const message = err instanceof Error ? err.message : String(err);
    const finishedAt = new Date();
    this.log.error({ sourceId: source.id, runId: run.id, url, err: message }, 'harvest: run failed');
    harvestRunEnded('failed');
    await failHarvestRun(run, { at: finishedAt, url, message }, nextRun(source, finishedAt));
  }

  /**
   * A page in bulk: the record map's entries read a few at once; the resources written in one
   * insert and one bulk update with one change-feed entry; then the map, which is written last: a
   * crash before it imports the page again, and a new record's resource, whose id follows from
   * (source, identifier), is then found (its insert refused as a duplicate) and rewritten, never
   * imported twice.
   */
  private async importPage(source: HarvestSource, page: HarvestPage): Promise<HarvestCounts> {
    const sourceId = source.id;
    const records = lastOfEachIdentifier(page.records);
    const items = await harvestedItems(records.map((r) => harvestedItemId(sourceId, r.identifier)));
    const itemOf = (r: HarvestedRecord) => items.get(harvestedItemId(sourceId, r.identifier));
    const resourceIdOf = (r: HarvestedRecord) => itemOf(r)?.resourceId ?? resourceIdFor(sourceId, r.identifier);
    let pending = records;
    const imports: Import[] = [];
    for (let attempt = 1; pending.length; attempt++) {
      // First time round, only records already imported can have a resource; then every one left.
      const known = attempt === 1 ? pending.filter((r) => itemOf(r)) : pending;
      const existing = await this.resources.findMany(known.map(resourceIdOf));
      const planned = pending.map((r) => planImport(source, r, itemOf(r), resourceIdOf(r), existing));
      const changes = planned.flatMap((p) => (p.change ? [p.change] : []));
      const notWritten = new Set(await this.resources.writeHarvested(ownerOf(source), source.orgId, changes));
      imports.push(...planned.filter((p) => !notWritten.has(p.resourceId)));
      pending = planned.filter((p) => notWritten.has(p.resourceId)).map((p) => p.record);
      if (pending.length && attempt === 3) throw new Error('harvested resources keep changing while being written');
    }
    await this.remember(sourceId, imports, items);
    const counts: HarvestCounts = { added: 0, updated: 0, deleted: 0, unchanged: 0 };
    for (const i of imports) counts[i.outcome]++;
    return counts;
  }

  /** The record map after a page: new entries in one insert, changed ones updated. */
  private async remember(sourceId: string, imports: Import[], items: Map<string, HarvestedItem>) {
    const marked = imports.flatMap((i) =>
      i.mark ? [{ key: harvestedItemId(sourceId, i.record.identifier), resourceId: i.resourceId, ...i.mark }] : [],
    );
    const fresh = marked.filter((m) => !items.has(m.key));
    const taken = new Set(await insertHarvestedItems(fresh));
    await markHarvestedItems(marked.filter((m) => items.has(m.key) || taken.has(m.key)));
  }

  /** Takes or renews the source's lease; false while another instance holds an unexpired one. */
  private claim(sourceId: string): Promise<boolean> {
    return claimHarvestLease(sourceId, this.holder, this.options.leaseMs);
  }
}

/** The next page is fetched and parsed while this one is imported. */
async function* aheadByOne<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  let next = iterator.next();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = iterator.next();
    // A failure surfaces when that page is awaited; not before, and not as an unhandled rejection.
    next.catch(() => {});
    yield current.value;
  }
}

interface Import {
  record: HarvestedRecord;
  outcome: Outcome;
  /** The resource the record became, or would become. */
  resourceId: string;
  change: HarvestedChange | null;
  /** What the record map keeps of the record once the change is written; null when it stays. */
  mark: { datestamp: string; deleted: boolean } | null;
}

/** A page may name a record twice; the later one is the newer. */
function lastOfEachIdentifier(records: readonly HarvestedRecord[]): HarvestedRecord[] {
  const byIdentifier = new Map<string, HarvestedRecord>();
  for (const r of records) if (r.identifier) byIdentifier.set(r.identifier, r);
  return [...byIdentifier.values()];
}

/** The harvest writes as the admin who registered the source. */
function ownerOf(source: HarvestSource): Actor {
  return { personId: source.ownerId, systemAdmin: false, memberships: [], grantedResourceIds: new Set() };
}

/** What importing one record does: add, update or delete its resource, or nothing. */
function planImport(
  source: HarvestSource,
  record: HarvestedRecord,
  item: HarvestedItem | undefined,
  resourceId: string,
  existing: ReadonlyMap<string, Resource>,
): Import {
  const sourceId = source.id;
  const current = existing.get(resourceId);
  const mark = { datestamp: record.datestamp, deleted: record.deleted };
  const none = { record, resourceId, change: null };
  if (record.deleted) {
    if (!item || item.deleted) return { ...none, outcome: 'unchanged', mark: null };
    const live = current?.external?.sourceId === sourceId && current.status !== 'deleted';
    return live
      ? { ...none, outcome: 'deleted', change: { kind: 'remove', current }, mark }
      : { ...none, outcome: 'unchanged', mark };
  }
  if (current && current.external?.sourceId !== sourceId) throw notFound('resources.notFound');
  const mapped = mapDublinCore(record.fields, record.identifier);
  const external = { sourceId, identifier: record.identifier, url: mapped.url, reexpose: source.reexpose };
  const input = { metadata: mapped.metadata, scope: 'public' as const };
  if (!current) return { ...none, outcome: 'added', change: { kind: 'add', id: resourceId, input, external }, mark };
  const same =
    item?.datestamp === record.datestamp &&
    !item.deleted &&
    current.status === 'published' &&
    current.external?.reexpose === source.reexpose;
  if (same) return { ...none, outcome: 'unchanged', mark: null };
  return { ...none, outcome: 'updated', change: { kind: 'update', current, input, external }, mark };
}

/** A run as the integrations log keeps it: records = added + updated + deleted + unchanged. */
function runFacts(run: HarvestRun) {
  return {
    runId: run.id,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    records: run.added + run.updated + run.deleted + run.unchanged,
    errors: run.problems.length,
  };
}

function parseSourceDate(text: string | null): Date | null {
  if (!text) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

function nextRun(source: HarvestSource, after: Date): Date | null {
  return source.intervalHours > 0 ? new Date(after.getTime() + source.intervalHours * 3600_000) : null;
}
