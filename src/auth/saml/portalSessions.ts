/**
 * Which of our sessions came from which portal login (`_id` = `${idpId}|${nameId}`), so a logout
 * request from the portal ends them even when it arrives without the browser's cookie (a
 * cross-site POST carries no SameSite=Lax cookie).
 */
import { serialisedOnEmbedded } from '../../db/documentLocks.js';
import { SamlSessionModel } from '../../models/samlState.js';
import { SessionModel } from '../../models/session.js';

const keyOf = (idpId: string, nameId: string) => `${idpId}|${nameId}`;

export async function rememberPortalSession(
  portal: { idpId: string; nameId: string },
  sessionId: string,
  ttlMs: number,
): Promise<void> {
  const id = keyOf(portal.idpId, portal.nameId);
  await serialisedOnEmbedded(`saml_sessions:${id}`, () =>
    SamlSessionModel.updateOne(
      { _id: id },
      { $addToSet: { values: sessionId }, $set: { expiresAt: new Date(Date.now() + ttlMs) } },
      { upsert: true },
    ),
  );
}

export async function endPortalSessions(idpId: string, nameId: string): Promise<void> {
  const record = await SamlSessionModel.findOneAndDelete({ _id: keyOf(idpId, nameId) }).lean();
  for (const sessionId of record?.values ?? []) await SessionModel.deleteOne({ _id: sessionId });
}
