/**
 * Loans (lượt mượn): every loan ever made, in `loans`, and the copies out on loan now, in
 * `onloan`, one small document per copy whose `_id` is the copy's id. Lending claims that `_id`
 * (an insert exactly one desk wins, on MongoDB and on the embedded database alike); taking a copy
 * back releases it only if it still names the same loan (exactly one return counts). A scanned
 * copy finds its current loan by `_id`; a patron's current loans are read from `onloan`, which only
 * ever holds what is out now.
 */
import type { Collection } from 'mongodb';
import { Schema, Types, model } from 'mongoose';
import type { Loan } from '../domain/loan.js';
import { insertedFirst } from '../db/errors.js';
import { deleteIfUnchanged, takeById, updateById, updateIfVersion } from '../db/versioned.js';
import { schemaVersionField } from './schemaVersion.js';

type IdField = 'orgId' | 'copyId' | 'resourceId' | 'patronId';

export interface LoanRecord extends Omit<Loan, 'id' | IdField | 'issuedBy' | 'returnedBy' | 'classSetId'> {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  copyId: Types.ObjectId;
  resourceId: Types.ObjectId;
  patronId: Types.ObjectId;
  issuedBy: Types.ObjectId | null;
  returnedBy: Types.ObjectId | null;
  classSetId: string | null;
}

const oid = (id: string) => new Types.ObjectId(id);
const oidOrNull = (id: string | null) => (id ? oid(id) : null);
const nullableId = { type: Schema.Types.ObjectId, default: null };

const schema = new Schema<LoanRecord>(
  {
    orgId: { type: Schema.Types.ObjectId, required: true },
    copyId: { type: Schema.Types.ObjectId, required: true },
    resourceId: { type: Schema.Types.ObjectId, required: true },
    patronId: { type: Schema.Types.ObjectId, required: true },
    patronType: { type: String, required: true },
    collectionCode: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    issuedBy: nullableId,
    dueDate: { type: String, required: true },
    renewals: { type: Number, default: 0 },
    status: { type: String, required: true },
    returnedAt: { type: Date, default: null },
    returnedBy: nullableId,
    classSetId: { type: String, default: null },
    note: { type: String, default: null },
    interLibraryRequestId: { type: String, default: null },
    version: { type: Number, required: true },
    ...schemaVersionField,
  },
  { versionKey: false, collection: 'loans' },
);
schema.index({ orgId: 1, issuedAt: 1 });
schema.index({ patronId: 1, issuedAt: -1 });
schema.index({ copyId: 1, issuedAt: -1 });

export const LoanModel = model<LoanRecord>('Loan', schema);

export function toLoan({ _id, orgId, copyId, resourceId, patronId, issuedBy, returnedBy, ...r }: LoanRecord): Loan {
  return {
    ...r,
    id: _id.toHexString(),
    orgId: orgId.toHexString(),
    copyId: copyId.toHexString(),
    resourceId: resourceId.toHexString(),
    patronId: patronId.toHexString(),
    issuedBy: issuedBy?.toHexString() ?? null,
    returnedBy: returnedBy?.toHexString() ?? null,
    classSetId: r.classSetId ?? null,
    note: r.note ?? null,
    returnedAt: r.returnedAt ?? null,
  };
}

function fromLoan(loan: Loan): LoanRecord {
  const { id, orgId, copyId, resourceId, patronId, issuedBy, returnedBy, ...rest } = loan;
  return {
    ...rest,
    _id: oid(id),
    orgId: oid(orgId),
    copyId: oid(copyId),
    resourceId: oid(resourceId),
    patronId: oid(patronId),
    issuedBy: oidOrNull(issuedBy),
    returnedBy: oidOrNull(returnedBy),
  };
}

export const newLoanId = () => new Types.ObjectId().toHexString();

export async function insertLoans(loans: readonly Loan[]): Promise<void> {
  await LoanModel.insertMany(loans.map(fromLoan), { ordered: true });
}

export async function loanById(id: string): Promise<Loan | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const r = await LoanModel.findById(id).lean<LoanRecord>();
  return r ? toLoan(r) : null;
}

