import type { Types } from 'mongoose';
import { Schema, model } from 'mongoose';
import type { IdentityProvider } from '../domain/person.js';
import { schemaVersionField } from './schemaVersion.js';

/**
 * One way a person signs in. `_id` is the identity key, so login is a lookup by `_id`:
 * `local|{username}`, `saml|{idpId}|{nameId}`, `lti|{issuer}|{subject}`.
 */
export interface IdentityRecord {
  _id: string;
  personId: Types.ObjectId;
  provider: IdentityProvider;
  /** Local identities only. */
  passwordHash: string | null;
  createdAt: Date;
  lastSeenAt: Date | null;
}

const schema = new Schema<IdentityRecord>(
  {
    ...schemaVersionField,
    _id: { type: String, required: true },
    personId: { type: Schema.Types.ObjectId, required: true, index: true },
    provider: { type: String, required: true },
    passwordHash: { type: String, default: null },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'identities' },
);

export const IdentityModel = model<IdentityRecord>('Identity', schema);

export function identityKey(provider: IdentityProvider, ...parts: string[]): string {
  return [provider, ...parts].join('|');
}
