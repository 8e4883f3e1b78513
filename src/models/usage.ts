/**
 * Usage: what was viewed, downloaded or launched, and the counts folded from it.
 *
 * Each instance appends its events in batches to a stream of its own (`usagestreams`, one per
 * process): batch `n` of stream `s` is the document `s:n` of `usagebatches`, written once and never
 * changed, `n` counting up from the stream's `from` without gaps. The folder (src/services/usageFold.ts)
 * reads every stream from where it stopped, by `_id`, the only lookup the embedded FerretDB answers
 * from an index. The counts per resource (`resourcestats`) and per organisation and month
 * (`usageyears`) are written by the folder only.
 *
 * Events recorded before counting was folded (one document each in `usageevents`) are already in
 * the counts; that collection is kept as it was and nothing reads it.
 */
import { readAll } from '../db/readAll.js';
import type { Types } from 'mongoose';
import { Schema, model } from 'mongoose';
import { insertedFirst } from '../db/errors.js';
import { serialisedOnEmbedded } from '../db/documentLocks.js';
import { isDatabaseId, toDatabaseId, toDatabaseIdOrNull } from './ids.js';

export type UsageKind = 'view' | 'download' | 'lti_launch';

/** One view, download or LTI launch. */
export interface UsageEvent {
  kind: UsageKind;
  resourceId: Types.ObjectId;
  /** The organisation owning the resource at the time. */
  orgId: Types.ObjectId;
  personId: Types.ObjectId | null;
  at: Date;
  /** LTI launches: which platform and course, and the person's role there. */
  lti: { platformId: string; courseId: string | null; courseTitle: string | null; role: string | null } | null;
}

/** An event as the usage service records it, from the domain's string ids. */
export function newUsageEvent(
  kind: UsageKind,
  resource: { id: string; orgId: string },
  personId: string | null,
  lti: UsageEvent['lti'],
): UsageEvent {
  return {
    kind,
    resourceId: toDatabaseId(resource.id),
    orgId: toDatabaseId(resource.orgId),
    personId: toDatabaseIdOrNull(personId),
    at: new Date(),
    lti,
  };
}

/** `_id` = `${stream}:${n}` (see `batchId`). Appended once, never changed. */
export interface UsageBatchRecord {
  _id: string;
  stream: string;
  n: number;
  events: UsageEvent[];
}

export const UsageBatchModel = model<UsageBatchRecord>(
  'UsageBatch',
  new Schema<UsageBatchRecord>(
    {
      _id: { type: String, required: true },
      stream: { type: String, required: true },
      n: { type: Number, required: true },
      events: { type: Schema.Types.Mixed, default: [] },
    },
    { versionKey: false, collection: 'usagebatches' },
  ),
);

/** Zero-padded so that a stream's batches also sort in order by `_id` (backups, reading by eye). */
export const batchId = (stream: string, n: number) => `${stream}:${String(n).padStart(12, '0')}`;

/**
 * An instance's stream of batches. `from` is the first batch written since the stream was (re)registered:
 * the folder starts a stream it does not know yet there. `touchedAt` is renewed before a batch is
 * written after a quiet spell, so that the folder retires only streams whose writer is gone.
 */
export interface UsageStreamRecord {
  _id: string;
  from: number;
  touchedAt: Date;
  /** Set by a writer that stopped cleanly: its last batch. */
  closedAfter: number | null;
}

export const UsageStreamModel = model<UsageStreamRecord>(
  'UsageStream',
  new Schema<UsageStreamRecord>(
    {
      _id: { type: String, required: true },
      from: { type: Number, required: true },
      touchedAt: { type: Date, required: true },
      closedAfter: { type: Number, default: null },
    },
    { versionKey: false, collection: 'usagestreams' },
  ),
);

/** Running totals per resource, `_id` = resource id; `round` = the last fold round counted in them. */
export interface ResourceStatsRecord {
  _id: Types.ObjectId;
  views: number;
  downloads: number;
  launches: number;
  round?: number;
}

export const ResourceStatsModel = model<ResourceStatsRecord>(
  'ResourceStats',
  new Schema<ResourceStatsRecord>(
    {
      views: { type: Number, default: 0 },
      downloads: { type: Number, default: 0 },
      launches: { type: Number, default: 0 },
      round: { type: Number },
    },
    { versionKey: false, collection: 'resourcestats' },
  ),
);

/** Writes batch `n` of `stream`; done too when an earlier attempt of the same batch had landed (same `_id`). */
export async function appendBatch(stream: string, n: number, events: UsageEvent[]): Promise<void> {
  await insertedFirst(() =>
    UsageBatchModel.insertMany([{ _id: batchId(stream, n), stream, n, events }], { lean: true }),
  );
}

export const batchAt = (stream: string, n: number) => UsageBatchModel.findById(batchId(stream, n)).lean();

const streamLock = (stream: string) => `usagestreams:${stream}`;

/** Registers the stream (starting at `next`) or renews it before batch `next` is written. */
export function touchStream(stream: string, next: number): Promise<unknown> {
  return serialisedOnEmbedded(streamLock(stream), () =>
    UsageStreamModel.updateOne(
      { _id: stream },
      { $set: { touchedAt: new Date(), closedAfter: null }, $setOnInsert: { from: next } },
      { upsert: true },
    ),
  );
}

export function closeStream(stream: string, last: number): Promise<unknown> {
  return serialisedOnEmbedded(streamLock(stream), () =>
    UsageStreamModel.updateOne({ _id: stream }, { $set: { closedAfter: last } }),
  );
}

/** Every registered stream (one per running or recently stopped instance: a handful). */
export const usageStreams = () => UsageStreamModel.find({}).lean();

/** Forgets a stream, unless its writer touched it since `touchedAt` was read. */
export function retireStream(stream: UsageStreamRecord): Promise<unknown> {
  return serialisedOnEmbedded(streamLock(stream._id), () =>
    UsageStreamModel.deleteOne({ _id: stream._id, touchedAt: stream.touchedAt }),
  );
}

export async function resourceCounts(resourceId: Types.ObjectId): Promise<ResourceStatsRecord | null> {
  return ResourceStatsModel.findById(resourceId).lean();
}

/** The folded counts of a resource by its string id; null when it has none (or the id cannot be one). */
export function resourceCountsById(resourceId: string): Promise<ResourceStatsRecord | null> {
  return isDatabaseId(resourceId) ? resourceCounts(toDatabaseId(resourceId)) : Promise.resolve(null);
}

/** Views of every resource that has any, by resource id (loading a search index). */
export async function allViews(): Promise<Map<string, number>> {
  const views = new Map<string, number>();
  for await (const s of ResourceStatsModel.find({}, { views: 1 }).lean().cursor({ batchSize: 5000 }))
    if (s.views) views.set(s._id.toHexString(), s.views);
  return views;
}

/** Views of some resources, read one `_id` at a time (src/db/readAll.ts). */
export async function viewsOf(ids: readonly string[]): Promise<Map<string, number>> {
  const found = await readAll(ids, (id) => ResourceStatsModel.findById(id, { views: 1 }).lean());
  return new Map(found.map(({ key, record }) => [key, record?.views ?? 0]));
}
