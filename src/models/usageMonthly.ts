import { Schema, model } from 'mongoose';
import type { UsageKind } from './usage.js';

export interface UsageCounts {
  views: number;
  downloads: number;
  launches: number;
}

/**
 * Use of one organisation's resources per month of one year (Vietnam's time), `_id` =
 * `${orgId}|${YYYY}`, folded from the usage events (src/services/usageFold.ts). A statistics
 * report reads one small document per organisation and year, by `_id`, however many events there were.
 */
export interface UsageYearRecord {
  _id: string;
  /** `01`…`12` → counts of that month. */
  months: Record<string, UsageCounts>;
  /** The last fold round counted in it. */
  round?: number;
}

export const UsageYearModel = model<UsageYearRecord>(
  'UsageYear',
  new Schema<UsageYearRecord>(
    {
      _id: { type: String, required: true },
      months: { type: Schema.Types.Mixed, default: {} },
      round: { type: Number },
    },
    { versionKey: false, collection: 'usageyears', minimize: false },
  ),
);

/** One organisation's year of use (`usageYearId`); null before anything was counted in it. */
export const findUsageYear = (id: string) => UsageYearModel.findById(id).lean<UsageYearRecord>();

export const counterOf: Record<UsageKind, keyof UsageCounts> = {
  view: 'views',
  download: 'downloads',
  lti_launch: 'launches',
};

/** Vietnam does not observe daylight saving: months begin at 00:00 UTC+7 all year. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** `YYYY-MM` of an instant, in Vietnam's time. */
export const monthOf = (at: Date) => new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 7);

export const usageYearId = (orgId: string, year: string) => `${orgId}|${year}`;
