/**
 * passport-saml's record of the requests we issued, kept in the database (several instances may
 * answer one login) by `_id` = request ID, bound to the IdP it went to, with an expiry checked on
 * read (FerretDB has no TTL indexes; src/models/index.ts purges them).
 */
import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';
import { isExpired } from '../../db/expiry.js';
import { SamlRequestModel } from '../../models/samlState.js';

export const REQUEST_TTL_MS = 15 * 60_000;

export function requestCache(idpId: string): CacheProvider {
  return {
    async saveAsync(key: string): Promise<CacheItem | null> {
      const createdAt = Date.now();
      await SamlRequestModel.create({ _id: key, value: idpId, expiresAt: new Date(createdAt + REQUEST_TTL_MS) });
      return { value: idpId, createdAt };
    },
    async getAsync(key: string): Promise<string | null> {
      const record = await SamlRequestModel.findById(key).lean();
      return record && record.value === idpId && !isExpired(record.expiresAt) ? record.value : null;
    },
    async removeAsync(key: string | null): Promise<string | null> {
      if (!key) return null;
      const record = await SamlRequestModel.findOneAndDelete({ _id: key }).lean();
      return record && record.value === idpId && !isExpired(record.expiresAt) ? record.value : null;
    },
  };
}
