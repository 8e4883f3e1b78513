/**
 * Running numbers that are never given twice: accession numbers per school and collection, general
 * register entries and withdrawal records per school. Each is a counter in `counters` (the change
 * feed's counter lives there too), moved on atomically: one findOneAndUpdate on MongoDB, one after
 * another per counter inside the process on the embedded database (src/db/documentLocks.ts).
 */
import { serialisedOnEmbedded } from '../db/documentLocks.js';
import { CounterModel } from './change.js';

export const sequenceIds = {
  accession: (orgId: string, lead: string) => `accession|${orgId}|${lead}`,
  intake: (orgId: string) => `intake|${orgId}`,
  withdrawal: (orgId: string) => `withdrawal|${orgId}`,
  libraryCard: (orgId: string) => `card|${orgId}`,
};

/** Takes the next `count` numbers; returns the first. */
export async function takeNumbers(id: string, count: number): Promise<number> {
  const counter = await serialisedOnEmbedded(`counters:${id}`, () =>
    CounterModel.findOneAndUpdate(
      { _id: id },
      { $inc: { seq: count } },
      { upsert: true, returnDocument: 'after' },
    ).lean(),
  );
  return counter!.seq - count + 1;
}

/** Makes sure the next number taken is above `last` (numbers typed by hand move the sequence on). */
export async function raiseSequence(id: string, last: number): Promise<void> {
  await serialisedOnEmbedded(`counters:${id}`, () =>
    CounterModel.updateOne({ _id: id }, { $max: { seq: last } }, { upsert: true }),
  );
}

/** The last number taken (0 when none). */
export async function lastNumber(id: string): Promise<number> {
  return (await CounterModel.findById(id).lean())?.seq ?? 0;
}
