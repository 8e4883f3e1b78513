import { Schema, model } from 'mongoose';
import { ObjectId, type Db } from 'mongodb';
import { serialisedOnEmbedded } from '../db/documentLocks.js';

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

/** When the feed's entry at `seq` was written; null when there is none (never, or expired). */
export async function changeEntryAt(seq: number): Promise<Date | null> {
  return (await ChangeModel.findById(sequenceId(seq), { at: 1 }).lean())?.at ?? null;
}

const FEED_COUNTER = 'changes';

/** Where the change feed stands: the sequence number of its latest entry (0 before any). */
export async function latestChangeSequence(): Promise<number> {
  return (await CounterModel.findById(FEED_COUNTER).lean<CounterRecord>())?.seq ?? 0;
}

/**
 * The next `count` sequence numbers, taken together for entries about to be written: the last of
 * them is returned, the others are the `count - 1` before it.
 */
export async function takeChangeSequences(count: number): Promise<number> {
  const counter = await serialisedOnEmbedded(`counters:${FEED_COUNTER}`, () =>
    CounterModel.findOneAndUpdate(
      { _id: FEED_COUNTER },
      { $inc: { seq: count } },
      { upsert: true, returnDocument: 'after' },
    ).lean<CounterRecord>(),
  );
  return counter!.seq;
}

/** The entries of sequence numbers taken by `takeChangeSequences`, in one write; each is kept until its `expiresAt`. */
export async function insertChanges(entries: { seq: number; entry: Omit<ChangeRecord, '_id'> }[]): Promise<void> {
  await ChangeModel.insertMany(
    entries.map(({ seq, entry }) => ({ _id: sequenceId(seq), ...entry })),
    { lean: true },
  );
}

/** One entry of the feed; null when it was never written (a gap) or has expired. */
export function findChange(seq: number): Promise<ChangeRecord | null> {
  return ChangeModel.findById(sequenceId(seq)).lean<ChangeRecord>();
}

/** Whether the entry of this sequence number is still kept. */
export async function changeKept(seq: number): Promise<boolean> {
  return (await ChangeModel.exists({ _id: sequenceId(seq) })) !== null;
}

/** Where the change feed stands: the sequence number of its latest entry (0 before any). */
export async function feedPositionIn(db: Db): Promise<number> {
  const counter = await db.collection<CounterRecord>('counters').findOne({ _id: FEED_COUNTER });
  return counter?.seq ?? 0;
}

/**
 * The change feed of `db` as a backup reads it: where it stands, and which documents it names between two positions.
 */
export function changeFeedReader(db: Db) {
  return {
    position: () => feedPositionIn(db),
    changedBetween: (from: number, to: number) => documentsChangedBetween(db, from, to),
  };
}

/** The collection whose documents a change topic names, by `_id` (the key is that document's id). */
const collectionOfTopic: Record<string, string> = {
  resource: 'resources',
  organisation: 'organisations',
  person: 'people',
};

/**
 * Each document the entries after `from` up to `to` name, once (an entry written in bulk names
 * all its `keys`); an entry never written (a gap) is passed over.
 */
async function* documentsChangedBetween(db: Db, from: number, to: number) {
  const changes = db.collection<ChangeRecord>('changes');
  const seen = new Set<string>();
  for (let seq = from + 1; seq <= to; seq++) {
    const entry = await changes.findOne({ _id: sequenceId(seq) });
    const collection = entry && collectionOfTopic[entry.topic];
    if (!entry || !collection) continue;
    for (const key of entry.keys ?? [entry.key]) {
      if (seen.has(`${collection}:${key}`)) continue;
      seen.add(`${collection}:${key}`);
      yield { collection, _id: /^[0-9a-f]{24}$/.test(key) ? new ObjectId(key) : key };
    }
  }
}
