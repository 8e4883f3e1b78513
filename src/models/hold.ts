/**
 * Holds (đặt trước) on printed titles, per school. A title's queue is read whole (a handful of
 * holds at most), ordered by the domain (src/domain/loan.ts); each change of a hold is one
 * conditional write on its version, so a hold is filled, expired or cancelled exactly once.
 */
import { Schema, Types, model } from 'mongoose';
import type { Hold, HoldStatus } from '../domain/loan.js';
import { updateIfVersion } from '../db/versioned.js';
import { schemaVersionField } from './schemaVersion.js';

interface HoldRecord extends Omit<Hold, 'id' | 'orgId' | 'resourceId' | 'patronId' | 'copyId'> {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  resourceId: Types.ObjectId;
  patronId: Types.ObjectId;
  copyId: Types.ObjectId | null;
}

const oid = (id: string) => new Types.ObjectId(id);

const schema = new Schema<HoldRecord>(
  {
    orgId: { type: Schema.Types.ObjectId, required: true },
    resourceId: { type: Schema.Types.ObjectId, required: true },
    patronId: { type: Schema.Types.ObjectId, required: true },
    placedAt: { type: Date, required: true },
    status: { type: String, required: true },
    copyId: { type: Schema.Types.ObjectId, default: null },
    readyAt: { type: Date, default: null },
    pickupBy: { type: String, default: null },
    version: { type: Number, required: true },
    ...schemaVersionField,
  },
  { versionKey: false, collection: 'holds' },
);
schema.index({ orgId: 1, resourceId: 1, status: 1 });
schema.index({ patronId: 1, placedAt: -1 });
schema.index({ status: 1, pickupBy: 1 });

export const HoldModel = model<HoldRecord>('Hold', schema);

const toHold = ({ _id, orgId, resourceId, patronId, copyId, ...r }: HoldRecord): Hold => ({
  ...r,
  id: _id.toHexString(),
  orgId: orgId.toHexString(),
  resourceId: resourceId.toHexString(),
  patronId: patronId.toHexString(),
  copyId: copyId?.toHexString() ?? null,
  readyAt: r.readyAt ?? null,
  pickupBy: r.pickupBy ?? null,
});

export const newHoldId = () => new Types.ObjectId().toHexString();

export async function insertHold(hold: Hold): Promise<void> {
  const { id, orgId, resourceId, patronId, copyId, ...rest } = hold;
  await HoldModel.create({
    ...rest,
    _id: oid(id),
    orgId: oid(orgId),
    resourceId: oid(resourceId),
    patronId: oid(patronId),
    copyId: copyId ? oid(copyId) : null,
  });
}

export async function holdById(id: string): Promise<Hold | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const r = await HoldModel.findById(id).lean<HoldRecord>();
  return r ? toHold(r) : null;
}

const open: HoldStatus[] = ['waiting', 'ready'];

/** The holds of a title at a school still waiting or set aside. */
export async function openHoldsOfTitle(orgId: string, resourceId: string): Promise<Hold[]> {
  const records = await HoldModel.find({
    orgId: oid(orgId),
    resourceId: oid(resourceId),
    status: { $in: open },
  }).lean<HoldRecord[]>();
  return records.map(toHold);
}

/** A patron's holds, newest first (their page, the desk). */
export async function holdsOfPatron(patronId: string, limit = 100): Promise<Hold[]> {
  const records = await HoldModel.find({ patronId: oid(patronId) })
    .sort({ placedAt: -1 })
    .limit(limit)
    .lean<HoldRecord[]>();
  return records.map(toHold);
}

/** Holds set aside whose pickup deadline is before `today`: the expiry job's work. */
export async function expiredReadyHolds(today: string): Promise<Hold[]> {
  const records = await HoldModel.find({ status: 'ready', pickupBy: { $lt: today } }).lean<HoldRecord[]>();
  return records.map(toHold);
}

export async function updateHoldIfVersion(
  id: string,
  expected: number,
  set: Partial<Pick<Hold, 'status' | 'readyAt' | 'pickupBy'>> & { copyId?: string | null },
): Promise<Hold | null> {
  const fields: Record<string, unknown> = { ...set };
  if (set.copyId !== undefined) fields.copyId = set.copyId ? oid(set.copyId) : null;
  const r = await updateIfVersion<HoldRecord>(HoldModel, oid(id), expected, { $set: fields, $inc: { version: 1 } });
  return r ? toHold(r) : null;
}
