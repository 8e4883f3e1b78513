/**
 * The entries of a school's general register (sổ đăng ký tổng quát): intake batches (lô nhập,
 * part I: what came in) and withdrawal records (biên bản thanh lý, part II: what was written off),
 * each numbered in its own running sequence and carrying the count and value of its copies.
 */
import { Schema, Types, model } from 'mongoose';
import { SCHEMA_VERSION, schemaVersionField } from './schemaVersion.js';
import type { IntakeBatch, WithdrawalRecord } from '../domain/copy.js';
import { serialisedOnEmbedded } from '../db/documentLocks.js';

type Entry = IntakeBatch | WithdrawalRecord;
type Kind = 'intake' | 'withdrawal';

interface RegisterEntryRecord extends Omit<
  Partial<IntakeBatch> & Partial<WithdrawalRecord>,
  'id' | 'orgId' | 'createdBy'
> {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  kind: Kind;
  createdBy: Types.ObjectId | null;
  schemaVersion?: number;
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
    /** Intake only. */
    source: nullableString,
    supplier: nullableString,
    /** Withdrawal only. */
    reason: nullableString,
    createdBy: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
    ...schemaVersionField,
  },
  { versionKey: false, collection: 'registerentries' },
);
schema.index({ orgId: 1, kind: 1, number: 1 }, { unique: true });

export const RegisterEntryModel = model<RegisterEntryRecord>('RegisterEntry', schema);

function toEntry({ _id, orgId, kind, createdBy, schemaVersion: _v, ...r }: RegisterEntryRecord): Entry {
  const common = {
    ...r,
    id: _id.toHexString(),
    orgId: orgId.toHexString(),
    createdBy: createdBy?.toHexString() ?? null,
  };
  return kind === 'intake'
    ? ({ ...common, source: r.source ?? 'other', supplier: r.supplier ?? null } as IntakeBatch)
    : ({ ...common, reason: r.reason ?? 'other' } as WithdrawalRecord);
}

async function byId(kind: Kind, id: string): Promise<Entry | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const record = await RegisterEntryModel.findById(id).lean<RegisterEntryRecord>();
  return record?.kind === kind ? toEntry(record) : null;
}

/** One part of a school's general register, newest entry first. */
async function ofSchool(kind: Kind, orgId: string): Promise<Entry[]> {
  const records = await RegisterEntryModel.find({ orgId: new Types.ObjectId(orgId), kind })
    .sort({ number: -1 })
    .lean<RegisterEntryRecord[]>();
  return records.map(toEntry);
}

async function insert(kind: Kind, entry: Omit<Entry, 'id'>, id?: string): Promise<Entry> {
  const { orgId, createdBy, ...fields } = entry;
  const record: RegisterEntryRecord = {
    ...fields,
    _id: id ? new Types.ObjectId(id) : new Types.ObjectId(),
    orgId: new Types.ObjectId(orgId),
    kind,
    createdBy: createdBy ? new Types.ObjectId(createdBy) : null,
  };
  // The driver's insert applies no schema defaults: the version is written here.
  await RegisterEntryModel.collection.insertOne({ ...record, schemaVersion: SCHEMA_VERSION });
  return toEntry(record);
}

export const intakeBatchById = (id: string) => byId('intake', id) as Promise<IntakeBatch | null>;
export const withdrawalRecordById = (id: string) => byId('withdrawal', id) as Promise<WithdrawalRecord | null>;
export const intakeBatchesOf = (orgId: string) => ofSchool('intake', orgId) as Promise<IntakeBatch[]>;
export const withdrawalRecordsOf = (orgId: string) => ofSchool('withdrawal', orgId) as Promise<WithdrawalRecord[]>;
/** `id`: an entry named before it is stored (a step that may be done again after a crash). */
export const insertIntakeBatch = (b: Omit<IntakeBatch, 'id'>, id?: string) =>
  insert('intake', b, id) as Promise<IntakeBatch>;
export const insertWithdrawalRecord = (r: Omit<WithdrawalRecord, 'id'>, id?: string) =>
  insert('withdrawal', r, id) as Promise<WithdrawalRecord>;

/** Counts copies into the entry's totals as they are added or written off. */
export async function addToRegisterEntry(id: string, copies: number, value: number): Promise<void> {
  await serialisedOnEmbedded(`registerentries:${id}`, () =>
    RegisterEntryModel.updateOne({ _id: new Types.ObjectId(id) }, { $inc: { copyCount: copies, totalValue: value } }),
  );
}

export async function deleteRegisterEntry(id: string): Promise<void> {
  await RegisterEntryModel.deleteOne({ _id: new Types.ObjectId(id) });
}

/** Sets an intake batch's totals to what its copies say: after a crash between writing copies and counting them. */
export async function setRegisterEntryTotals(id: string, copies: number, value: number): Promise<void> {
  await serialisedOnEmbedded(`registerentries:${id}`, () =>
    RegisterEntryModel.updateOne({ _id: new Types.ObjectId(id) }, { $set: { copyCount: copies, totalValue: value } }),
  );
}
