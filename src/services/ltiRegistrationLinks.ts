/**
 * Registration links for LTI Dynamic Registration. Registration makes our server fetch the URL a
 * platform names, so it starts only from a link an admin of ours created: single use, expiring,
 * and bound to an organisation (the platform registered through it is active at once) or to none
 * (the platform waits for an admin to confirm its organisation). The link's token is random and
 * only its hash is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  claimRegistrationLink,
  deleteRegistrationLink,
  findRegistrationLink,
  insertRegistrationLink,
  openRegistrationLinks,
  releaseRegistrationLink,
  type LtiRegistrationLinkRecord,
} from '../models/ltiRegistrationLink.js';

export const REGISTRATION_LINK_TTL_MS = 7 * 24 * 3600_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const idOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export class LtiRegistrationLinks {
  /** A new link's token (shown once) and when it expires. */
  async create(createdBy: string, orgId: string | null, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + REGISTRATION_LINK_TTL_MS);
    await insertRegistrationLink({ _id: idOf(token), orgId, createdBy, createdAt: now, expiresAt, usedAt: null });
    return { token, expiresAt };
  }

  /** Takes the link for one registration; null when the token is malformed, unknown, used or expired. */
  async claim(token: string, now = new Date()): Promise<LtiRegistrationLinkRecord | null> {
    return TOKEN.test(token) ? claimRegistrationLink(idOf(token), now) : null;
  }

  release(link: LtiRegistrationLinkRecord): Promise<void> {
    return releaseRegistrationLink(link._id);
  }

  listOpen(now = new Date()): Promise<LtiRegistrationLinkRecord[]> {
    return openRegistrationLinks(now);
  }

  find(id: string): Promise<LtiRegistrationLinkRecord | null> {
    return findRegistrationLink(id);
  }

  revoke(id: string): Promise<void> {
    return deleteRegistrationLink(id);
  }
}
