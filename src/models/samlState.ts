import { Schema, model } from 'mongoose';

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
