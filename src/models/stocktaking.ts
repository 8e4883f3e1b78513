/**
 * Stocktaking sessions and their scans. A scan is one insert: the first sighting of a copy in a
 * session has the `_id` `{session}|{copy}` (an unknown code `{session}|?{code}`), so of two
 * librarians scanning one copy at the same moment exactly one insert lands, on MongoDB and on the
 * embedded database alike; a repeat is stored too, under a fresh id, as the log of what was scanned.
 */
import { Schema, Types, model } from 'mongoose';
import { schemaVersionField } from './schemaVersion.js';
import { toDatabaseId, toDatabaseIdOrNull } from './ids.js';
import { CopyModel } from './copy.js';
import { CopyKeyModel } from './copyKey.js';
import { insertedFirst } from '../db/errors.js';
import { updateIfVersion } from '../db/versioned.js';
import type {
  StocktakingCopy,
  StocktakingScan,
  StocktakingScope,
  StocktakingSession,
  StocktakingWriteOff,
} from '../domain/stocktaking.js';
import type { CopyStatus } from '../domain/copy.js';

interface SessionRecord {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  name: string;
  scope: StocktakingScope;
  openedBy: Types.ObjectId | null;
  openedAt: Date;
  closedBy: Types.ObjectId | null;
  closedAt: Date | null;
  writeOff: (Omit<StocktakingWriteOff, 'recordId' | 'by'> & { recordId: string | null; by: string | null }) | null;
  version: number;
}

const StocktakingSessionModel = model<SessionRecord>(
  'StocktakingSession',
  new Schema<SessionRecord>(
    {
      orgId: { type: Schema.Types.ObjectId, required: true, index: true },
      name: { type: String, required: true },
      scope: { type: Schema.Types.Mixed, required: true },
      openedBy: { type: Schema.Types.ObjectId, default: null },
      openedAt: { type: Date, required: true },
      closedBy: { type: Schema.Types.ObjectId, default: null },
      closedAt: { type: Date, default: null },
      writeOff: { type: Schema.Types.Mixed, default: null },
      version: { type: Number, required: true },
      ...schemaVersionField,
    },
    { versionKey: false, collection: 'stocktakingsessions' },
  ),
);

interface ScanRecord extends Omit<StocktakingScan, 'sessionId' | 'copyId' | 'copyOrgId' | 'by'> {
  _id: string;
  sessionId: Types.ObjectId;
  /** The first sighting of its copy (or unknown code) in the session; false for a repeat. */
  first: boolean;
  copyId: Types.ObjectId | null;
  copyOrgId: Types.ObjectId | null;
  by: Types.ObjectId | null;
}

const scanSchema = new Schema<ScanRecord>(
  {
    _id: { type: String, required: true },
    sessionId: { type: Schema.Types.ObjectId, required: true },
    first: { type: Boolean, required: true },
    code: { type: String, required: true },
    outcome: { type: String, required: true },
    copyId: { type: Schema.Types.ObjectId, default: null },
    copyOrgId: { type: Schema.Types.ObjectId, default: null },
    by: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'stocktakingscans' },
);
scanSchema.index({ sessionId: 1, first: 1 });
const StocktakingScanModel = model<ScanRecord>('StocktakingScan', scanSchema);

export const stocktakingModels = [StocktakingSessionModel, StocktakingScanModel];

const hex = (id: Types.ObjectId | null) => id?.toHexString() ?? null;

function toSession(r: SessionRecord): StocktakingSession {
  return {
    id: r._id.toHexString(),
    orgId: r.orgId.toHexString(),
    name: r.name,
    scope: r.scope,
    openedBy: hex(r.openedBy),
    openedAt: r.openedAt,
    closedBy: hex(r.closedBy),
    closedAt: r.closedAt ?? null,
    writeOff: r.writeOff ?? null,
    version: r.version,
  };
}

export async function insertStocktakingSession(s: Omit<StocktakingSession, 'id'>): Promise<StocktakingSession> {
  const record: SessionRecord = {
    ...s,
    _id: new Types.ObjectId(),
    orgId: toDatabaseId(s.orgId),
    openedBy: toDatabaseIdOrNull(s.openedBy),
    closedBy: toDatabaseIdOrNull(s.closedBy),
  };
  await StocktakingSessionModel.create(record);
  return toSession(record);
}

export async function stocktakingSessionById(id: string): Promise<StocktakingSession | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const record = await StocktakingSessionModel.findById(id).lean<SessionRecord>();
  return record ? toSession(record) : null;
}

/** A school's sessions, newest first. */
export async function stocktakingSessionsOf(orgId: string): Promise<StocktakingSession[]> {
  const records = await StocktakingSessionModel.find({ orgId: toDatabaseId(orgId) })
    .sort({ openedAt: -1 })
    .lean<SessionRecord[]>();
  return records.map(toSession);
}

