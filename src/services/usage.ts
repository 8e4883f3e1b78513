/**
 * Usage events (views, downloads, LTI launches): appended, never changed, and summed per resource
 * with `$inc` so "most viewed" and the statistics need no scan of the events.
 */
import { Types } from 'mongoose';
import type { Resource } from '../domain/resource.js';
import { retryLostUpsert } from '../db/errors.js';
import { ResourceStatsModel, UsageEventModel, type UsageKind, type UsageEventRecord } from '../models/usage.js';
import { counterOf, countUsageInMonth } from '../models/usageMonthly.js';
import type { CatalogueReadModel } from './catalogueReadModel.js';

export class UsageService {
  constructor(private readonly catalogue: CatalogueReadModel) {}

  async record(kind: UsageKind, resource: Pick<Resource, 'id' | 'orgId'>, personId: string | null, lti: UsageEventRecord['lti'] = null): Promise<void> {
    const resourceId = new Types.ObjectId(resource.id);
    const orgId = new Types.ObjectId(resource.orgId);
    const at = new Date();
    await UsageEventModel.create({ kind, resourceId, orgId, personId: personId ? new Types.ObjectId(personId) : null, at, lti });
    await countUsageInMonth(kind, orgId, at);
    const stats = await retryLostUpsert(() => ResourceStatsModel.findOneAndUpdate({ _id: resourceId }, { $inc: { [counterOf[kind]]: 1 } }, { upsert: true, returnDocument: 'after' }).lean());
    if (kind === 'view' && stats) this.catalogue.index.setViews(resource.id, stats.views);
  }

  async statsOf(resourceId: string): Promise<{ views: number; downloads: number; launches: number }> {
    const stats = Types.ObjectId.isValid(resourceId) ? await ResourceStatsModel.findById(resourceId).lean() : null;
    return { views: stats?.views ?? 0, downloads: stats?.downloads ?? 0, launches: stats?.launches ?? 0 };
  }
}
