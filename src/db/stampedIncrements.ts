/**
 * Increments that count once: each document records the last stamp (a fold round, say) added to
 * it, and increments carrying a stamp the document already has, or has passed, are skipped. Adding
 * the same stamp again after a crash, or from two writers at once, changes nothing.
 *
 * On MongoDB each is one conditional upsert on {_id, stamp below}: one whose document already
 * carries the stamp does not match, tries to insert an `_id` that exists and fails with E11000,
 * which is how "already counted" shows. On the embedded FerretDB that filter would scan the whole
 * collection (only a filter of `_id` alone reaches an index), so the stamps are read by `_id` and
 * the increments written by `_id`, under a lock of this process, the only one writing there; and
 * in bulk writes of at most `EMBEDDED_BULK` updates: FerretDB v1 keeps each statement's cursor
 * (a pooled SQLite connection) open until the whole command ends, and its pool holds 100, so a
 * bulk write updating about 100 existing documents waits for a connection forever and holds the
 * database up (measured: 90 took 0.1 s, 100 never finished).
 */
import type { AnyBulkWriteOperation } from 'mongoose';
import { needsProcessLocks, withLock } from './documentLocks.js';
import { isDuplicateKey } from './errors.js';
import type { AnyModel } from './index.js';
import { readAll } from './readAll.js';

export interface StampedIncrement {
  id: unknown;
  inc: Record<string, number>;
}

type Operation = AnyBulkWriteOperation<Record<string, unknown>>;

/** Far below FerretDB's 100 pooled connections, which concurrent requests share. */
const EMBEDDED_BULK = 20;

export async function incrementOnce(
  model: AnyModel,
  field: string,
  stamp: number,
  items: readonly StampedIncrement[],
): Promise<void> {
  if (!items.length) return;
  const upsert = (filter: Record<string, unknown>, inc: Record<string, number>): Operation => ({
    updateOne: { filter, update: { $inc: inc, $set: { [field]: stamp } }, upsert: true },
  });
  if (!needsProcessLocks()) {
    const below = { $or: [{ [field]: { $lt: stamp } }, { [field]: { $exists: false } }] };
    return bulkSkippingCounted(
      model,
      items.map((i) => upsert({ _id: i.id, ...below }, i.inc)),
    );
  }
  await withLock(`${model.collection.name}:stamped`, async () => {
    const stored = await readAll(items, (i) => model.findById(i.id, { [field]: 1 }).lean());
    const counted = (record: unknown) => Number((record as Record<string, unknown> | null)?.[field] ?? -1) >= stamp;
    const due = stored.filter(({ record }) => !counted(record)).map(({ key: i }) => upsert({ _id: i.id }, i.inc));
    for (let i = 0; i < due.length; i += EMBEDDED_BULK)
      await model.bulkWrite(due.slice(i, i + EMBEDDED_BULK), { ordered: true });
  });
}

/** Ordered (a write stops at its first error), resumed after each E11000: that document was counted already. */
async function bulkSkippingCounted(model: AnyModel, operations: Operation[]): Promise<void> {
  let rest = operations;
  while (rest.length) {
    try {
      await model.bulkWrite(rest, { ordered: true });
      return;
    } catch (err) {
      const failed = firstWriteError(err);
      if (!failed || !isDuplicateKey(failed)) throw err;
      rest = rest.slice(failed.index + 1);
    }
  }
}

function firstWriteError(err: unknown): { index: number; code?: number } | undefined {
  const errors = (err as { writeErrors?: unknown } | null)?.writeErrors;
  if (!errors) return undefined;
  return (Array.isArray(errors) ? errors[0] : errors) as { index: number; code?: number };
}