/** Closes the session or records its write-off, if nobody changed it since `expectedVersion`. */
export async function updateStocktakingSessionIfVersion(
  id: string,
  expectedVersion: number,
  change: { closedBy?: string | null; closedAt?: Date; writeOff?: StocktakingWriteOff },
): Promise<StocktakingSession | null> {
  const set: Record<string, unknown> = { ...change };
  if (change.closedBy !== undefined) set.closedBy = toDatabaseIdOrNull(change.closedBy);
  const updated = await updateIfVersion<SessionRecord>(StocktakingSessionModel, toDatabaseId(id), expectedVersion, {
    $set: set,
    $inc: { version: 1 },
  });
  return updated ? toSession(updated) : null;
}

function scanRecord(scan: StocktakingScan, id: string, first: boolean): ScanRecord {
  return {
    ...scan,
    _id: id,
    first,
    sessionId: toDatabaseId(scan.sessionId),
    copyId: toDatabaseIdOrNull(scan.copyId),
    copyOrgId: toDatabaseIdOrNull(scan.copyOrgId),
    by: toDatabaseIdOrNull(scan.by),
  };
}

/**
 * Stores a scan. Returns true when it is the first sighting of its copy (or unknown code) in the
 * session; a repeat is stored as `already_scanned` and returns false.
 */
export async function recordStocktakingScan(scan: StocktakingScan): Promise<boolean> {
  const key = scan.copyId ?? `?${scan.code}`;
  const first = await insertedFirst(() =>
    StocktakingScanModel.collection.insertOne(scanRecord(scan, `${scan.sessionId}|${key}`, true) as never),
  );
  if (!first) {
    const repeat = { ...scan, outcome: 'already_scanned' as const };
    await StocktakingScanModel.collection.insertOne(
      scanRecord(repeat, `${scan.sessionId}|+${new Types.ObjectId().toHexString()}`, false) as never,
    );
  }
  return first;
}

const toScan = (r: ScanRecord): StocktakingScan => ({
  sessionId: r.sessionId.toHexString(),
  code: r.code,
  outcome: r.outcome,
  copyId: hex(r.copyId),
  copyOrgId: hex(r.copyOrgId),
  by: hex(r.by),
  at: r.at,
});

/** The first sightings of a session: one per copy (or unknown code) seen. */
export async function stocktakingSightings(sessionId: string): Promise<StocktakingScan[]> {
  const records = await StocktakingScanModel.find({ sessionId: toDatabaseId(sessionId), first: true }).lean<
    ScanRecord[]
  >();
  return records.map(toScan);
}

/** Every scan a session stored, repeats included. */
export function stocktakingScanCount(sessionId: string): Promise<number> {
  return StocktakingScanModel.countDocuments({ sessionId: toDatabaseId(sessionId) });
}

/** How many first sightings of expected copies the session has: its progress, without reading the copies. */
export function stocktakingFoundCount(sessionId: string): Promise<number> {
  return StocktakingScanModel.countDocuments({ sessionId: toDatabaseId(sessionId), first: true, outcome: 'found' });
}

interface CopyFields {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  resourceId: Types.ObjectId;
  collectionCode: string;
  location: string;
  accessionNumber: string;
  barcode: string;
  status: CopyStatus;
  version: number;
  acquisition: { price: number | null };
}
const copyFields = {
  orgId: 1,
  resourceId: 1,
  collectionCode: 1,
  location: 1,
  accessionNumber: 1,
  barcode: 1,
  status: 1,
  version: 1,
  'acquisition.price': 1,
} as const;

const toStocktakingCopy = (r: CopyFields): StocktakingCopy => ({
  id: r._id.toHexString(),
  orgId: r.orgId.toHexString(),
  resourceId: r.resourceId.toHexString(),
  collectionCode: r.collectionCode,
  location: r.location,
  accessionNumber: r.accessionNumber,
  barcode: r.barcode,
  status: r.status,
  version: r.version,
  price: r.acquisition?.price ?? null,
});

/** Every copy a school owns, as stocktaking reads it, streamed (a school may own 50,000). */
export async function* stocktakingCopiesOf(orgId: string): AsyncGenerator<StocktakingCopy> {
  const cursor = CopyModel.find({ orgId: toDatabaseId(orgId) }, copyFields)
    .lean<CopyFields[]>()
    .cursor({ batchSize: 2000 });
  for await (const record of cursor) yield toStocktakingCopy(record as unknown as CopyFields);
}

export async function stocktakingCopyById(id: string): Promise<StocktakingCopy | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const record = await CopyModel.findById(id, copyFields).lean<CopyFields>();
  return record ? toStocktakingCopy(record) : null;
}

/** How many of a school's copies (at one location, if given) should be on the shelf now. */
export function expectedOnShelfCount(orgId: string, location: string | null, statuses: readonly CopyStatus[]) {
  return CopyModel.countDocuments({
    orgId: toDatabaseId(orgId),
    status: { $in: statuses },
    ...(location ? { location } : {}),
  });
}

/** The copy a key (`a|…` or `b|…`, src/models/copyKey.ts) names, if any. */
export async function copyIdByKey(keyId: string): Promise<string | null> {
  const key = await CopyKeyModel.findById(keyId, { copyId: 1 }).lean<{ copyId: Types.ObjectId }>();
  return key ? key.copyId.toHexString() : null;
}
