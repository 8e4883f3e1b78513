/**
 * Runs harvests: one source at a time per instance, claimed with a lease document (`_id` = source
 * id) so several app instances never harvest the same source at once. Each page's records are
 * imported, then the run's progress (resumption token, counts) is saved by `_id`: a run cut short
 * by a restart is taken up where it stopped. Runs are incremental from the source's clock at the
 * last successful run, minus a safety margin; imports are idempotent per (source, identifier).
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import {
  HarvestSourceError,
  type HarvestedRecord,
  type HarvestPage,
  type SourcePlugin,
} from '../../domain/harvestSource.js';
import { notFound } from '../../domain/errors.js';
import type { Resource } from '../../domain/resource.js';
import {
  HarvestLeaseModel,
  HarvestRunModel,
  HarvestSourceModel,
  harvestedItemId,
  harvestedItems,
  insertHarvestedItems,
  markHarvestedItems,
  resourceIdFor,
  type HarvestedItemRecord,
  type HarvestRunRecord,
  type HarvestSourceRecord,
} from '../../models/harvest.js';
import type { Actor } from '../../policies/actor.js';
import type { Logger } from '../../log.js';
import type { HarvestedChange, ResourceService } from '../resources.js';
import type { OutboundClient } from '../../outbound/client.js';
import { createFetcher, type FetchPolicy } from './fetcher.js';
import { mapDublinCore } from './mapping.js';
import { insertedFirst } from '../../db/errors.js';
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

type Outcome = 'added' | 'updated' | 'deleted' | 'unchanged';

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
    const sources = await HarvestSourceModel.find({}).lean<HarvestSourceRecord[]>();
    for (const source of sources) {
      if (this.stopping) return;
      if (source.activeRunId || (source.nextRunAt && source.nextRunAt <= now)) await this.run(source._id.toHexString());
    }
  }

  /** Claims the source and harvests it (resuming its interrupted run if any); null when another instance holds it. */
  async run(sourceId: string): Promise<HarvestRunRecord | null> {
    if (this.running.has(sourceId) || !(await this.claim(sourceId))) return null;
    this.running.add(sourceId);
    try {
      const source = await HarvestSourceModel.findById(sourceId).lean<HarvestSourceRecord>();
      if (!source) return null;
      const run =
        (source.activeRunId && (await HarvestRunModel.findById(source.activeRunId).lean<HarvestRunRecord>())) ||
        (await this.startRun(source));
      if (source.activeRunId?.equals(run._id))
        await HarvestRunModel.updateOne({ _id: run._id }, { $inc: { resumed: 1 } });
      return await this.execute(source, run);
    } finally {
      this.running.delete(sourceId);
      await HarvestLeaseModel.deleteOne({ _id: sourceId, holder: this.holder });
    }
  }

  private async startRun(source: HarvestSourceRecord): Promise<HarvestRunRecord> {
    const now = new Date();
    const from = source.harvestedUntil ? new Date(source.harvestedUntil.getTime() - this.options.safetyMarginMs) : null;
    const run = await HarvestRunModel.create({ sourceId: source._id, status: 'running', startedAt: now, from });
    const runIds = [run._id, ...source.runIds].slice(0, this.options.keepRuns);
    await HarvestSourceModel.updateOne(
      { _id: source._id },
      { $set: { activeRunId: run._id, runIds, modifiedAt: now } },
    );
    return run.toObject();
  }

  private async execute(source: HarvestSourceRecord, run: HarvestRunRecord): Promise<HarvestRunRecord> {
    const sourceId = source._id.toHexString();
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
        await HarvestRunModel.updateOne(
          { _id: run._id },
          { $set: { resumptionToken: page.resumptionToken, sourceDate }, $inc: { pages: 1, ...counts } },
        );
        if (this.stopping) return (await HarvestRunModel.findById(run._id).lean<HarvestRunRecord>())!;
        if (page.resumptionToken && !(await this.claim(sourceId)))
          throw new Error('the lease was lost to another instance');
      }
      const finishedAt = new Date();
      await HarvestRunModel.updateOne(
        { _id: run._id },
        { $set: { status: 'succeeded', finishedAt, resumptionToken: null } },
      );
      await HarvestSourceModel.updateOne(
        { _id: source._id },
        {
          $set: {
            activeRunId: null,
            harvestedUntil: sourceDate ?? run.startedAt,
            nextRunAt: nextRun(source, finishedAt),
            modifiedAt: finishedAt,
          },
        },
      );
      this.log.info({ sourceId, runId: run._id.toHexString() }, 'harvest: run finished');
      harvestRunEnded('succeeded');
    } catch (err) {
      const url = err instanceof HarvestSourceError ? err.url : null;
      const message = err instanceof Error ? err.message : String(err);
      const finishedAt = new Date();
      this.log.error({ sourceId, runId: run._id.toHexString(), url, err: message }, 'harvest: run failed');
      harvestRunEnded('failed');
      await HarvestRunModel.updateOne(
        { _id: run._id },
        { $set: { status: 'failed', finishedAt }, $push: { problems: { at: finishedAt, url, message } } },
      );
      await HarvestSourceModel.updateOne(
        { _id: source._id },
        { $set: { activeRunId: null, nextRunAt: nextRun(source, finishedAt), modifiedAt: finishedAt } },
      );
    }
    const ended = (await HarvestRunModel.findById(run._id).lean<HarvestRunRecord>())!;
    this.options.events?.harvestRun(
      { id: sourceId, name: source.name, orgId: source.orgId.toHexString() },
      runFacts(ended),
      ended.problems.at(-1)?.message.slice(0, 300) ?? null,
    );
    return ended;
  }

  /**
   * A page in bulk: the record map's entries read a few at once; the resources written in one
   * insert and one bulk update with one change-feed entry; then the map, which is written last: a
   * crash before it imports the page again, and a new record's resource, whose id follows from
   * (source, identifier), is then found (its insert refused as a duplicate) and rewritten, never
   * imported twice.
   */
  private async importPage(source: HarvestSourceRecord, page: HarvestPage): Promise<Record<Outcome, number>> {
    const sourceId = source._id.toHexString();
    const records = lastOfEachIdentifier(page.records);
    const items = await harvestedItems(records.map((r) => harvestedItemId(sourceId, r.identifier)));
    const itemOf = (r: HarvestedRecord) => items.get(harvestedItemId(sourceId, r.identifier));
    const resourceIdOf = (r: HarvestedRecord) =>
      (itemOf(r)?.resourceId ?? resourceIdFor(sourceId, r.identifier)).toHexString();
    let pending = records;
    const imports: Import[] = [];
    for (let attempt = 1; pending.length; attempt++) {
      // First time round, only records already imported can have a resource; then every one left.
      const known = attempt === 1 ? pending.filter((r) => itemOf(r)) : pending;
      const existing = await this.resources.findMany(known.map(resourceIdOf));
      const planned = pending.map((r) => planImport(source, r, itemOf(r), resourceIdOf(r), existing));
      const changes = planned.flatMap((p) => (p.change ? [p.change] : []));
      const notWritten = new Set(
        await this.resources.writeHarvested(ownerOf(source), source.orgId.toHexString(), changes),
      );
      imports.push(...planned.filter((p) => !notWritten.has(p.resourceId)));
      pending = planned.filter((p) => notWritten.has(p.resourceId)).map((p) => p.record);
      if (pending.length && attempt === 3) throw new Error('harvested resources keep changing while being written');
    }
    await this.remember(sourceId, imports, items);
    const counts: Record<Outcome, number> = { added: 0, updated: 0, deleted: 0, unchanged: 0 };
    for (const i of imports) counts[i.outcome]++;
    return counts;
  }

  /** The record map after a page: new entries in one insert, changed ones updated. */
  private async remember(sourceId: string, imports: Import[], items: Map<string, HarvestedItemRecord>) {
    const marked = imports.flatMap((i) =>
      i.mark ? [{ key: harvestedItemId(sourceId, i.record.identifier), resourceId: i.resourceId, ...i.mark }] : [],
    );
    const fresh = marked.filter((m) => !items.has(m.key));
    const taken = new Set(
      await insertHarvestedItems(
        fresh.map((m) => ({
          _id: m.key,
          resourceId: new Types.ObjectId(m.resourceId),
          datestamp: m.datestamp,
          deleted: m.deleted,
        })),
      ),
    );
    await markHarvestedItems(marked.filter((m) => items.has(m.key) || taken.has(m.key)));
  }

  /** Takes or renews the source's lease; false while another instance holds an unexpired one. */
  private async claim(sourceId: string): Promise<boolean> {
    const now = new Date();
    // A small collection (one document per source): the filter beyond `_id` costs nothing here.
    return insertedFirst(() =>
      HarvestLeaseModel.updateOne(
        { _id: sourceId, $or: [{ expiresAt: { $lte: now } }, { holder: this.holder }] },
        { $set: { holder: this.holder, expiresAt: new Date(now.getTime() + this.options.leaseMs) } },
        { upsert: true },
      ),
    );
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
function ownerOf(source: HarvestSourceRecord): Actor {
  return { personId: source.ownerId.toHexString(), systemAdmin: false, memberships: [], grantedResourceIds: new Set() };
}

/** What importing one record does: add, update or delete its resource, or nothing. */
function planImport(
  source: HarvestSourceRecord,
  record: HarvestedRecord,
  item: HarvestedItemRecord | undefined,
  resourceId: string,
  existing: ReadonlyMap<string, Resource>,
): Import {
  const sourceId = source._id.toHexString();
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
function runFacts(run: HarvestRunRecord) {
  return {
    runId: run._id.toHexString(),
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

function nextRun(source: HarvestSourceRecord, after: Date): Date | null {
  return source.intervalHours > 0 ? new Date(after.getTime() + source.intervalHours * 3600_000) : null;
}
