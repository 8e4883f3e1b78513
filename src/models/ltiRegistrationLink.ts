/**
 * Registration links for LTI Dynamic Registration: an organisation admin creates one in
 * /admin/lti and pastes it into Moodle. `_id` is the SHA-256 of the link's secret token (the token
 * itself is shown once and never stored). A link is used once (`usedAt`) and expires; the purge of
 * expired documents (src/db/expiry.ts) removes it afterwards.
 */
import { Schema, model } from 'mongoose';
import { serialisedOnEmbedded } from '../db/documentLocks.js';

export interface LtiRegistrationLinkRecord {
  _id: string;
  /** The platform registered through it belongs to this organisation; null: an admin confirms it afterwards. */
  orgId: string | null;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export const LtiRegistrationLinkModel = model<LtiRegistrationLinkRecord>(
  'LtiRegistrationLink',
  new Schema<LtiRegistrationLinkRecord>(
    {
      _id: { type: String, required: true },
      orgId: { type: String, default: null },
      createdBy: { type: String, required: true },
      createdAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
      usedAt: { type: Date, default: null },
    },
    { versionKey: false, collection: 'ltiregistrationlinks' },
  ),
);

export async function insertRegistrationLink(record: LtiRegistrationLinkRecord): Promise<void> {
  await LtiRegistrationLinkModel.create(record);
}

/**
 * Marks an unused, unexpired link as used and returns it; null when there is none. One claim wins
 * when two registrations race (on the embedded database through the per-document lock, as its
 * update is a read and a write).
 */
export function claimRegistrationLink(id: string, now: Date): Promise<LtiRegistrationLinkRecord | null> {
  return serialisedOnEmbedded(`ltiregistrationlinks:${id}`, async () => {
    const link = await LtiRegistrationLinkModel.findById(id).lean();
    if (!link || link.usedAt || link.expiresAt <= now) return null;
    const claimed = await LtiRegistrationLinkModel.findOneAndUpdate(
      { _id: id, usedAt: null },
      { $set: { usedAt: now } },
      { returnDocument: 'after' },
    ).lean();
    return claimed;
  });
}

/** A registration that failed after its claim gives the link back, so that the LMS admin may try again. */
export async function releaseRegistrationLink(id: string): Promise<void> {
  await serialisedOnEmbedded(`ltiregistrationlinks:${id}`, () =>
    LtiRegistrationLinkModel.updateOne({ _id: id }, { $set: { usedAt: null } }),
  );
}

/** Links not yet used nor expired: a handful per organisation. */
export function openRegistrationLinks(now: Date): Promise<LtiRegistrationLinkRecord[]> {
  return LtiRegistrationLinkModel.find({ usedAt: null, expiresAt: { $gt: now } })
    .sort({ createdAt: -1 })
    .lean();
}

export function findRegistrationLink(id: string): Promise<LtiRegistrationLinkRecord | null> {
  return LtiRegistrationLinkModel.findById(id).lean();
}

export async function deleteRegistrationLink(id: string): Promise<void> {
  await LtiRegistrationLinkModel.deleteOne({ _id: id });
}