/** Ends or renews a loan if its version is still `expected`; null when someone changed it meanwhile. */
export async function updateLoanIfVersion(
  id: string,
  expected: number,
  set: Partial<Pick<Loan, 'status' | 'returnedAt' | 'dueDate' | 'renewals' | 'note'>> & { returnedBy?: string | null },
): Promise<Loan | null> {
  const fields: Record<string, unknown> = { ...set };
  if (set.returnedBy !== undefined) fields.returnedBy = oidOrNull(set.returnedBy);
  const r = await updateIfVersion<LoanRecord>(LoanModel, oid(id), expected, { $set: fields, $inc: { version: 1 } });
  return r ? toLoan(r) : null;
}

/**
 * Ends a loan whose copy's claim the caller has just released (./loan.ts `takeCurrentLoanOfCopy`):
 * the release decided the return, so the loan is written whatever its version, in one operation,
 * and a renewal in flight on the old version is refused. Null when no such loan is stored.
 */
export async function endLoan(
  id: string,
  set: Pick<Loan, 'status' | 'returnedAt' | 'returnedBy'>,
): Promise<Loan | null> {
  const fields = { ...set, returnedBy: oidOrNull(set.returnedBy) };
  const r = await updateById<LoanRecord>(LoanModel, oid(id), { $set: fields, $inc: { version: 1 } });
  return r ? toLoan(r) : null;
}

/** Takes a loan that was never completed out again (its copy refused the change). */
export async function deleteLoan(id: string): Promise<void> {
  await LoanModel.deleteOne({ _id: oid(id) });
}

/** A patron's loans, newest first: current and past (their page, the desk). */
export async function loansOfPatron(orgId: string | null, patronId: string, limit = 200): Promise<Loan[]> {
  const filter: Record<string, unknown> = { patronId: oid(patronId) };
  if (orgId) filter.orgId = oid(orgId);
  const records = await LoanModel.find(filter).sort({ issuedAt: -1 }).limit(limit).lean<LoanRecord[]>();
  return records.map(toLoan);
}

/** A school's loans made in a period (the loan registers, sổ mượn; statistics): streamed in issue order. */
export function loansOfSchool(orgId: string, from: Date, to: Date) {
  return LoanModel.find({ orgId: oid(orgId), issuedAt: { $gte: from, $lt: to } })
    .sort({ issuedAt: 1 })
    .lean<LoanRecord[]>()
    .cursor({ batchSize: 1000 })
    .map(toLoan);
}

/** What `onloan` keeps of the loan a copy is out on: enough for limits, overdues and the desk. */
export interface CurrentLoan {
  copyId: string;
  loanId: string;
  orgId: string;
  patronId: string;
  resourceId: string;
  collectionCode: string;
  dueDate: string;
}

interface CurrentLoanRecord {
  _id: string;
  loanId: Types.ObjectId;
  orgId: Types.ObjectId;
  patronId: Types.ObjectId;
  resourceId: Types.ObjectId;
  collectionCode: string;
  dueDate: string;
}

