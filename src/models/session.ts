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
