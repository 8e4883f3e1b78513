/**
 * Copies of printed titles. Hot paths address a copy by `_id` (found through its accession number
 * or barcode in `copykeys`); lists that must be fast come from the holdings read model. The queries
 * by school, batch or withdrawal record below are for registers and reports: indexed on MongoDB,
 * a scan on the embedded database.
 */
import { Schema, Types, model } from 'mongoose';
import { SCHEMA_VERSION, schemaVersionField } from './schemaVersion.js';
import type { Acquisition, Copy, CopyEvent, CopyRow, CopyStatus, CopyUpdate, Withdrawal } from '../domain/copy.js';
import { accessionSortKey } from '../domain/accession.js';
import type { RegisterCopy } from '../domain/registers.js';
import { updateIfVersion } from '../db/versioned.js';

interface CopyEventRecord extends Omit<CopyEvent, 'actorId'> {
  actorId: Types.ObjectId | null;
}

export interface CopyRecord {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  holdingOrgId: Types.ObjectId;
  resourceId: Types.ObjectId;
  collectionCode: string;
  location: string;
  accessionNumber: string;
  /** Sorts accession numbers in register order: `SGK#000000000123`. */
  accessionSort: string;
  barcode: string;
  volume: string | null;
  acquisition: Omit<Acquisition, 'batchId'> & { batchId: Types.ObjectId };
  status: CopyStatus;
  statusSince: Date;
  withdrawal: (Omit<Withdrawal, 'recordId'> & { recordId: Types.ObjectId }) | null;
  note: string | null;
  lastSeenAt: Date | null;
  history: CopyEventRecord[];
  version: number;
  createdAt: Date;
  modifiedAt: Date;
}

const nullableString = { type: String, default: null };

