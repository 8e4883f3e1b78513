/**
 * Usage events (views, downloads, LTI launches): appended, never changed, and summed per resource
 * and per organisation and month with `$inc`, so "most viewed" and the statistics need no scan of
 * the events.
 *
 * Events are written behind the request that caused them: those of the next few milliseconds go
 * out together (one insert of events, one batch of counter updates per collection), so a page
 * view or a launch does not wait for three writes, and a busy instance writes a few batches a
 * second rather than three writes per event. What is still waiting is written at shutdown; a
 * crash loses at most that window.
 */
import { Types } from 'mongoose';
import type { AnyBulkWriteOperation } from 'mongoose';
import type { Resource } from '../domain/resource.js';
import { serialisedOnEmbedded } from '../db/documentLocks.js';
import { isDuplicateKey } from '../db/errors.js';
import { readAll } from '../db/readAll.js';
import type { Logger } from '../log.js';
import {
  ResourceStatsModel,
  UsageEventModel,
  type ResourceStatsRecord,
  type UsageKind,
  type UsageEventRecord,
} from '../models/usage.js';
import { counterOf, monthOf, UsageYearModel, usageYearId, type UsageYearRecord } from '../models/usageMonthly.js';
import type { SearchEngine } from '../search/port.js';

/** How long an event may wait for others to join its batch. */
export const USAGE_BATCH_DELAY_MS = 50;
const MAX_BATCH = 500;

type Increments = Map<string, Record<string, number>>;

interface Pending {
  event: Omit<UsageEventRecord, '_id'>;
  written: () => void;
}

export class UsageService {
  private pending: Pending[] = [];

  /** Events recorded and not yet written. */
  get waiting(): number {
    return this.pending.length;
  }
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: SearchEngine,
    private readonly log: Logger,
  ) {}

  /**
   * Queues one event. The promise settles once it is written (it never rejects: a failed batch is
   * logged); request handlers need not wait for it.
   */
  record(
    kind: UsageKind,
    resource: Pick<Resource, 'id' | 'orgId'>,
    personId: string | null,
    lti: UsageEventRecord['lti'] = null,
  ): Promise<void> {
    const event = {
      kind,
      resourceId: new Types.ObjectId(resource.id),
      orgId: new Types.ObjectId(resource.orgId),
      personId: personId ? new Types.ObjectId(personId) : null,
      at: new Date(),
      lti,
    };
    return new Promise((written) => {
      this.pending.push({ event, written });
      if (this.pending.length >= MAX_BATCH) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), USAGE_BATCH_DELAY_MS);
    });
  }

  /** Writes everything queued so far; batches are written one after another. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length) this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  async statsOf(resourceId: string): Promise<{ views: number; downloads: number; launches: number }> {
    await this.flush();
    const stats = Types.ObjectId.isValid(resourceId) ? await ResourceStatsModel.findById(resourceId).lean() : null;
    return { views: stats?.views ?? 0, downloads: stats?.downloads ?? 0, launches: stats?.launches ?? 0 };
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const events = batch.map((p) => p.event);
      await UsageEventModel.insertMany(events, { lean: true });
      const perResource: Increments = new Map();
      const perOrgYear: Increments = new Map();
      for (const e of events) {
        const counter = counterOf[e.kind];
        const [year, month] = monthOf(e.at).split('-') as [string, string];
        add(perResource, e.resourceId.toHexString(), counter);
        add(perOrgYear, usageYearId(e.orgId.toHexString(), year), `months.${month}.${counter}`);
      }
      const perResourceOps = [...perResource].map(([id, inc]) => ({
        updateOne: { filter: { _id: new Types.ObjectId(id) }, update: { $inc: inc }, upsert: true },
      }));
      const perOrgYearOps = [...perOrgYear].map(([id, inc]) => ({
        updateOne: { filter: { _id: id }, update: { $inc: inc }, upsert: true },
      }));
      // Several services in one process (each instance's, in tests) may count one resource at once.
      await serialisedOnEmbedded('usage-counters', () =>
        Promise.all([
          incrementAll<ResourceStatsRecord>(perResourceOps, (ops) =>
            ResourceStatsModel.bulkWrite(ops, { ordered: false }),
          ),
          incrementAll<UsageYearRecord>(perOrgYearOps, (ops) => UsageYearModel.bulkWrite(ops, { ordered: false })),
        ]),
      );
      const viewed = [...new Set(events.filter((e) => e.kind === 'view').map((e) => e.resourceId.toHexString()))];
      const views = await readAll(viewed, (id) => ResourceStatsModel.findById(id, { views: 1 }).lean());
      await this.engine.setViews(new Map(views.flatMap(({ key, record }) => (record ? [[key, record.views]] : []))));
    } catch (err) {
      this.log.error({ err, events: batch.length }, 'usage events not recorded');
    } finally {
      for (const p of batch) p.written();
    }
  }
}

function add(increments: Increments, id: string, field: string): void {
  const inc = increments.get(id) ?? {};
  inc[field] = (inc[field] ?? 0) + 1;
  increments.set(id, inc);
}

/**
 * Applies `$inc` upserts; those that lost a race with another instance's first upsert of the same
 * `_id` (E11000) are applied once more, and only those: the others were counted already.
 */
async function incrementAll<T extends object>(
  operations: AnyBulkWriteOperation<T>[],
  bulkWrite: (ops: AnyBulkWriteOperation<T>[]) => Promise<unknown>,
): Promise<void> {
  if (!operations.length) return;
  try {
    await bulkWrite(operations);
  } catch (err) {
    const failed = writeErrorsOf(err);
    if (!failed.length || !failed.every((e) => isDuplicateKey(e))) throw err;
    await bulkWrite(failed.map((e) => operations[e.index]!));
  }
}

function writeErrorsOf(err: unknown): { index: number; code?: number }[] {
  const errors = (err as { writeErrors?: unknown } | null)?.writeErrors;
  if (!errors) return [];
  return (Array.isArray(errors) ? errors : [errors]) as { index: number; code?: number }[];
}
