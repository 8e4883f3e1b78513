/**
 * The entries of a school's general register (sổ đăng ký tổng quát): intake batches (lô nhập,
 * part I: what came in) and withdrawal records (biên bản thanh lý, part II: what was written off),
 * each numbered in its own running sequence and carrying the count and value of its copies.
 */
import { Schema, Types, model } from 'mongoose';
import type { AcquisitionSource, IntakeBatch, WithdrawalReason, WithdrawalRecord } from '../domain/copy.js';
import { serialisedOnEmbedded } from '../db/documentLocks.js';

export type RegisterEntryKind = 'intake' | 'withdrawal';

export interface RegisterEntryRecord {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  kind: RegisterEntryKind;
  number: number;
  date: string;
  documentNumber: string | null;
  note: string | null;
  copyCount: number;
  totalValue: number;
  /** Intake only. */
  source: AcquisitionSource | null;
  supplier: string | null;
  /** Withdrawal only. */
  reason: WithdrawalReason | null;
  createdBy: Types.ObjectId | null;
  createdAt: Date;
}

const nullableString = { type: String, default: null };
const schema = new Schema<RegisterEntryRecord>(
  {
    orgId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    number: { type: Number, required: true },
    date: { type: String, required: true },
    documentNumber: nullableString,
    note: nullableString,
    copyCount: { type: Number, default: 0 },
    totalValue: { type: Number, default: 0 },
    source: nullableString,
    supplier: nullableString,
    reason: nullableString,
    createdBy: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'registerentries' },
);
schema.index({ orgId: 1, kind: 1, number: 1 }, { unique: true });

export const RegisterEntryModel = model<RegisterEntryRecord>('RegisterEntry', schema);

const common = (r: RegisterEntryRecord) => ({
  id: r._id.toHexString(),
  orgId: r.orgId.toHexString(),
  number: r.number,
  date: r.date,
  documentNumber: r.documentNumber,
  note: r.note,
  copyCount: r.copyCount,
  totalValue: r.totalValue,
  createdBy: r.createdBy ? r.createdBy.toHexString() : null,
  createdAt: r.createdAt,
});

export const toIntakeBatch = (r: RegisterEntryRecord): IntakeBatch => ({
  ...common(r),
  source: r.source ?? 'other',
  supplier: r.supplier,
});

export const toWithdrawalRecord = (r: RegisterEntryRecord): WithdrawalRecord => ({
  ...common(r),
  reason: r.reason ?? 'other',
});

export async function registerEntryById(kind: RegisterEntryKind, id: string): Promise<RegisterEntryRecord | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const record = await RegisterEntryModel.findById(id).lean<RegisterEntryRecord>();
  return record?.kind === kind ? record : null;
}

export async function insertRegisterEntry(record: RegisterEntryRecord): Promise<void> {
  await RegisterEntryModel.collection.insertOne(record);
}

/** One part of a school's general register, newest entry first. */
export async function registerEntriesOf(orgId: string, kind: RegisterEntryKind): Promise<RegisterEntryRecord[]> {
  return RegisterEntryModel.find({ orgId: new Types.ObjectId(orgId), kind })
    .sort({ number: -1 })
    .lean<RegisterEntryRecord[]>();
}

/** Counts copies into the entry's totals as they are added or written off. */
export async function addToRegisterEntry(id: string, copies: number, value: number): Promise<void> {
  await serialisedOnEmbedded(`registerentries:${id}`, () =>
    RegisterEntryModel.updateOne({ _id: new Types.ObjectId(id) }, { $inc: { copyCount: copies, totalValue: value } }),
  );
}

export async function deleteRegisterEntry(id: string): Promise<void> {
  await RegisterEntryModel.deleteOne({ _id: new Types.ObjectId(id) });
}
