/**
 * Queries imports and copy cataloguing need: printed titles that a record may be the same book as
 * (by ISBN, or by title when it has none, through their lookup keys: src/models/titleKeys.ts), the
 * copies a batch brought of a title, and a school's copies title by title for an export.
 */
import type { Types } from 'mongoose';
import type { Copy } from '../domain/copy.js';
import type { Resource } from '../domain/resource.js';
import { readAll } from '../db/readAll.js';
import { lookupKeysOfTitle } from '../domain/titleLookup.js';
import { toDatabaseId } from './ids.js';
import { titleIdsByKey } from './titleKeys.js';
import { CopyModel, toCopy, type CopyRecord } from './copy.js';
import { ResourceModel, toResource, type ResourceRecord } from './resource.js';

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
 * The printed titles each of these lookup keys finds (src/domain/titleLookup.ts), summarised: every
 * live title the key names that still has that key (a key may name a title whose ISBN or title has
 * changed since, or that was deleted). However many share an ISBN, the one a record is must be
 * among them (no limit that could leave it out). Reads by `_id` only: the keys, then the titles.
 */
export async function printedTitlesByKeys(keys: readonly string[]): Promise<Map<string, TitleSummary[]>> {
  const idsByKey = await titleIdsByKey(keys);
  const ids = [...new Set([...idsByKey.values()].flat())];
  const read = await readAll(ids, (id) => ResourceModel.findById(id, summaryFields).lean<SummaryRecord>());
  const byId = new Map(
    read.flatMap(({ key, record }) =>
      record && record.status !== 'deleted' && Array.isArray(record.print?.isbns) ? [[key, toSummary(record)]] : [],
    ),
  );
  const stillKeyed = (key: string) => (title: TitleSummary | undefined) =>
    title && lookupKeysOfTitle(title.orgId, title.title, title.isbns).includes(key) ? [title] : [];
  return new Map(
    [...idsByKey].map(([key, titleIds]) => [key, titleIds.flatMap((id) => stillKeyed(key)(byId.get(id)))]),
  );
}

/** The titles any of these keys finds, each once. */
export async function printedTitlesByAnyKey(keys: readonly string[]): Promise<TitleSummary[]> {
  const found = new Map<string, TitleSummary>();
  for (const titles of (await printedTitlesByKeys(keys)).values()) for (const t of titles) found.set(t.id, t);
  return [...found.values()];
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

/** Printed titles by id, in the order asked (those gone left out); read by `_id` each. */
export async function printedTitlesByIds(ids: readonly string[]): Promise<Resource[]> {
  const read = await readAll(ids, (id) => ResourceModel.findById(toDatabaseId(id)).lean<ResourceRecord>());
  return read.flatMap(({ record }) =>
    record && record.status !== 'deleted' && record.print ? [toResource(record)] : [],
  );
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
