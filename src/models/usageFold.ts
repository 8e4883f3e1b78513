/**
 * The fold of usage events into counts, as stored, so that any instance can carry it on and a
 * crash at any point neither loses an event nor counts one twice, without transactions (FerretDB v1
 * has none):
 *
 * - A round is decided before anything is counted: the `usagerounds` document of round `r` holds
 *   the streams' positions after it and what it adds to each counter. Inserting it claims the
 *   number; a second folder that built a round `r` too loses the insert and drops its own.
 * - Each counter document records the last round counted in it, and a round is added only to a
 *   document whose round is lower (src/db/stampedIncrements.ts): adding a round again (after a
 *   crash, or by a second folder at the same moment) changes nothing.
 * - `usagefold`'s 'position' names the last round whose additions are all written, and the
 *   positions it reached; the next round starts there. Its 'lease' lets one instance fold at a
 *   time, which saves work: correctness does not depend on it.
 */
import type { Types } from 'mongoose';
import { Schema, model } from 'mongoose';
import { serialisedOnEmbedded } from '../db/documentLocks.js';
import { insertedFirst } from '../db/errors.js';
import { leaseIn } from './lease.js';
import { incrementOnce } from '../db/stampedIncrements.js';
import { ResourceStatsModel } from './usage.js';
import { UsageYearModel, type UsageCounts } from './usageMonthly.js';

/** What a round adds to one resource's totals; `viewsAfter`: its views once added (set when it adds views). */
export interface RoundResource {
  id: Types.ObjectId;
  add: UsageCounts;
  viewsAfter: number | null;
}

/** What a round adds to one organisation's months of one year (`months`: `01`…`12` → counts). */
export interface RoundOrgYear {
  id: string;
  months: Record<string, UsageCounts>;
}

export interface UsageRoundRecord {
  _id: string;
  round: number;
  /** Stream → its last batch counted once this round is. */
  positions: Record<string, number>;
  resources: RoundResource[];
  orgYears: RoundOrgYear[];
  events: number;
  at: Date;
}

export const UsageRoundModel = model<UsageRoundRecord>(
  'UsageRound',
  new Schema<UsageRoundRecord>(
    {
      _id: { type: String, required: true },
      round: { type: Number, required: true },
      positions: { type: Schema.Types.Mixed, default: {} },
      resources: { type: Schema.Types.Mixed, default: [] },
      orgYears: { type: Schema.Types.Mixed, default: [] },
      events: { type: Number, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false, collection: 'usagerounds', minimize: false },
  ),
);

/** 'position': the last round fully counted; 'lease': who folds now. */
interface UsageFoldRecord {
  _id: 'position' | 'lease';
  round?: number;
  positions?: Record<string, number>;
  at?: Date;
  holder?: string;
  expiresAt?: Date;
}

export const UsageFoldModel = model<UsageFoldRecord>(
  'UsageFold',
  new Schema<UsageFoldRecord>(
    {
      _id: { type: String, required: true },
      round: Number,
      positions: Schema.Types.Mixed,
      at: Date,
      holder: String,
      expiresAt: Date,
    },
    { versionKey: false, collection: 'usagefold', minimize: false },
  ),
);

export const roundId = (round: number) => String(round).padStart(12, '0');

export interface FoldPosition {
  round: number;
  positions: Record<string, number>;
}

export async function foldPosition(): Promise<FoldPosition> {
  const doc = await UsageFoldModel.findById('position').lean();
  return { round: doc?.round ?? 0, positions: doc?.positions ?? {} };
}

export const roundAt = (round: number) => UsageRoundModel.findById(roundId(round)).lean<UsageRoundRecord>();

/** Claims the round's number: false when another folder claimed it first. */
export const claimRound = (record: UsageRoundRecord) =>
  insertedFirst(() => UsageRoundModel.insertMany([record], { lean: true }));

export const dropRound = (round: number) => UsageRoundModel.deleteOne({ _id: roundId(round) });

export const addToResourceCounts = (round: number, items: readonly RoundResource[]) =>
  incrementOnce(
    ResourceStatsModel,
    'round',
    round,
    items.map((r) => ({ id: r.id, inc: { ...r.add } })),
  );

export const addToOrgYearCounts = (round: number, items: readonly RoundOrgYear[]) =>
  incrementOnce(
    UsageYearModel,
    'round',
    round,
    items.map((y) => {
      const inc: Record<string, number> = {};
      for (const [month, counts] of Object.entries(y.months))
        for (const [counter, n] of Object.entries(counts)) if (n) inc[`months.${month}.${counter}`] = n;
      return { id: y.id, inc };
    }),
  );

/** Records the round as fully counted, unless a later one already is. */
export async function markRoundDone(record: UsageRoundRecord): Promise<void> {
  const { round, positions } = record;
  // A filter beyond `_id` scans the collection on the embedded database: two documents here.
  await serialisedOnEmbedded('usagefold:position', () =>
    insertedFirst(() =>
      UsageFoldModel.updateOne(
        { _id: 'position', $or: [{ round: { $lt: round } }, { round: { $exists: false } }] },
        { $set: { round, positions, at: new Date() } },
        { upsert: true },
      ),
    ),
  );
}

const foldLease = leaseIn(UsageFoldModel);

/** Takes or renews the fold lease for `ms`; false while another instance holds an unexpired one. */
export const takeFoldLease = (holder: string, ms: number) => foldLease.take(holder, ms);
export const releaseFoldLease = (holder: string) => foldLease.release(holder);
