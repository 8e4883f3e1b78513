/**
 * Changes to one element of an array of subdocuments keyed by `id` (a resource's files), made
 * without writing back the other elements: a writer that read the array a moment ago would
 * otherwise put back an element removed meanwhile, or drop one added meanwhile.
 *
 * MongoDB applies `$push`, `$pull` and the positional `$set` to the one element, atomically. The
 * embedded FerretDB v1 has no positional update and silently ignores a `$pull` by condition, so
 * there the array is read and written whole under the document's lock in this process, which
 * every writer of the document takes (./documentLocks.ts, ./versioned.ts); that is complete there,
 * since the embedded database belongs to one process.
 */
import type { UpdateQuery } from 'mongoose';
import { needsProcessLocks, withLock } from './documentLocks.js';
import type { AnyModel } from './index.js';

export type ElementChange =
  | { field: string; push: { id: string } }
  | { field: string; pull: string }
  | { field: string; set: { id: string; values: Record<string, unknown> } };

/** The change as operators that touch only the element (MongoDB). */
export function elementOperators(change: ElementChange): UpdateQuery<unknown> {
  if ('push' in change) return { $push: { [change.field]: change.push } };
  if ('pull' in change) return { $pull: { [change.field]: { id: change.pull } } };
  return {
    $set: Object.fromEntries(Object.entries(change.set.values).map(([k, v]) => [`${change.field}.$.${k}`, v])),
  };
}

/** The array after the change, from a fresh read of it (the embedded database, under the lock). */
export function appliedTo(elements: readonly { id: string }[], change: ElementChange): { id: string }[] {
  if ('push' in change) return [...elements, change.push];
  if ('pull' in change) return elements.filter((e) => e.id !== change.pull);
  return elements.map((e) => (e.id === change.set.id ? { ...e, ...change.set.values } : e));
}

export const lockKey = (model: AnyModel, id: unknown) => `${model.collection.name}:${String(id)}`;

/**
 * Sets fields of one element, if the document still has it; touches nothing else, not even the
 * document's version (this is not a person's edit). Returns whether the element was there.
 */
export async function setElementFields(
  model: AnyModel,
  id: unknown,
  change: Extract<ElementChange, { set: unknown }>,
): Promise<boolean> {
  if (!needsProcessLocks()) {
    const result = await model.updateOne({ _id: id, [`${change.field}.id`]: change.set.id }, elementOperators(change));
    return result.matchedCount === 1;
  }
  return withLock(lockKey(model, id), async () => {
    const fresh = (await model.findById(id, { [change.field]: 1 }).lean()) as Record<string, unknown> | null;
    const elements = (fresh?.[change.field] ?? []) as { id: string }[];
    if (!elements.some((e) => e.id === change.set.id)) return false;
    await model.updateOne({ _id: id }, { $set: { [change.field]: appliedTo(elements, change) } });
    return true;
  });
}
