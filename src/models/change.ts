import { Schema, model } from 'mongoose';
import type { Db } from 'mongodb';

/**
 * The change feed: one entry per change to something that instances keep in memory (the
 * catalogue index, the organisation tree). `_id` is a zero-padded sequence number taken from
 * the `changes` counter, so followers read entries one by one by `_id`, in order.
 */
export interface ChangeRecord {
  _id: string;
  topic: string;
  key: string;
  at: Date;
  expiresAt: Date;
}

export const ChangeModel = model<ChangeRecord>(
  'Change',
  new Schema<ChangeRecord>(
    {
      _id: { type: String, required: true },
      topic: { type: String, required: true },
      key: { type: String, required: true },
      at: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'changes' },
  ),
);

export interface CounterRecord {
  _id: string;
  seq: number;
}

export const CounterModel = model<CounterRecord>(
  'Counter',
  new Schema<CounterRecord>(
    { _id: { type: String, required: true }, seq: { type: Number, required: true } },
    { versionKey: false, collection: 'counters' },
  ),
);

export const sequenceId = (seq: number) => String(seq).padStart(12, '0');

/** Where the change feed stands: the sequence number of its latest entry (0 before any). */
export async function feedPositionIn(db: Db): Promise<number> {
  const counter = await db.collection<CounterRecord>('counters').findOne({ _id: 'changes' });
  return counter?.seq ?? 0;
}

/** The entries after `from` up to `to`, read one by one by `_id`; an entry never written (a gap) is passed over. */
export async function* changesBetween(db: Db, from: number, to: number): AsyncIterable<ChangeRecord> {
  const changes = db.collection<ChangeRecord>('changes');
  for (let seq = from + 1; seq <= to; seq++) {
    const entry = await changes.findOne({ _id: sequenceId(seq) });
    if (entry) yield entry;
  }
}

/** The collection whose documents a change topic names, by `_id` (the key is that document's id). */
export const collectionOfTopic: Record<string, string> = {
  resource: 'resources',
  organisation: 'organisations',
  person: 'people',
};
