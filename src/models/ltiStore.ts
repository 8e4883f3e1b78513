/**
 * Named queries over ltijs's records (./lti.ts: one collection per kind, `_id` derived from the
 * fields ltijs looks a record up by), for the storage plugin src/lti/storage.ts gives ltijs.
 */
import { retryLostUpsert } from '../db/errors.js';
import { ltiStoreModels, type LtiStoreKind, type LtiStoreRecord } from './lti.js';

export type { LtiStoreKind, LtiStoreRecord };

export function findLtiRecord(kind: LtiStoreKind, id: string): Promise<LtiStoreRecord | null> {
  return ltiStoreModels[kind].findById(id).lean<LtiStoreRecord>().exec();
}

/** Every record of a kind (a query ltijs makes by other fields than the key: few records). */
export function allLtiRecords(kind: LtiStoreKind): Promise<LtiStoreRecord[]> {
  return ltiStoreModels[kind].find().lean<LtiStoreRecord[]>().exec();
}

/** Throws a duplicate-key error when the record exists. */
export async function insertLtiRecord(kind: LtiStoreKind, record: LtiStoreRecord): Promise<void> {
  await ltiStoreModels[kind].create(record);
}

/**
 * Two launches of one person at the same moment upsert the same record; the loser of that race
 * gets a duplicate-key error from the database, and its second try replaces the winner's record.
 */
export async function replaceLtiRecord(
  kind: LtiStoreKind,
  id: string,
  replacement: Omit<LtiStoreRecord, '_id'>,
): Promise<void> {
  await retryLostUpsert(() => ltiStoreModels[kind].replaceOne({ _id: id }, replacement, { upsert: true }));
}

export async function setLtiRecord(
  kind: LtiStoreKind,
  id: string,
  fields: Partial<Pick<LtiStoreRecord, 'data' | 'expiresAt'>>,
): Promise<void> {
  await ltiStoreModels[kind].updateOne({ _id: id }, { $set: fields });
}

export async function deleteLtiRecord(kind: LtiStoreKind, id: string): Promise<void> {
  await ltiStoreModels[kind].deleteOne({ _id: id });
}
