/**
 * Rate-limit counters shared by every instance: one document per key (`_id`) counting hits in a
 * fixed window that ends at `resetAt`. Expired windows are removed by the periodic purge
 * (src/db/expiry.ts); a window found expired before that starts over.
 */
import { Schema, model } from 'mongoose';
import { serialisedOnEmbedded } from '../db/documentLocks.js';
import { retryLostUpsert } from '../db/errors.js';

export interface RateLimitRecord {
  _id: string;
  hits: number;
  resetAt: Date;
}

export const RateLimitModel = model<RateLimitRecord>(
  'RateLimit',
  new Schema<RateLimitRecord>(
    {
      _id: { type: String, required: true },
      hits: { type: Number, required: true },
      resetAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'ratelimits' },
  ),
);

/** Lock key: one document's updates one after another on the embedded database ($inc is a read and a write there). */
const lockOf = (key: string) => `ratelimits:${key}`;

/**
 * Counts one hit for `key` and returns the window's count. One upsert by `_id` (atomic on MongoDB,
 * serialised on the embedded database); a window that has ended is started again, by the one
 * caller whose conditional update finds it still ended.
 */
export function countHit(key: string, windowMs: number, now = new Date()): Promise<RateLimitRecord> {
  return serialisedOnEmbedded(lockOf(key), async () => {
    const counted = await retryLostUpsert(() =>
      RateLimitModel.findOneAndUpdate(
        { _id: key },
        { $inc: { hits: 1 }, $setOnInsert: { resetAt: new Date(now.getTime() + windowMs) } },
        { upsert: true, returnDocument: 'after' },
      ).lean<RateLimitRecord>(),
    );
    if (counted!.resetAt > now) return counted!;
    const restarted = await RateLimitModel.findOneAndUpdate(
      { _id: key, resetAt: counted!.resetAt },
      { $set: { hits: 1, resetAt: new Date(now.getTime() + windowMs) } },
      { returnDocument: 'after' },
    ).lean<RateLimitRecord>();
    return restarted ?? ((await RateLimitModel.findById(key).lean<RateLimitRecord>()) as RateLimitRecord);
  });
}

export async function uncountHit(key: string): Promise<void> {
  await serialisedOnEmbedded(lockOf(key), () => RateLimitModel.updateOne({ _id: key }, { $inc: { hits: -1 } }));
}

export async function forgetHits(key: string): Promise<void> {
  await RateLimitModel.deleteOne({ _id: key });
}

/** The window under way for `key`, or null. */
export async function hitsOf(key: string, now = new Date()): Promise<RateLimitRecord | null> {
  const record = await RateLimitModel.findById(key).lean<RateLimitRecord>();
  return record && record.resetAt > now ? record : null;
}
