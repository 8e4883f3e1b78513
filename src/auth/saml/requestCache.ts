/**
 * passport-saml's record of the requests we issued, kept in the database (several instances may
 * answer one login) by `_id` = request ID, bound to the IdP it went to (`values[0]`), with an
 * expiry checked on read (FerretDB has no TTL indexes; src/models/index.ts purges them).
 * passport-saml stores the request's instant as the value and removes the entry once answered.
 */
import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';
import { isExpired } from '../../db/expiry.js';
import { SamlRequestModel, type SamlStateRecord } from '../../models/samlState.js';

export const REQUEST_TTL_MS = 15 * 60_000;

export function requestCache(idpId: string): CacheProvider {
  const valid = (record: SamlStateRecord | null) =>
    record && record.values[0] === idpId && !isExpired(record.expiresAt) ? record.value : null;
  return {
    async saveAsync(key: string, value: string): Promise<CacheItem | null> {
      const createdAt = Date.now();
      await SamlRequestModel.create({
        _id: key,
        value,
        values: [idpId],
        expiresAt: new Date(createdAt + REQUEST_TTL_MS),
      });
      return { value, createdAt };
    },
    async getAsync(key: string): Promise<string | null> {
      return valid(await SamlRequestModel.findById(key).lean());
    },
    async removeAsync(key: string | null): Promise<string | null> {
      return key ? valid(await SamlRequestModel.findOneAndDelete({ _id: key }).lean()) : null;
    },
  };
}
