/**
 * Conditional update of one document: `update` applies only if the stored `version` still equals
 * `expected`, so two people editing at once never silently overwrite each other.
 *
 * On MongoDB it is one atomic findOneAndUpdate on {_id, version}. On the embedded FerretDB that
 * filter would scan the whole collection (only a filter of `_id` alone reaches an index), so a
 * per-document lock inside this process guards a read-check-write by `_id`. That is complete
 * there: the embedded database belongs to a single app process (see its DATA_DIR lock).
 */
import type { Types, UpdateQuery } from 'mongoose';
import { needsProcessLocks, withLock, withLocks } from './documentLocks.js';
import type { AnyModel } from './index.js';
import { readAll } from './readAll.js';
import { updateEachById } from './updateEach.js';

export async function updateIfVersion<T>(
  model: AnyModel,
  id: unknown,
  expected: number,
  update: UpdateQuery<T>,
): Promise<T | null> {
  if (!needsProcessLocks()) {
    return (await model
      .findOneAndUpdate({ _id: id, version: expected }, update, { returnDocument: 'after' })
      .lean()) as T | null;
  }
  return withLock(`${model.collection.name}:${String(id)}`, async () => {
    const current = (await model.findById(id, { version: 1 }).lean()) as { version?: number } | null;
    if (!current || current.version !== expected) return null;
    return (await model.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' }).lean()) as T | null;
  });
}

type Writes = Parameters<AnyModel['bulkWrite']>[0];

export interface VersionedUpdate<T> {
  id: Types.ObjectId;
  expected: number;
  update: UpdateQuery<T>;
}

/**
 * Many conditional updates in one bulk write (a harvested page): each applies only if its
 * document's `version` still equals `expected`. Returns the ids of those that did not apply.
 * On MongoDB the version is part of each update's filter, and the documents of a bulk write that
 * matched fewer than all are read again to tell which. On the embedded FerretDB, as above, the
 * versions are checked by `_id` under the documents' locks, then updated by `_id` (updateEach.ts).
 */
export async function updateManyIfVersion<T>(model: AnyModel, updates: VersionedUpdate<T>[]): Promise<string[]> {
  if (!updates.length) return [];
  if (!needsProcessLocks()) {
    const result = await model.bulkWrite(
      updates.map((u) => ({ updateOne: { filter: { _id: u.id, version: u.expected }, update: u.update } })) as Writes,
      { ordered: false },
    );
    if (result.matchedCount === updates.length) return [];
    return stale(model, updates, 1);
  }
  const keys = updates.map((u) => `${model.collection.name}:${u.id.toHexString()}`);
  return withLocks(keys, async () => {
    const conflicts = await stale(model, updates, 0);
    await updateEachById(
      model,
      updates.filter((u) => !conflicts.includes(u.id.toHexString())),
    );
    return conflicts;
  });
}

/** Ids whose stored version is not `expected + after` (after: 0 before writing, 1 after). */
async function stale<T>(model: AnyModel, updates: VersionedUpdate<T>[], after: number): Promise<string[]> {
  const found = await readAll(updates, (u) => model.findById(u.id, { version: 1 }).lean());
  return found
    .filter(({ key, record }) => (record as { version?: number } | null)?.version !== key.expected + after)
    .map(({ key }) => key.id.toHexString());
}
