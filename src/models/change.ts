import { Schema, model } from 'mongoose';

/**
 * The change feed: one entry per change to something that instances keep in memory (the
 * catalogue index, the organisation tree). `_id` is a zero-padded sequence number taken from
 * the `changes` counter, so followers read entries one by one by `_id`, in order.
 */
export interface ChangeRecord {
  _id: string;
  topic: string;
  key: string;
  /** All the keys of a change written in bulk (a harvested page), `key` being the first; absent for one key. */
  keys?: string[];
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
      keys: { type: [String], default: undefined },
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
