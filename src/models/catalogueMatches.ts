/**
 * Queries imports and copy cataloguing need: printed titles that a record may be the same book as
 * (by ISBN, or by title when it has none), the copies a batch brought of a title, and a school's
 * copies title by title for an export.
 */
import type { Types } from 'mongoose';
import type { Copy } from '../domain/copy.js';
import type { Resource } from '../domain/resource.js';
import { toDatabaseId } from './ids.js';
import { CopyModel, toCopy, type CopyRecord } from './copy.js';
import { ResourceModel, toResource, type ResourceRecord } from './resource.js';

const live = { status: { $ne: 'deleted' as const }, print: { $ne: null } };

/** A printed title as matching and policy read it, without the rest of the record. */
export interface TitleSummary {
  id: string;
  orgId: string;
  ownerId: string;
  status: Resource['status'];
  scope: Resource['scope'];
  createdAt: Date;
  title: string;
  isbns: string[];
}

interface SummaryRecord {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  ownerId: Types.ObjectId;
  status: Resource['status'];
  scope: Resource['scope'];
  createdAt: Date;
  metadata: { title: string };
  print: { isbns: { value: string }[] };
}

/**
 * Every printed title carrying any of these ISBNs (as stored: digits and X, see src/domain/isbn.ts),
 * summarised: however many share an ISBN, the one a record is must be among them (no limit that
 * could leave it out). The `print.isbns.value` index keeps this to the titles named.
 */
export async function printedTitlesSharingIsbns(isbns: readonly string[]): Promise<TitleSummary[]> {
  if (!isbns.length) return [];
  const records = await ResourceModel.find(
    { ...live, 'print.isbns.value': { $in: [...new Set(isbns)] } },
    summaryFields,
  ).lean<SummaryRecord[]>();
  return records.map(toSummary);
}

const summaryFields = {
  orgId: 1,
  ownerId: 1,
  status: 1,
  scope: 1,
  createdAt: 1,
  'metadata.title': 1,
  'print.isbns': 1,
};

const toSummary = (r: SummaryRecord): TitleSummary => ({
  id: r._id.toHexString(),
  orgId: r.orgId.toHexString(),
  ownerId: r.ownerId.toHexString(),
  status: r.status,
  scope: r.scope,
  createdAt: r.createdAt,
  title: r.metadata.title,
  isbns: r.print.isbns.map((i) => i.value),
});

/** Printed titles by id, in the order asked (those gone left out). */
export async function printedTitlesByIds(ids: readonly string[]): Promise<Resource[]> {
  if (!ids.length) return [];
  const records = await ResourceModel.find({ ...live, _id: { $in: ids.map(toDatabaseId) } }).lean<ResourceRecord[]>();
  const byId = new Map(records.map((r) => [r._id.toHexString(), toResource(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Printed titles of one organisation with exactly this title (for records without an ISBN). */
export async function printedTitlesNamed(orgId: string, title: string): Promise<TitleSummary[]> {
  const records = await ResourceModel.find(
    { ...live, orgId: toDatabaseId(orgId), 'metadata.title': title },
    summaryFields,
  ).lean<SummaryRecord[]>();
  return records.map(toSummary);
}

/** Printed titles of one organisation with exactly one of these titles (records without an ISBN, a step at once). */
export async function printedTitlesNamedAny(orgId: string, titles: readonly string[]): Promise<TitleSummary[]> {
  if (!titles.length) return [];
  const records = await ResourceModel.find(
    { ...live, orgId: toDatabaseId(orgId), 'metadata.title': { $in: [...new Set(titles)] } },
    summaryFields,
  ).lean<SummaryRecord[]>();
  return records.map(toSummary);
}

/** A school's copies grouped by title (the order of the `{orgId, resourceId}` index), for exports. */
export async function* copiesOfSchoolByTitle(orgId: string): AsyncGenerator<Copy[]> {
  const cursor = CopyModel.find({ orgId: toDatabaseId(orgId) })
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
