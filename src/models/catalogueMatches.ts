/**
 * Queries imports and copy cataloguing need: printed titles that a record may be the same book as
 * (by ISBN, or by title when it has none), the copies a batch brought of a title, and a school's
 * copies title by title for an export.
 */
import { Types } from 'mongoose';
import type { Copy } from '../domain/copy.js';
import type { Resource } from '../domain/resource.js';
import { CopyModel, toCopy, type CopyRecord } from './copy.js';
import { ResourceModel, toResource, type ResourceRecord } from './resource.js';

const live = { status: { $ne: 'deleted' as const }, print: { $ne: null } };

/** Printed titles carrying any of these ISBNs (as stored: digits and X, see src/domain/isbn.ts). */
export async function printedTitlesWithIsbns(isbns: readonly string[], limit = 20): Promise<Resource[]> {
  if (!isbns.length) return [];
  const records = await ResourceModel.find({ ...live, 'print.isbns.value': { $in: [...isbns] } })
    .limit(limit)
    .lean<ResourceRecord[]>();
  return records.map(toResource);
}

/** Printed titles of one organisation with exactly this title (for records without an ISBN). */
export async function printedTitlesNamed(orgId: string, title: string, limit = 20): Promise<Resource[]> {
  const records = await ResourceModel.find({ ...live, orgId: new Types.ObjectId(orgId), 'metadata.title': title })
    .limit(limit)
    .lean<ResourceRecord[]>();
  return records.map(toResource);
}

/** How many copies of a title some intake batches brought in. */
export async function copiesOfTitleInBatches(batchIds: readonly string[], resourceId: string): Promise<number> {
  if (!batchIds.length) return 0;
  return CopyModel.countDocuments({
    'acquisition.batchId': { $in: batchIds.map((id) => new Types.ObjectId(id)) },
    resourceId: new Types.ObjectId(resourceId),
  });
}

/** A school's copies grouped by title (the order of the `{orgId, resourceId}` index), for exports. */
export async function* copiesOfSchoolByTitle(orgId: string): AsyncGenerator<Copy[]> {
  const cursor = CopyModel.find({ orgId: new Types.ObjectId(orgId) })
    .sort({ resourceId: 1, accessionSort: 1 })
    .lean<CopyRecord[]>()
    .cursor({ batchSize: 1000 });
  let group: Copy[] = [];
  for await (const record of cursor) {
    const copy = toCopy(record as unknown as CopyRecord);
    if (group.length && group[0]!.resourceId !== copy.resourceId) {
      yield group;
      group = [];
    }
    group.push(copy);
  }
  if (group.length) yield group;
}
