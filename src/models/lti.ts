import { Schema, model, type Model } from 'mongoose';
import type { LtiDeployment, LtiPlatform } from '../domain/ltiPlatform.js';
import { serialisedOnEmbedded } from '../db/documentLocks.js';
import { insertedFirst, retryLostUpsert } from '../db/errors.js';
import { schemaVersionField } from './schemaVersion.js';

/**
 * LTI storage. ltijs keeps nine kinds of records (platforms, keys, states, nonces, launch tokens…);
 * each gets its own collection whose `_id` is derived from the fields ltijs looks it up by
 * (src/lti/storage.ts), so its lookups are `_id` lookups. The record itself is kept as JSON:
 * launch claims carry keys (URLs, `$`-names from platforms) that are not safe BSON field names.
 */
export interface LtiStoreRecord {
  _id: string;
  data: string;
  createdAt: Date;
  /** Null: kept until deleted. Checked on read, purged periodically. */
  expiresAt: Date | null;
}

export const ltiStoreKinds = [
  'platform',
  'platformStatus',
  'publickey',
  'privatekey',
  'accesstoken',
  'nonce',
  'state',
  'idtoken',
  'contexttoken',
] as const;
export type LtiStoreKind = (typeof ltiStoreKinds)[number];

function storeModel(kind: LtiStoreKind): Model<LtiStoreRecord> {
  const schema = new Schema<LtiStoreRecord>(
    {
      _id: { type: String, required: true },
      data: { type: String, required: true },
      createdAt: { type: Date, required: true },
      expiresAt: { type: Date, default: null, index: true },
    },
    { versionKey: false, collection: `lti_${kind.toLowerCase()}s` },
  );
  return model<LtiStoreRecord>(`Lti_${kind}`, schema);
}

export const ltiStoreModels = Object.fromEntries(ltiStoreKinds.map((k) => [k, storeModel(k)])) as Record<
  LtiStoreKind,
  Model<LtiStoreRecord>
>;

/** A platform registration (src/domain/ltiPlatform.ts): `_id` = `${issuer}|${clientId}`. */
export type { LtiDeployment };

export interface LtiPlatformRecord extends Omit<LtiPlatform, 'id'> {
  _id: string;
}

export const LtiPlatformModel = model<LtiPlatformRecord>(
  'LtiPlatform',
  new Schema<LtiPlatformRecord>(
    {
      ...schemaVersionField,
      _id: { type: String, required: true },
      issuer: { type: String, required: true },
      clientId: { type: String, required: true },
      name: { type: String, required: true },
      orgId: { type: String, default: null },
      deployments: {
        type: [
          new Schema<LtiDeployment>(
            { id: { type: String, required: true }, orgId: { type: String, default: null } },
            { _id: false },
          ),
        ],
        default: [],
      },
      matchByEmail: { type: Boolean, default: false },
      registeredVia: { type: String, required: true },
      createdAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'lti_registrations' },
  ),
);

/**
 * Resources a person was launched into from one course of a platform: they may open them whatever
 * their scope, in that course's sessions. `_id` = JSON of [person id, platform URL, course id], so
 * a session's grants cost one lookup; the parts are kept beside it for people reading the data.
 */
export interface LtiGrantRecord {
  _id: string;
  personId: string;
  platformUrl: string;
  courseId: string | null;
  resourceIds: string[];
  modifiedAt: Date;
}

export const LtiGrantModel = model<LtiGrantRecord>(
  'LtiGrant',
  new Schema<LtiGrantRecord>(
    {
      _id: { type: String, required: true },
      personId: { type: String, required: true },
      platformUrl: { type: String, required: true },
      courseId: { type: String, default: null },
      resourceIds: { type: [String], default: [] },
      modifiedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'lti_grants' },
  ),
);

/**
 * A state an id_token post has answered (`_id` = the state ltijs chose), kept until the login it
 * belonged to would have expired anyway: a second post of the same state finds it and is refused.
 */
export interface LtiUsedStateRecord {
  _id: string;
  expiresAt: Date;
}

export const LtiUsedStateModel = model<LtiUsedStateRecord>(
  'LtiUsedState',
  new Schema<LtiUsedStateRecord>(
    {
      _id: { type: String, required: true },
      expiresAt: { type: Date, required: true, index: true },
    },
    { versionKey: false, collection: 'lti_used_states' },
  ),
);

/** Adds a resource to a person's grants in one course (`id` from the person and course), creating them if new. */
export async function addGrantedResource(
  id: string,
  grant: Pick<LtiGrantRecord, 'personId' | 'platformUrl' | 'courseId'>,
  resourceId: string,
): Promise<void> {
  // Two launches of one learner in one course at the same moment each add their item.
  await serialisedOnEmbedded(`lti_grants:${id}`, () =>
    retryLostUpsert(() =>
      LtiGrantModel.updateOne(
        { _id: id },
        { $addToSet: { resourceIds: resourceId }, $set: { ...grant, modifiedAt: new Date() } },
        { upsert: true },
      ),
    ),
  );
}

export async function grantedResourceIds(id: string): Promise<string[]> {
  return (await LtiGrantModel.findById(id).lean<LtiGrantRecord>())?.resourceIds ?? [];
}

/** Marks a login's state used; false when it was used before (a replayed id_token post). */
export function markLtiStateUsedFirst(state: string, expiresAt: Date): Promise<boolean> {
  return insertedFirst(() => LtiUsedStateModel.create({ _id: state, expiresAt }));
}

export async function ltiStateUsed(state: string): Promise<boolean> {
  return (await LtiUsedStateModel.exists({ _id: state })) !== null;
}

/** A platform's registration by the pair every launch names (the integrations log attributes refusals with it). */
export const findLtiPlatform = (issuer: string, clientId: string) =>
  LtiPlatformModel.findById(`${issuer}|${clientId}`).lean<LtiPlatformRecord>();
