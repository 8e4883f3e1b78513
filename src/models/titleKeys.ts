/**
 * Printed titles by lookup key (src/domain/titleLookup.ts): `_id` is the key, `titleIds` the titles
 * that had it when written. On the embedded database only a filter on `_id` alone is answered from
 * an index, and finding the titles sharing an ISBN by `print.isbns.value` scanned every resource,
 * once per import step: an import took longer the more the province held.
 *
 * Keys are only ever added, before the title they name is stored (a crash between the two leaves a
 * key naming nothing, never a title that cannot be found); a title whose ISBN or title changed, or
 * that was deleted, may still be named by an old key, so readers check every title they read
 * against the key (src/models/catalogueMatches.ts).
 */
import { Schema, model, type Types } from 'mongoose';
import type { Db } from 'mongodb';
import { connectedDb } from '../db/index.js';
import { serialisedOnEmbedded } from '../db/documentLocks.js';
import { insertNew } from '../db/insertNew.js';
import { readAll } from '../db/readAll.js';
import { lookupKeysOfTitle } from '../domain/titleLookup.js';
import { toDatabaseId } from './ids.js';

interface TitleKeyRecord {
  _id: string;
  titleIds: Types.ObjectId[];
}

export const TitleKeyModel = model<TitleKeyRecord>(
  'TitleKey',
  new Schema<TitleKeyRecord>(
    { _id: { type: String, required: true }, titleIds: { type: [Schema.Types.ObjectId], default: [] } },
    { versionKey: false, collection: 'titlekeys' },
  ),
);

/** What the keys of a printed title are computed from. */
export interface KeyedTitle {
  id: string;
  orgId: string;
  title: string;
  isbns: readonly string[];
}

/** Adds these titles under their keys (see `addTitleKeysIn`). */
export function addTitleKeys(titles: readonly KeyedTitle[]): Promise<void> {
  return addTitleKeysIn(connectedDb(), titles);
}

/**
 * Adds these titles under their keys in this database (a migration's): new keys in one insert,
 * then each key already there read and, only if it lacks one of the titles, updated (one at a
 * time per key on the embedded database, whose `$addToSet` is a read and a write). A rerun over
 * titles already keyed (a migration resumed, the check after a restore) then only reads.
 */
export async function addTitleKeysIn(db: Db, titles: readonly KeyedTitle[]): Promise<void> {
  const byKey = new Map<string, Set<string>>();
  for (const t of titles)
    for (const key of lookupKeysOfTitle(t.orgId, t.title, t.isbns))
      byKey.set(key, (byKey.get(key) ?? new Set()).add(t.id));
  const documents = [...byKey].map(([key, ids]) => ({ _id: key, titleIds: [...ids].map(toDatabaseId) }));
  const collection = db.collection<TitleKeyRecord>(TitleKeyModel.collection.collectionName);
  const taken = new Set(await insertNew(collection, documents));
  await readAll(
    documents.filter((d) => taken.has(d._id)),
    (d) =>
      serialisedOnEmbedded(`titlekeys:${d._id}`, async () => {
        const stored = await collection.findOne({ _id: d._id });
        const held = new Set((stored?.titleIds ?? []).map((id) => id.toHexString()));
        if (d.titleIds.every((id) => held.has(id.toHexString()))) return;
        await collection.updateOne({ _id: d._id }, { $addToSet: { titleIds: { $each: d.titleIds } } });
      }),
  );
}

/** The ids of the titles named by each of these keys (none for a key never written), a read by `_id` each. */
export async function titleIdsByKey(keys: readonly string[]): Promise<Map<string, string[]>> {
  const found = await readAll([...new Set(keys)], (key) => TitleKeyModel.findById(key).lean<TitleKeyRecord>());
  return new Map(found.map(({ key, record }) => [key, (record?.titleIds ?? []).map((id) => id.toHexString())]));
}
