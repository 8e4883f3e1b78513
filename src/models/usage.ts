import { readAll } from '../db/readAll.js';
import type { Types } from 'mongoose';
import { Schema, model } from 'mongoose';

export type UsageKind = 'view' | 'download' | 'lti_launch';

/** Append-only: one document per view, download or LTI launch. Never updated. */
export interface UsageEventRecord {
  _id: Types.ObjectId;
  kind: UsageKind;
  resourceId: Types.ObjectId;
  /** The organisation owning the resource at the time. */
  orgId: Types.ObjectId;
  personId: Types.ObjectId | null;
  at: Date;
  /** LTI launches: which platform and course, and the person's role there. */
  lti: { platformId: string; courseId: string | null; courseTitle: string | null; role: string | null } | null;
}

export const UsageEventModel = model<UsageEventRecord>(
  'UsageEvent',
  new Schema<UsageEventRecord>(
    {
      kind: { type: String, required: true },
      resourceId: { type: Schema.Types.ObjectId, required: true, index: true },
      orgId: { type: Schema.Types.ObjectId, required: true },
      personId: { type: Schema.Types.ObjectId, default: null },
      at: { type: Date, required: true, index: true },
      lti: {
        type: new Schema({ platformId: String, courseId: String, courseTitle: String, role: String }, { _id: false }),
        default: null,
      },
    },
    { versionKey: false, collection: 'usageevents' },
  ),
);

/** Running totals per resource, `_id` = resource id, kept by `$inc` beside the events. */
export interface ResourceStatsRecord {
  _id: Types.ObjectId;
  views: number;
  downloads: number;
  launches: number;
}

export const ResourceStatsModel = model<ResourceStatsRecord>(
  'ResourceStats',
  new Schema<ResourceStatsRecord>(
    {
      views: { type: Number, default: 0 },
      downloads: { type: Number, default: 0 },
      launches: { type: Number, default: 0 },
    },
    { versionKey: false, collection: 'resourcestats' },
  ),
);

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
