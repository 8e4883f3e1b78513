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
} from '../domain/harvestSource.js';
import {
  HarvestedItemModel,
  HarvestLeaseModel,
  HarvestRunModel,
  HarvestSourceModel,
  harvestedItemId,
  type HarvestedItemRecord,
  type HarvestRunRecord,
  type HarvestSourceRecord,
} from '../models/harvest.js';
import type { Actor } from '../policies/actor.js';
import type { Logger } from '../log.js';
import type { ResourceService } from '../services/resources.js';
import type { OutboundClient } from '../outbound/client.js';
import { createFetcher, type FetchPolicy } from './fetcher.js';
import { mapDublinCore } from './mapping.js';
import { insertedFirst, isDuplicateKey } from '../db/errors.js';
import { harvestRunEnded } from '../metrics/index.js';

export interface HarvesterOptions extends FetchPolicy {
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
      for await (const page of pages) {
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
    return (await HarvestRunModel.findById(run._id).lean<HarvestRunRecord>())!;
  }

  private async importPage(source: HarvestSourceRecord, page: HarvestPage): Promise<Record<Outcome, number>> {
    const counts: Record<Outcome, number> = { added: 0, updated: 0, deleted: 0, unchanged: 0 };
    const actor: Actor = {
      personId: source.ownerId.toHexString(),
      systemAdmin: false,
      memberships: [],
      grantedResourceIds: new Set(),
    };
    for (const record of page.records) {
      if (!record.identifier) continue;
      counts[await this.importRecord(source, record, actor)]++;
    }
    return counts;
  }

  private async importRecord(source: HarvestSourceRecord, record: HarvestedRecord, actor: Actor): Promise<Outcome> {
    const sourceId = source._id.toHexString();
    const key = harvestedItemId(sourceId, record.identifier);
    let item = await HarvestedItemModel.findById(key).lean<HarvestedItemRecord>();
    if (record.deleted) {
      if (!item || item.deleted) return 'unchanged';
      const removed = await this.resources.removeHarvested(actor, item.resourceId.toHexString(), sourceId);
      await HarvestedItemModel.updateOne({ _id: key }, { $set: { deleted: true, datestamp: record.datestamp } });
      return removed ? 'deleted' : 'unchanged';
    }
    if (!item) {
      // The resource's id is chosen and kept before the resource is written: a retry finds it.
      item = { _id: key, resourceId: new Types.ObjectId(), datestamp: '', deleted: false };
      try {
        await HarvestedItemModel.create(item);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        item = (await HarvestedItemModel.findById(key).lean<HarvestedItemRecord>())!;
      }
    }
    const resourceId = item.resourceId.toHexString();
    const existing = await this.resources.find(resourceId);
    const mapped = mapDublinCore(record.fields, record.identifier);
    const external = { sourceId, identifier: record.identifier, url: mapped.url, reexpose: source.reexpose };
    const input = { metadata: mapped.metadata, scope: 'public' as const };
    let outcome: Outcome;
    if (!existing) {
      await this.resources.create(actor, source.orgId.toHexString(), input, {
        external,
        status: 'published',
        id: resourceId,
      });
      outcome = 'added';
    } else if (
      item.datestamp === record.datestamp &&
      !item.deleted &&
      existing.status === 'published' &&
      existing.external?.reexpose === source.reexpose
    ) {
      return 'unchanged';
    } else {
      await this.resources.updateHarvested(actor, resourceId, input, external);
      outcome = 'updated';
    }
    await HarvestedItemModel.updateOne({ _id: key }, { $set: { datestamp: record.datestamp, deleted: false } });
    return outcome;
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

function parseSourceDate(text: string | null): Date | null {
  if (!text) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

function nextRun(source: HarvestSourceRecord, after: Date): Date | null {
  return source.intervalHours > 0 ? new Date(after.getTime() + source.intervalHours * 3600_000) : null;
}
