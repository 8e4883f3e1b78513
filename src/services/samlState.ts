/**
 * The short-lived state of SAML sign-in, in the database so that any instance can answer:
 * the requests we issued (a response must answer one of them, once), assertions already
 * consumed (a replay is refused), and which of our sessions came from which portal login (so a
 * logout request from the portal ends them without the browser's cookie).
 */
import { isExpired } from '../db/expiry.js';
import {
  addPortalSession,
  consumeSamlAssertionFirst,
  findSamlRequest,
  insertSamlRequest,
  takePortalSessions,
  takeSamlRequest,
  type SamlStateRecord,
} from '../models/samlState.js';
import { deleteSession } from '../models/session.js';

export const REQUEST_TTL_MS = 15 * 60_000;
/** Longer than any assertion we accept lives, so a replay is caught for as long as it could succeed. */
const CONSUMED_TTL_MS = 24 * 3600_000;

/**
 * passport-saml's cache of the requests we issued to one IdP (its CacheProvider's shape): it stores
 * the request's instant as the value and removes the entry once answered. A request issued to
 * another IdP, or expired, is not found.
 */
export function samlRequestStore(idpId: string) {
  const valid = (record: SamlStateRecord | null) =>
    record && record.values[0] === idpId && !isExpired(record.expiresAt) ? record.value : null;
  return {
    async saveAsync(key: string, value: string): Promise<{ value: string; createdAt: number }> {
      const createdAt = Date.now();
      await insertSamlRequest(key, idpId, value, new Date(createdAt + REQUEST_TTL_MS));
      return { value, createdAt };
    },
    async getAsync(key: string): Promise<string | null> {
      return valid(await findSamlRequest(key));
    },
    async removeAsync(key: string | null): Promise<string | null> {
      return key ? valid(await takeSamlRequest(key)) : null;
    },
  };
}

/** False when this IdP's assertion was consumed before. */
export function firstUseOfAssertion(idpId: string, assertionId: string): Promise<boolean> {
  return consumeSamlAssertionFirst(`${idpId}|${assertionId}`, new Date(Date.now() + CONSUMED_TTL_MS));
}

const portalKey = (idpId: string, nameId: string) => `${idpId}|${nameId}`;

export function rememberPortalSession(
  portal: { idpId: string; nameId: string },
  sessionId: string,
  ttlMs: number,
): Promise<void> {
  return addPortalSession(portalKey(portal.idpId, portal.nameId), sessionId, new Date(Date.now() + ttlMs));
}

/** Ends every session of ours opened by this portal login. */
export async function endPortalSessions(idpId: string, nameId: string): Promise<void> {
  for (const sessionId of await takePortalSessions(portalKey(idpId, nameId))) await deleteSession(sessionId);
}