const currentSchema = new Schema<CurrentLoanRecord>(
  {
    _id: { type: String, required: true },
    loanId: { type: Schema.Types.ObjectId, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    patronId: { type: Schema.Types.ObjectId, required: true },
    resourceId: { type: Schema.Types.ObjectId, required: true },
    collectionCode: { type: String, required: true },
    dueDate: { type: String, required: true },
  },
  { versionKey: false, collection: 'onloan' },
);
currentSchema.index({ orgId: 1, patronId: 1 });
currentSchema.index({ orgId: 1, dueDate: 1 });

export const CurrentLoanModel = model<CurrentLoanRecord>('CurrentLoan', currentSchema);

const toCurrent = (r: CurrentLoanRecord): CurrentLoan => ({
  copyId: r._id,
  loanId: r.loanId.toHexString(),
  orgId: r.orgId.toHexString(),
  patronId: r.patronId.toHexString(),
  resourceId: r.resourceId.toHexString(),
  collectionCode: r.collectionCode,
  dueDate: r.dueDate,
});

/** Marks a copy as out on `loan`; false when another loan holds it already (the other desk won). */
export function claimCopyForLoan(loan: Loan): Promise<boolean> {
  const record: CurrentLoanRecord = {
    _id: loan.copyId,
    loanId: oid(loan.id),
    orgId: oid(loan.orgId),
    patronId: oid(loan.patronId),
    resourceId: oid(loan.resourceId),
    collectionCode: loan.collectionCode,
    dueDate: loan.dueDate,
  };
  // The driver's own insert: mongoose would retry nothing, but its validation adds a read.
  return insertedFirst(() =>
    (CurrentLoanModel.collection as unknown as Collection<CurrentLoanRecord>).insertOne(record),
  );
}

/** Frees a copy from `loanId`; false when it was freed already (a return scanned twice counts once). */
export function releaseCopyFromLoan(copyId: string, loanId: string): Promise<boolean> {
  return deleteIfUnchanged(CurrentLoanModel, copyId, { loanId: oid(loanId) });
}

/** The loan a copy is out on, without freeing it; null when it is not on loan. */
export async function currentLoanOfCopy(copyId: string): Promise<CurrentLoan | null> {
  const r = await CurrentLoanModel.findById(copyId).lean<CurrentLoanRecord>();
  return r ? toCurrent(r) : null;
}

/**
 * Frees a copy from whatever loan it is out on and names that loan; null when it was not on loan
 * (or another desk took it back first: a return scanned twice counts once).
 */
export async function takeCurrentLoanOfCopy(copyId: string): Promise<CurrentLoan | null> {
  const r = await takeById<CurrentLoanRecord>(CurrentLoanModel, copyId);
  return r ? toCurrent(r) : null;
}

export async function currentLoansOfPatron(orgId: string, patronId: string): Promise<CurrentLoan[]> {
  const records = await CurrentLoanModel.find({ orgId: oid(orgId), patronId: oid(patronId) }).lean<
    CurrentLoanRecord[]
  >();
  return records.map(toCurrent);
}

/** Every loan of a school due before `today`: the overdue list. */
export async function overdueLoansOfSchool(orgId: string, today: string): Promise<CurrentLoan[]> {
  const records = await CurrentLoanModel.find({ orgId: oid(orgId), dueDate: { $lt: today } })
    .sort({ dueDate: 1 })
    .lean<CurrentLoanRecord[]>();
  return records.map(toCurrent);
}

export async function setCurrentDueDate(copyId: string, dueDate: string): Promise<void> {
  await CurrentLoanModel.updateOne({ _id: copyId }, { $set: { dueDate } });
}

/**
 * A school's loans for a loan register (sổ mượn): made in a period by patrons of some types, in
 * the order of the day they were made, or patron by patron. Read with a cursor.
 */
export function loansForRegister(
  orgId: string,
  period: { from: Date; to: Date },
  patronTypes: readonly Loan['patronType'][],
  order: 'date' | 'patron',
): AsyncIterable<Loan> {
  const sort: Record<string, 1> = order === 'patron' ? { patronId: 1, issuedAt: 1 } : { issuedAt: 1 };
  return LoanModel.find({
    orgId: oid(orgId),
    issuedAt: { $gte: period.from, $lt: period.to },
    patronType: { $in: [...patronTypes] },
  })
    .sort({ ...sort, _id: 1 })
    .lean<LoanRecord[]>()
    .cursor({ batchSize: 500 })
    .map(toLoan);
}

/** A patron's current loans at a school, soonest due first (the librarian's page for one patron). */
export async function activeLoansOfPatron(orgId: string, patronId: string): Promise<Loan[]> {
  const records = await LoanModel.find({ orgId: oid(orgId), patronId: oid(patronId), status: 'active' })
    .sort({ dueDate: 1 })
    .lean<LoanRecord[]>();
  return records.map(toLoan);
}

/** One page of a patron's ended loans at a school, newest first: `limit + 1` asked tells whether a next page exists. */
export async function endedLoansOfPatron(
  orgId: string,
  patronId: string,
  skip: number,
  limit: number,
): Promise<Loan[]> {
  const records = await LoanModel.find({ orgId: oid(orgId), patronId: oid(patronId), status: { $ne: 'active' } })
    .sort({ issuedAt: -1, _id: -1 })
    .skip(skip)
    .limit(limit)
    .lean<LoanRecord[]>();
  return records.map(toLoan);
}

/** The desk loan an inter-library request opened at the borrowing school, if any (read by the copy's index). */
export async function loanOfInterLibraryRequest(copyId: string, requestId: string): Promise<Loan | null> {
  const r = await LoanModel.findOne({ copyId: oid(copyId), interLibraryRequestId: requestId }).lean<LoanRecord>();
  return r ? toLoan(r) : null;
}
