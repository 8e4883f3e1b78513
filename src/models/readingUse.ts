/**
 * In-library use (lượt đọc tại chỗ): a copy read in the library and put back, counted by a scan
 * (one use of that copy) or by the day's count the librarian keeps on paper. One document per
 * record; the statistics and registers sum them per school and day.
 */
import { Schema, Types, model } from 'mongoose';

export interface ReadingUse {
  orgId: string;
  /** Local day (YYYY-MM-DD). */
  day: string;
  /** The copy scanned, or null for a day's count. */
  copyId: string | null;
  collectionCode: string | null;
  count: number;
  recordedBy: string | null;
  recordedAt: Date;
}

interface ReadingUseRecord {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  day: string;
  copyId: Types.ObjectId | null;
  collectionCode: string | null;
  count: number;
  recordedBy: Types.ObjectId | null;
  recordedAt: Date;
}

const schema = new Schema<ReadingUseRecord>(
  {
    orgId: { type: Schema.Types.ObjectId, required: true },
    day: { type: String, required: true },
    copyId: { type: Schema.Types.ObjectId, default: null },
    collectionCode: { type: String, default: null },
    count: { type: Number, required: true },
    recordedBy: { type: Schema.Types.ObjectId, default: null },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'readinguses' },
);
schema.index({ orgId: 1, day: 1 });

export const ReadingUseModel = model<ReadingUseRecord>('ReadingUse', schema);

const oidOrNull = (id: string | null) => (id ? new Types.ObjectId(id) : null);

export async function recordReadingUse(use: ReadingUse): Promise<void> {
  await ReadingUseModel.create({
    ...use,
    orgId: new Types.ObjectId(use.orgId),
    copyId: oidOrNull(use.copyId),
    recordedBy: oidOrNull(use.recordedBy),
  });
}

/** Uses per day of a school between two days (inclusive), for statistics and the registers. */
export async function readingUsesByDay(orgId: string, from: string, to: string): Promise<Map<string, number>> {
  const records = await ReadingUseModel.find(
    { orgId: new Types.ObjectId(orgId), day: { $gte: from, $lte: to } },
    { day: 1, count: 1 },
  ).lean<Pick<ReadingUseRecord, 'day' | 'count'>[]>();
  const byDay = new Map<string, number>();
  for (const r of records) byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.count);
  return byDay;
}
