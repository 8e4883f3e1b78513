import { Schema, model } from 'mongoose';
import { serialisedOnEmbedded } from '../db/documentLocks.js';
import { insertedFirst } from '../db/errors.js';

/**
 * Short-lived SAML state, each keyed by `_id` and expiring (checked on read, purged periodically):
 * - requests we issued (`_id` = the request's ID; `value` = the IdP it went to), so a response's
 *   InResponseTo must name one of them, and serves once;
 * - assertions already consumed (`_id` = `${idpId}|${assertionId}`), so a replayed response is
 *   refused even when it answers no request;
 * - sessions opened per portal login (`_id` = `${idpId}|${nameId}`), so a logout request from the
 *   portal can end them without the browser's cookie.
 */
export interface SamlStateRecord {
  _id: string;
  value: string;
  values: string[];
  expiresAt: Date;
}

function stateModel(name: string, collection: string) {
  return model<SamlStateRecord>(
    name,
    new Schema<SamlStateRecord>(
      {
        _id: { type: String, required: true },
        value: { type: String, default: '' },
        values: { type: [String], default: [] },
        expiresAt: { type: Date, required: true, index: true },
      },
      { versionKey: false, collection },
    ),
  );
}

export const SamlRequestModel = stateModel('SamlRequest', 'saml_requests');
export const SamlAssertionModel = stateModel('SamlAssertion', 'saml_assertions');
export const SamlSessionModel = stateModel('SamlSession', 'saml_sessions');

/** A request we issued to `idpId` (passport-saml keeps `value`, the request's instant). */
export async function insertSamlRequest(id: string, idpId: string, value: string, expiresAt: Date): Promise<void> {
  await SamlRequestModel.create({ _id: id, value, values: [idpId], expiresAt });
}

export function findSamlRequest(id: string): Promise<SamlStateRecord | null> {
  return SamlRequestModel.findById(id).lean<SamlStateRecord>().exec();
}

/** Reads and removes the request: it answers one response only. */
export function takeSamlRequest(id: string): Promise<SamlStateRecord | null> {
  return SamlRequestModel.findOneAndDelete({ _id: id }).lean<SamlStateRecord>().exec();
}

/** False when the assertion was consumed before (a replay). */
export function consumeSamlAssertionFirst(id: string, expiresAt: Date): Promise<boolean> {
  return insertedFirst(() => SamlAssertionModel.create({ _id: id, expiresAt }));
}

/** Adds a session of ours to a portal login (`id` = idp and NameID), pushing back its expiry. */
export async function addPortalSession(id: string, sessionId: string, expiresAt: Date): Promise<void> {
  await serialisedOnEmbedded(`saml_sessions:${id}`, () =>
    SamlSessionModel.updateOne(
      { _id: id },
      { $addToSet: { values: sessionId }, $set: { expiresAt } },
      { upsert: true },
    ),
  );
}

/** Removes a portal login's record and gives the sessions it had opened. */
export async function takePortalSessions(id: string): Promise<string[]> {
  const record = await SamlSessionModel.findOneAndDelete({ _id: id }).lean<SamlStateRecord>();
  return record?.values ?? [];
}
