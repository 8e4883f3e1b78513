/**
 * Web sessions kept in the database (any instance behind the load balancer can serve any
 * request), as express-session's store in src/http/sessions.ts reads and writes them: the data
 * as JSON, an expiry checked on read (purged periodically, src/db/expiry.ts).
 */
import { isExpired } from '../db/expiry.js';
import { deleteSession, extendSession, findSession, saveSession } from '../models/session.js';

/** The session's data as stored (JSON), or null when there is none or it expired. */
export async function sessionData(id: string): Promise<string | null> {
  const doc = await findSession(id);
  return doc && !isExpired(doc.expiresAt) ? doc.data : null;
}

export const storeSession = saveSession;
export const extendSessionTo = extendSession;
export const endSession = deleteSession;
