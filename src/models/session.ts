import { Schema, model } from 'mongoose';

/** A web session: `_id` is the session id, so every read and write is a lookup by `_id`. */
export interface SessionDocument {
  _id: string;
  /** express-session's data, as JSON (its keys are not all valid BSON field names). */
  data: string;
  expiresAt: Date;
}

const sessionSchema = new Schema<SessionDocument>(
  {
    _id: { type: String, required: true },
    data: { type: String, required: true },
    expiresAt: { type: Date, required: true, index: true },
  },
  { versionKey: false, collection: 'sessions' },
);

export const SessionModel = model<SessionDocument>('Session', sessionSchema);

export function findSession(id: string): Promise<SessionDocument | null> {
  return SessionModel.findById(id).lean<SessionDocument>().exec();
}

export async function saveSession(id: string, data: string, expiresAt: Date): Promise<void> {
  await SessionModel.updateOne({ _id: id }, { $set: { data, expiresAt } }, { upsert: true });
}

export async function extendSession(id: string, expiresAt: Date): Promise<void> {
  await SessionModel.updateOne({ _id: id }, { $set: { expiresAt } });
}

export async function deleteSession(id: string): Promise<void> {
  await SessionModel.deleteOne({ _id: id });
}