const schema = new Schema<CopyRecord>(
  {
    orgId: { type: Schema.Types.ObjectId, required: true },
    holdingOrgId: { type: Schema.Types.ObjectId, required: true },
    resourceId: { type: Schema.Types.ObjectId, required: true, index: true },
    collectionCode: { type: String, required: true },
    location: { type: String, required: true },
    accessionNumber: { type: String, required: true },
    accessionSort: { type: String, required: true },
    barcode: { type: String, required: true },
    volume: nullableString,
    acquisition: {
      type: new Schema(
        {
          date: { type: String, required: true },
          batchId: { type: Schema.Types.ObjectId, required: true },
          source: { type: String, required: true },
          price: { type: Number, default: null },
          supplier: nullableString,
          documentNumber: nullableString,
        },
        { _id: false },
      ),
      required: true,
    },
    status: { type: String, required: true },
    statusSince: { type: Date, required: true },
    withdrawal: {
      type: new Schema(
        { date: String, reason: String, recordId: Schema.Types.ObjectId, note: nullableString },
        { _id: false },
      ),
      default: null,
    },
    note: nullableString,
    lastSeenAt: { type: Date, default: null },
    history: {
      type: [
        new Schema(
          {
            at: Date,
            actorId: { type: Schema.Types.ObjectId, default: null },
            action: String,
            from: nullableString,
            to: nullableString,
            note: nullableString,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    version: { type: Number, required: true },
    ...schemaVersionField,
    createdAt: { type: Date, required: true },
    modifiedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'copies' },
);
schema.index({ orgId: 1, accessionSort: 1 });
schema.index({ orgId: 1, resourceId: 1 });
schema.index({ 'acquisition.batchId': 1 });
schema.index({ 'withdrawal.recordId': 1 });

export const CopyModel = model<CopyRecord>('Copy', schema);

export function toCopy(r: CopyRecord): Copy {
  return {
    id: r._id.toHexString(),
    orgId: r.orgId.toHexString(),
    holdingOrgId: r.holdingOrgId.toHexString(),
    resourceId: r.resourceId.toHexString(),
    collectionCode: r.collectionCode,
    location: r.location,
    accessionNumber: r.accessionNumber,
    barcode: r.barcode,
    volume: r.volume ?? null,
    acquisition: { ...r.acquisition, batchId: r.acquisition.batchId.toHexString() },
    status: r.status,
    statusSince: r.statusSince,
    withdrawal: r.withdrawal ? { ...r.withdrawal, recordId: r.withdrawal.recordId.toHexString() } : null,
    note: r.note ?? null,
    lastSeenAt: r.lastSeenAt ?? null,
    history: r.history.map((h) => ({ ...h, actorId: h.actorId ? h.actorId.toHexString() : null })),
    version: r.version,
    createdAt: r.createdAt,
    modifiedAt: r.modifiedAt,
  };
}

export async function copyById(id: string): Promise<Copy | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const record = await CopyModel.findById(id).lean<CopyRecord>();
  return record ? toCopy(record) : null;
}

export const newCopyId = () => new Types.ObjectId().toHexString();

/**
 * The id an import gives the `index`-th copy of its record `number`, the same every time the record
 * is done again: a step redone after a crash finds the copies it wrote by id. The job id's time
 * leads (copies sort by when they came), then its counter (two jobs of one second differ), then
 * the record and the copy, in order.
 */
export function importedCopyId(jobId: string, number: number, index: number): string {
  return jobId.slice(0, 8) + jobId.slice(18, 24) + (number * 100_000 + index).toString(16).padStart(10, '0');
}

const oid = (id: string) => new Types.ObjectId(id);
const eventRecord = (e: CopyEvent): CopyEventRecord => ({ ...e, actorId: e.actorId ? oid(e.actorId) : null });
const withdrawalRecord = (w: Withdrawal) => ({ ...w, recordId: oid(w.recordId) });

function fromCopy({ id, ...c }: Copy): CopyRecord {
  return {
    ...c,
    _id: oid(id),
    orgId: oid(c.orgId),
    holdingOrgId: oid(c.holdingOrgId),
    resourceId: oid(c.resourceId),
    accessionSort: accessionSortKey(c.accessionNumber),
    acquisition: { ...c.acquisition, batchId: oid(c.acquisition.batchId) },
    withdrawal: c.withdrawal ? withdrawalRecord(c.withdrawal) : null,
    history: c.history.map(eventRecord),
  };
}

/**
 * Inserts new copies in one call; on failure, the ones that did land are removed again (there is no
 * transaction). They go as they are (`lean`, the shape version set here): built whole by the
 * services with the schema's types, and hydrating and validating an import step's 300 copies was
 * half the step's CPU in the app.
 */
export async function insertCopies(copies: readonly Copy[]): Promise<void> {
  const records = copies.map((c) => ({ ...fromCopy(c), schemaVersion: SCHEMA_VERSION }));
  try {
    await CopyModel.insertMany(records, { ordered: true, lean: true });
  } catch (err) {
    await Promise.all(records.map((r) => CopyModel.deleteOne({ _id: r._id })));
    throw err;
  }
}

/**
 * One change of a copy, written only if its version is still `expectedVersion`: the fields, the
 * version bumped, the events appended to its history. Null when the version moved meanwhile.
 */
export async function updateCopyIfVersion(
  id: string,
  expectedVersion: number,
  update: CopyUpdate,
  events: readonly CopyEvent[],
): Promise<Copy | null> {
  const { price, withdrawal, ...fields } = update;
  const set: Record<string, unknown> = { ...fields, modifiedAt: new Date() };
  if (price !== undefined) set['acquisition.price'] = price;
  if (withdrawal) set.withdrawal = withdrawalRecord(withdrawal);
  const updated = await updateIfVersion<CopyRecord>(CopyModel, oid(id), expectedVersion, {
    $set: set,
    $inc: { version: 1 },
    $push: { history: { $each: events.map(eventRecord) } },
  });
  return updated ? toCopy(updated) : null;
}

/** What the holdings read model keeps of a copy. */
export interface CopyState {
  _id: Types.ObjectId;
  resourceId: Types.ObjectId;
  orgId: Types.ObjectId;
  status: CopyStatus;
  location: string;
  version: number;
}
const stateFields = { resourceId: 1, orgId: 1, status: 1, location: 1, version: 1 } as const;

/** A copy's state as the holdings read model keeps it, from the copy as just written. */
export const stateOfCopy = (copy: Copy): CopyState => ({
  _id: oid(copy.id),
  resourceId: oid(copy.resourceId),
  orgId: oid(copy.orgId),
  status: copy.status,
  location: copy.location,
  version: copy.version,
});

export function allCopyStates() {
  return CopyModel.find({}, stateFields).lean<CopyState[]>().cursor({ batchSize: 2000 });
}

export async function copyState(id: string): Promise<CopyState | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  return CopyModel.findById(id, stateFields).lean<CopyState>();
}

type CopyRowRecord = Pick<CopyRecord, '_id' | 'orgId' | 'collectionCode' | 'location' | 'accessionNumber'> &
  Pick<CopyRecord, 'barcode' | 'status'> & { acquisition: Pick<CopyRecord['acquisition'], 'date' | 'batchId'> };
const rowFields = {
  orgId: 1,
  collectionCode: 1,
  location: 1,
  accessionNumber: 1,
  barcode: 1,
  status: 1,
  'acquisition.date': 1,
  'acquisition.batchId': 1,
} as const;

/**
 * A copy as a holdings table lists it, by id (the one filter the embedded database answers from an
 * index: a query by title and school scans every copy there), without its history.
 */
export async function copyRowById(id: string): Promise<CopyRow | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const r = await CopyModel.findById(id, rowFields).lean<CopyRowRecord>();
  if (!r) return null;
  return {
    id: r._id.toHexString(),
    orgId: r.orgId.toHexString(),
    collectionCode: r.collectionCode,
    location: r.location,
    accessionNumber: r.accessionNumber,
    barcode: r.barcode,
    status: r.status,
    acquisition: { date: r.acquisition.date, batchId: r.acquisition.batchId.toHexString() },
  };
}

/** The copies one intake batch brought in: a line of the general register, in detail. */
export async function copiesOfBatch(batchId: string): Promise<Copy[]> {
  const records = await CopyModel.find({ 'acquisition.batchId': new Types.ObjectId(batchId) })
    .sort({ accessionSort: 1 })
    .lean<CopyRecord[]>();
  return records.map(toCopy);
}

/**
 * How many copies one intake batch brought in and their total price, as its register line should
 * say: only the prices are read (an import's batch holds thousands of copies), in no order.
 */
export async function batchTotals(batchId: string): Promise<{ copies: number; value: number }> {
  const prices = await CopyModel.find(
    { 'acquisition.batchId': new Types.ObjectId(batchId) },
    { _id: 0, 'acquisition.price': 1 },
  ).lean<{ acquisition?: { price?: number | null } }[]>();
  return { copies: prices.length, value: prices.reduce((sum, p) => sum + (p.acquisition?.price ?? 0), 0) };
}

/** The copies written off in one withdrawal record (biên bản thanh lý). */
export async function copiesOfWithdrawal(recordId: string): Promise<Copy[]> {
  const records = await CopyModel.find({ 'withdrawal.recordId': new Types.ObjectId(recordId) })
    .sort({ accessionSort: 1 })
    .lean<CopyRecord[]>();
  return records.map(toCopy);
}

/** A school's copies from one accession number to another, in register order, at most `limit`. */
export async function copiesInAccessionRange(
  orgId: string,
  fromSort: string,
  toSort: string,
  limit: number,
): Promise<Copy[]> {
  const records = await CopyModel.find({ orgId: oid(orgId), accessionSort: { $gte: fromSort, $lte: toSort } })
    .sort({ accessionSort: 1 })
    .limit(limit)
    .lean<CopyRecord[]>();
  return records.map(toCopy);
}

/** These copies (unknown ids are left out), in register order. */
export async function copiesByIds(ids: readonly string[]): Promise<Copy[]> {
  const valid = ids.filter((id) => Types.ObjectId.isValid(id)).map(oid);
  if (!valid.length) return [];
  const records = await CopyModel.find({ _id: { $in: valid } }).lean<CopyRecord[]>();
  return records.map(toCopy).sort((a, b) => compareAccession(a.accessionNumber, b.accessionNumber));
}

const compareAccession = (a: string, b: string) => {
  const [x, y] = [accessionSortKey(a), accessionSortKey(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

type RegisterCopyRecord = Pick<CopyRecord, '_id' | 'accessionNumber' | 'volume' | 'resourceId' | 'withdrawal'> & {
  acquisition: Pick<CopyRecord['acquisition'], 'date' | 'price' | 'batchId'>;
};
const registerFields = {
  accessionNumber: 1,
  volume: 1,
  resourceId: 1,
  'acquisition.date': 1,
  'acquisition.price': 1,
  'acquisition.batchId': 1,
  'withdrawal.date': 1,
  'withdrawal.recordId': 1,
} as const;

/**
 * Every copy of a school in register order (the individual register, sổ đăng ký cá biệt), read
 * with a cursor on `{orgId, accessionSort}`, only the fields the register shows: a school of
 * 50,000 copies is never held whole, nor shipped whole from the database.
 */
export function copiesOfSchoolInRegisterOrder(orgId: string, batchSize = 500): AsyncIterable<RegisterCopy> {
  return CopyModel.find({ orgId: oid(orgId) }, registerFields)
    .sort({ accessionSort: 1 })
    .lean<RegisterCopyRecord[]>()
    .cursor({ batchSize })
    .map((r: RegisterCopyRecord): RegisterCopy => ({
      id: r._id.toHexString(),
      accessionNumber: r.accessionNumber,
      volume: r.volume ?? null,
      resourceId: r.resourceId.toHexString(),
      acquisition: {
        date: r.acquisition.date,
        price: r.acquisition.price ?? null,
        batchId: r.acquisition.batchId.toHexString(),
      },
      withdrawal: r.withdrawal ? { date: r.withdrawal.date, recordId: r.withdrawal.recordId.toHexString() } : null,
    }));
}

/** What the general register counts of a copy: its entries, collection and price. */
export interface CopyRegisterFacts {
  batchId: string;
  withdrawalRecordId: string | null;
  collectionCode: string;
  price: number | null;
}

/** The general register's figures of every copy of a school, a few fields each, through a cursor. */
export async function* copyRegisterFactsOf(orgId: string): AsyncGenerator<CopyRegisterFacts> {
  const fields = { collectionCode: 1, 'acquisition.batchId': 1, 'acquisition.price': 1, 'withdrawal.recordId': 1 };
  type Facts = Pick<CopyRecord, 'collectionCode' | 'acquisition' | 'withdrawal'>;
  const cursor = CopyModel.find({ orgId: oid(orgId) }, fields)
    .lean<Facts[]>()
    .cursor({ batchSize: 2000 });
  for await (const r of cursor as AsyncIterable<Facts>)
    yield {
      batchId: r.acquisition.batchId.toHexString(),
      withdrawalRecordId: r.withdrawal?.recordId?.toHexString() ?? null,
      collectionCode: r.collectionCode,
      price: r.acquisition.price ?? null,
    };
}

/** Removes a copy just added whose action failed half way (a replacement whose old copy could not be withdrawn). */
export async function deleteCopy(id: string): Promise<void> {
  await CopyModel.deleteOne({ _id: new Types.ObjectId(id) });
}
