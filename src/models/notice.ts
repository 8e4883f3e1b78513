/**
 * Notices for a person inside the app (the copy they held is waiting for them…), newest first on
 * their page. The text is rendered when shown, in the reader's language, from `kind` and `params`.
 */
import { Schema, Types, model } from 'mongoose';

export type NoticeKind = 'hold_ready' | 'interlibrary' | 'interlibrary_arrived';

export interface Notice {
  id: string;
  personId: string;
  kind: NoticeKind;
  params: Record<string, string>;
  createdAt: Date;
}

interface NoticeRecord {
  _id: Types.ObjectId;
  personId: Types.ObjectId;
  kind: NoticeKind;
  params: Record<string, string>;
  createdAt: Date;
}

const schema = new Schema<NoticeRecord>(
  {
    personId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    params: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'notices', minimize: false },
);
schema.index({ personId: 1, createdAt: -1 });

export const NoticeModel = model<NoticeRecord>('Notice', schema);

export async function addNotice(personId: string, kind: NoticeKind, params: Record<string, string>): Promise<void> {
  await NoticeModel.create({ personId: new Types.ObjectId(personId), kind, params, createdAt: new Date() });
}

/** A person's latest notices. */
export async function noticesOf(personId: string, limit = 20): Promise<Notice[]> {
  const records = await NoticeModel.find({ personId: new Types.ObjectId(personId) })
    .sort({ createdAt: -1 })
    .limit(limit)
    .lean<NoticeRecord[]>();
  return records.map((r) => ({
    id: r._id.toHexString(),
    personId: r.personId.toHexString(),
    kind: r.kind,
    params: r.params ?? {},
    createdAt: r.createdAt,
  }));
}
