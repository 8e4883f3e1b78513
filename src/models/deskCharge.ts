/**
 * What patrons owe after their loans (a late fine, a replacement copy), one document per loan and
 * kind whose `_id` is `{loanId}.{kind}`: charging is an insert exactly one writer wins, and settling
 * is one conditional write on the version, so two clicks at the desk record it once.
 */
import { Schema, model, type Types } from 'mongoose';
import type { ChargeKind, ChargeStatus, DeskCharge, NewCopyClaim, Settlement } from '../domain/deskCharge.js';
import { insertedFirst } from '../db/errors.js';
import { updateIfVersion } from '../db/versioned.js';
import { toDatabaseId, toDatabaseIdOrNull } from './ids.js';
import { schemaVersionField } from './schemaVersion.js';

interface DeskChargeRecord {
  _id: string;
  orgId: Types.ObjectId;
  loanId: Types.ObjectId;
  patronId: Types.ObjectId;
  copyId: Types.ObjectId;
  kind: ChargeKind;
  amount: number;
  lateDays: number;
  status: ChargeStatus;
  createdAt: Date;
  settledAt: Date | null;
  settledBy: Types.ObjectId | null;
  note: string | null;
  version: number;
  newCopy?: NewCopyRecord | null;
}

interface NewCopyRecord {
  lostCopyId: Types.ObjectId;
  batchId: Types.ObjectId;
  copyId: Types.ObjectId;
  recordId: Types.ObjectId;
  at: Date;
  done: boolean;
}

const newCopySchema = new Schema<NewCopyRecord>(
  {
    lostCopyId: { type: Schema.Types.ObjectId, required: true },
    batchId: { type: Schema.Types.ObjectId, required: true },
    copyId: { type: Schema.Types.ObjectId, required: true },
    recordId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    done: { type: Boolean, required: true },
  },
  { _id: false },
);

const schema = new Schema<DeskChargeRecord>(
  {
    _id: { type: String, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    loanId: { type: Schema.Types.ObjectId, required: true },
    patronId: { type: Schema.Types.ObjectId, required: true },
    copyId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    amount: { type: Number, required: true },
    lateDays: { type: Number, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
    settledAt: { type: Date, default: null },
    settledBy: { type: Schema.Types.ObjectId, default: null },
    note: { type: String, default: null },
    version: { type: Number, required: true },
    newCopy: { type: newCopySchema, default: null },
    ...schemaVersionField,
  },
  { versionKey: false, collection: 'deskcharges' },
);
schema.index({ orgId: 1, patronId: 1, createdAt: -1 });

export const DeskChargeModel = model<DeskChargeRecord>('DeskCharge', schema);

function toCharge(r: DeskChargeRecord): DeskCharge {
  return {
    id: r._id,
    orgId: r.orgId.toHexString(),
    loanId: r.loanId.toHexString(),
    patronId: r.patronId.toHexString(),
    copyId: r.copyId.toHexString(),
    kind: r.kind,
    amount: r.amount,
    lateDays: r.lateDays,
    status: r.status,
    createdAt: r.createdAt,
    settledAt: r.settledAt ?? null,
    settledBy: r.settledBy ? r.settledBy.toHexString() : null,
    note: r.note ?? null,
    version: r.version,
    newCopy: r.newCopy ? toNewCopyClaim(r.newCopy) : null,
  };
}

const toNewCopyClaim = (c: NewCopyRecord): NewCopyClaim => ({
  lostCopyId: c.lostCopyId.toHexString(),
  batchId: c.batchId.toHexString(),
  copyId: c.copyId.toHexString(),
  recordId: c.recordId.toHexString(),
  at: c.at,
  done: c.done,
});

const toNewCopyRecord = (c: NewCopyClaim): NewCopyRecord => ({
  lostCopyId: toDatabaseId(c.lostCopyId),
  batchId: toDatabaseId(c.batchId),
  copyId: toDatabaseId(c.copyId),
  recordId: toDatabaseId(c.recordId),
  at: c.at,
  done: c.done,
});

/** Records a charge unless the loan already owes one of this kind; true when this call recorded it. */
export function insertChargeOnce(charge: DeskCharge): Promise<boolean> {
  return insertedFirst(() =>
    DeskChargeModel.create({
      _id: charge.id,
      orgId: toDatabaseId(charge.orgId),
      loanId: toDatabaseId(charge.loanId),
      patronId: toDatabaseId(charge.patronId),
      copyId: toDatabaseId(charge.copyId),
      kind: charge.kind,
      amount: charge.amount,
      lateDays: charge.lateDays,
      status: charge.status,
      createdAt: charge.createdAt,
      settledAt: null,
      settledBy: null,
      note: charge.note,
      version: 1,
    }),
  );
}

export async function chargeById(id: string): Promise<DeskCharge | null> {
  const r = await DeskChargeModel.findById(id).lean<DeskChargeRecord>();
  return r ? toCharge(r) : null;
}

/** A patron's charges at a school, newest first. */
export async function chargesOfPatron(orgId: string, patronId: string, limit = 200): Promise<DeskCharge[]> {
  const records = await DeskChargeModel.find({ orgId: toDatabaseId(orgId), patronId: toDatabaseId(patronId) })
    .sort({ createdAt: -1 })
    .limit(limit)
    .lean<DeskChargeRecord[]>();
  return records.map(toCharge);
}

/** Settles an owed charge on its version; null when it was settled or changed in between. */
export async function settleChargeIfVersion(
  id: string,
  expected: number,
  settlement: { status: Settlement; at: Date; by: string | null; note: string | null; newCopy?: NewCopyClaim },
): Promise<DeskCharge | null> {
  const updated = await updateIfVersion<DeskChargeRecord>(DeskChargeModel, id, expected, {
    $set: {
      status: settlement.status,
      settledAt: settlement.at,
      settledBy: toDatabaseIdOrNull(settlement.by),
      note: settlement.note,
      newCopy: settlement.newCopy ? toNewCopyRecord(settlement.newCopy) : null,
    },
    $inc: { version: 1 },
  });
  return updated ? toCharge(updated) : null;
}

/** Puts back as owed a charge settled on `expected` whose follow-up failed (nothing else was written). */
export async function reopenChargeIfVersion(id: string, expected: number): Promise<boolean> {
  const updated = await updateIfVersion<DeskChargeRecord>(DeskChargeModel, id, expected, {
    $set: { status: 'owed', settledAt: null, settledBy: null, note: null, newCopy: null },
    $inc: { version: 1 },
  });
  return updated !== null;
}

/** Rewrites a settled charge's new-copy claim on its version (taken over, or done); null when it changed in between. */
export async function updateNewCopyClaimIfVersion(
  id: string,
  expected: number,
  claim: NewCopyClaim,
): Promise<DeskCharge | null> {
  const updated = await updateIfVersion<DeskChargeRecord>(DeskChargeModel, id, expected, {
    $set: { newCopy: toNewCopyRecord(claim) },
    $inc: { version: 1 },
  });
  return updated ? toCharge(updated) : null;
}
