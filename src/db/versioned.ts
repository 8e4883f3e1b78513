/**
 * Conditional update of one document: `update` applies only if the stored `version` still equals
 * `expected`, so two people editing at once never silently overwrite each other.
 *
 * On MongoDB it is one atomic findOneAndUpdate on {_id, version}. On the embedded FerretDB that
 * filter would scan the whole collection (only a filter of `_id` alone reaches an index), so a
 * per-document lock inside this process guards a read-check-write by `_id`. That is complete
 * there: the embedded database belongs to a single app process (see its DATA_DIR lock).
 */
import type { UpdateQuery } from 'mongoose';
import { needsProcessLocks, withLock } from './documentLocks.js';
import type { AnyModel } from './index.js';

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

/**
 * Deletes one document if its fields still hold `expected` (compared as strings, so ObjectIds and
 * dates work): one atomic deleteOne on MongoDB, a read-check-delete under the document's lock on
 * the embedded database, for the same reason as `updateIfVersion`.
 */
export async function deleteIfUnchanged(
  model: AnyModel,
  id: unknown,
  expected: Record<string, unknown>,
): Promise<boolean> {
  if (!needsProcessLocks()) return (await model.deleteOne({ _id: id, ...expected })).deletedCount === 1;
  return withLock(`${model.collection.name}:${String(id)}`, async () => {
    const current = (await model.findById(id).lean()) as Record<string, unknown> | null;
    if (!current || Object.entries(expected).some(([k, v]) => String(current[k]) !== String(v))) return false;
    return (await model.deleteOne({ _id: id })).deletedCount === 1;
  });
}
