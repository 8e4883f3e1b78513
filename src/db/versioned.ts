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
import { needsProcessLocks, serialisedOnEmbedded, withLock, withLocks } from './documentLocks.js';
import { appliedTo, elementOperators, lockKey, type ElementChange } from './elements.js';
import type { AnyModel } from './index.js';
import { readAll } from './readAll.js';
import { updateEachById } from './updateEach.js';

/**
 * `element`: a change to one element of an array of subdocuments made with the update (./elements.ts),
 * so that the update never writes back elements it read a moment ago.
 */
export async function updateIfVersion<T>(
  model: AnyModel,
  id: unknown,
  expected: number,
  update: UpdateQuery<T>,
  element?: ElementChange,
): Promise<T | null> {
  if (!needsProcessLocks()) {
    return (await model
      .findOneAndUpdate({ _id: id, version: expected }, element ? withOperators(update, element) : update, {
        returnDocument: 'after',
      })
      .lean()) as T | null;
  }
  return withLock(lockKey(model, id), async () => {
    const fields = element ? { version: 1, [element.field]: 1 } : { version: 1 };
    const current = (await model.findById(id, fields).lean()) as Record<string, unknown> | null;
    if (!current || current.version !== expected) return null;
    const whole = element
      ? { ...update, $set: { ...update.$set, [element.field]: appliedTo(current[element.field] as [], element) } }
      : update;
    return (await model.findOneAndUpdate({ _id: id }, whole, { returnDocument: 'after' }).lean()) as T | null;
  });
}

/** The update with the element's operators merged in (`$push` may already carry other fields). */
function withOperators<T>(update: UpdateQuery<T>, element: ElementChange): UpdateQuery<T> {
  const merged: Record<string, Record<string, unknown>> = { ...(update as Record<string, Record<string, unknown>>) };
  for (const [operator, fields] of Object.entries(elementOperators(element) as Record<string, Record<string, unknown>>))
    merged[operator] = { ...merged[operator], ...fields };
  return merged as UpdateQuery<T>;
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
  const keys = updates.map((u) => lockKey(model, u.id));
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
  return withLock(lockKey(model, id), async () => {
    const current = (await model.findById(id).lean()) as Record<string, unknown> | null;
    if (!current || Object.entries(expected).some(([k, v]) => String(current[k]) !== String(v))) return false;
    return (await model.deleteOne({ _id: id })).deletedCount === 1;
  });
}

/**
 * Deletes one document by `_id` and gives back what it held (null: it was gone already), in one
 * findOneAndDelete: of two callers at once exactly one gets it. On the embedded database it runs
 * under the document's lock, after any conditional update or delete of it in flight (above).
 */
export function takeById<T>(model: AnyModel, id: unknown): Promise<T | null> {
  return serialisedOnEmbedded(
    lockKey(model, id),
    async () => (await model.findOneAndDelete({ _id: id }).lean()) as T | null,
  );
}

/**
 * Updates one document by `_id` whatever its version, for a caller that owns the change by other
 * means (it took a claim first), and gives it back as it is after. Under the document's lock on the
 * embedded database, so that its operators do not race a conditional update (above).
 */
export function updateById<T>(model: AnyModel, id: unknown, update: UpdateQuery<T>): Promise<T | null> {
  return serialisedOnEmbedded(
    lockKey(model, id),
    async () => (await model.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' }).lean()) as T | null,
  );
}
