/**
 * Many updates of single documents by `_id` (a harvested page's). MongoDB takes them as one bulk
 * write. FerretDB v1 does not finish an update command that holds many statements (measured on the
 * embedded database: a bulk write of 100 `updateOne`s by `_id` was still waiting at the 30 s
 * timeout, and held the database up meanwhile), so there each goes as its own command, a few at once.
 */
import type { UpdateQuery } from 'mongoose';
import { needsProcessLocks } from './documentLocks.js';
import type { AnyModel } from './index.js';
import { readAll } from './readAll.js';

export interface UpdateById<T> {
  id: unknown;
  update: UpdateQuery<T>;
}

type Writes = Parameters<AnyModel['bulkWrite']>[0];

export async function updateEachById<T>(model: AnyModel, updates: readonly UpdateById<T>[]): Promise<void> {
  if (!updates.length) return;
  if (!needsProcessLocks()) {
    const writes = updates.map((u) => ({ updateOne: { filter: { _id: u.id }, update: u.update } }));
    await model.bulkWrite(writes as Writes, { ordered: false });
    return;
  }
  await readAll(updates, (u) => model.updateOne({ _id: u.id }, u.update));
}
