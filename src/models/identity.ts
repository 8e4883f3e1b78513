import type { Types } from 'mongoose';
import { Schema, model } from 'mongoose';
import type { IdentityProvider } from '../domain/person.js';
import { insertedFirst } from '../db/errors.js';
import { toDatabaseId } from './ids.js';
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

export { identityKey } from '../domain/person.js';

/** Which person an identity belongs to, and when it was last marked seen. */
export interface IdentityLinkRecord {
  personId: string;
  lastSeenAt: Date | null;
}

export async function findIdentityLink(key: string): Promise<IdentityLinkRecord | null> {
  const record = await IdentityModel.findById(key, { personId: 1, lastSeenAt: 1 }).lean<IdentityRecord>();
  return record ? { personId: record.personId.toHexString(), lastSeenAt: record.lastSeenAt } : null;
}

/** A local identity's password hash and person; null when there is no such identity. */
export async function findLocalLogin(key: string): Promise<{ personId: string; passwordHash: string | null } | null> {
  const record = await IdentityModel.findById(key).lean<IdentityRecord>();
  return record ? { personId: record.personId.toHexString(), passwordHash: record.passwordHash } : null;
}

export async function identityExists(key: string): Promise<boolean> {
  return (await IdentityModel.exists({ _id: key })) !== null;
}

export interface NewIdentity {
  key: string;
  personId: string;
  provider: IdentityProvider;
  passwordHash: string | null;
  createdAt: Date;
  lastSeenAt: Date | null;
}

/** Throws a duplicate-key error when the identity exists already. */
export async function insertIdentity({ key, personId, ...rest }: NewIdentity): Promise<void> {
  await IdentityModel.create({ _id: key, personId: toDatabaseId(personId), ...rest });
}

/** False when another sign-in linked the identity first. */
export function linkIdentityFirst(identity: NewIdentity): Promise<boolean> {
  return insertedFirst(() => insertIdentity(identity));
}

export async function markIdentitySeen(key: string, at: Date): Promise<void> {
  await IdentityModel.updateOne({ _id: key }, { $set: { lastSeenAt: at } });
}

export async function setIdentityPasswordHash(key: string, passwordHash: string): Promise<void> {
  await IdentityModel.updateOne({ _id: key }, { $set: { passwordHash } });
}
