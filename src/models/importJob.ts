/**
 * Imports of catalogue files as durable jobs. A job document holds where the import stands (the
 * next record to read), who may run it now (a lease: one instance at a time, taken over when its
 * holder dies) and the choices made on upload; one outcome document per record read (`_id` =
 * `{jobId}|{number}`, written with an upsert, so a record done twice is recorded once) holds what
 * became of it. A restart resumes at `position`.
 */
import { Schema, Types, model } from 'mongoose';
import type { RecordProblem } from '../domain/catalogueRecord.js';
import type { AcquisitionSource } from '../domain/copy.js';
import { insertNew } from '../db/insertNew.js';
import { updateEachById } from '../db/updateEach.js';
import { schemaVersionField } from './schemaVersion.js';

/** `draft`: a spreadsheet waiting for its sheet and columns to be chosen. */
export type ImportStatus = 'draft' | 'queued' | 'running' | 'done' | 'failed';
export type RecordOutcomeKind = 'added' | 'matched' | 'refused';

export interface ImportOptions {
  /** Collection for copies whose number names none of the school's (or that have no number). */
  collection: string;
  location: string;
  scope: 'school' | 'subtree' | 'public';
  source: AcquisitionSource;
}

export interface ImportJob {
  id: string;
  orgId: string;
  createdBy: string;
  /** A record format's id (`marc21`, `marcxml`), or `xlsx` or `csv`. */
  format: string;
  fileName: string;
  fileId: string;
  options: ImportOptions;
  /** For spreadsheets: the sheet and which column holds which field. */
  sheet: string | null;
  columns: Record<string, string> | null;
  status: ImportStatus;
  total: number | null;
  /** Records before this number (1-based) are done. */
  position: number;
  /** Intake batches this import opened, by `{date}|{supplier}` of the copies they brought. */
  batches: Record<string, string>;
  /**
   * What became of the records before `position`, by kind: written with the position, so watching
   * progress reads the job alone. Null on jobs stored before it was kept (counted from outcomes).
   */
  counts: Record<RecordOutcomeKind, number> | null;
  holder: string | null;
  leaseUntil: Date | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface RecordOutcome {
  jobId: string;
  number: number;
  outcome: RecordOutcomeKind;
  title: string | null;
  resourceId: string | null;
  copiesAdded: number;
  copiesMatched: number;
  problems: RecordProblem[];
}

type JobRecord = Omit<ImportJob, 'id' | 'orgId' | 'createdBy'> & {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  createdBy: Types.ObjectId;
};

const ImportJobModel = model<JobRecord>(
  'ImportJob',
  new Schema<JobRecord>(
    {
      ...schemaVersionField,
      orgId: { type: Schema.Types.ObjectId, required: true, index: true },
      createdBy: { type: Schema.Types.ObjectId, required: true },
      format: { type: String, required: true },
      fileName: { type: String, required: true },
      fileId: { type: String, required: true },
      options: { type: Schema.Types.Mixed, required: true },
      sheet: { type: String, default: null },
      columns: { type: Schema.Types.Mixed, default: null },
      status: { type: String, required: true, index: true },
      total: { type: Number, default: null },
      position: { type: Number, required: true },
      batches: { type: Schema.Types.Mixed, default: {} },
      counts: { type: Schema.Types.Mixed, default: null },
      holder: { type: String, default: null },
      leaseUntil: { type: Date, default: null },
      error: { type: String, default: null },
      createdAt: { type: Date, required: true },
      finishedAt: { type: Date, default: null },
    },
    { versionKey: false, collection: 'importjobs' },
  ),
);

type OutcomeRecord = RecordOutcome & { _id: string };

const RecordOutcomeModel = model<OutcomeRecord>(
  'ImportOutcome',
  new Schema<OutcomeRecord>(
    {
      _id: { type: String, required: true },
      jobId: { type: String, required: true },
      number: { type: Number, required: true },
      outcome: { type: String, required: true },
      title: { type: String, default: null },
      resourceId: { type: String, default: null },
      copiesAdded: { type: Number, required: true },
      copiesMatched: { type: Number, required: true },
      problems: { type: Schema.Types.Mixed, default: [] },
    },
    { versionKey: false, collection: 'importoutcomes' },
  ).index({ jobId: 1, number: 1 }),
);

export const importModels = [ImportJobModel, RecordOutcomeModel];

function toJob(r: JobRecord): ImportJob {
  const { _id, orgId, createdBy, ...rest } = r;
  return { ...rest, id: _id.toHexString(), orgId: orgId.toHexString(), createdBy: createdBy.toHexString() };
}

export async function insertImportJob(job: Omit<ImportJob, 'id'>): Promise<ImportJob> {
  const _id = new Types.ObjectId();
  const { orgId, createdBy, ...rest } = job;
  await ImportJobModel.collection.insertOne({
    ...rest,
    _id,
    orgId: new Types.ObjectId(orgId),
    createdBy: new Types.ObjectId(createdBy),
    schemaVersion: 1,
  } as JobRecord);
  return { ...job, id: _id.toHexString() };
}

export async function importJobById(id: string): Promise<ImportJob | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const record = await ImportJobModel.findById(id).lean<JobRecord>();
  return record ? toJob(record) : null;
}

/** A school's imports, newest first. */
export async function importJobsOf(orgId: string, limit = 20): Promise<ImportJob[]> {
  const records = await ImportJobModel.find({ orgId: new Types.ObjectId(orgId) })
    .sort({ createdAt: -1 })
    .limit(limit)
    .lean<JobRecord[]>();
  return records.map(toJob);
}

/**
 * Takes the oldest job that is waiting, or running under a lease that ran out (its instance died):
 * one conditional write per candidate, so of two instances exactly one gets each job.
 */
export async function claimImportJob(
  holder: string,
  leaseMs: number,
): Promise<{ job: ImportJob; resumed: boolean } | null> {
  const now = new Date();
  const open = { $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] };
  const candidates = await ImportJobModel.find({ status: { $in: ['queued', 'running'] } })
    .sort({ createdAt: 1 })
    .limit(10)
    .lean<JobRecord[]>();
  for (const candidate of candidates) {
    const taken = await ImportJobModel.findOneAndUpdate(
      { _id: candidate._id, status: { $in: ['queued', 'running'] }, ...open },
      { $set: { holder, leaseUntil: new Date(now.getTime() + leaseMs), status: 'running' } },
      { returnDocument: 'after' },
    ).lean<JobRecord>();
    if (taken) return { job: toJob(taken), resumed: candidate.status === 'running' };
  }
  return null;
}

/** Moves the job on (and renews the lease) if `holder` still holds it; false: another instance took it over. */
export async function advanceImportJob(
  id: string,
  holder: string,
  leaseMs: number,
  changes: Partial<Pick<ImportJob, 'position' | 'total' | 'batches' | 'counts'>>,
): Promise<boolean> {
  const result = await ImportJobModel.updateOne(
    { _id: new Types.ObjectId(id), holder, status: 'running' },
    { $set: { ...changes, leaseUntil: new Date(Date.now() + leaseMs) } },
  );
  return result.matchedCount === 1;
}

export async function finishImportJob(id: string, holder: string, status: 'done' | 'failed', error: string | null) {
  await ImportJobModel.updateOne(
    { _id: new Types.ObjectId(id), holder },
    { $set: { status, error, holder: null, leaseUntil: null, finishedAt: new Date() } },
  );
}

/** Lets the job go without finishing it (a stopping instance): another may take it at once. */
export async function releaseImportJob(id: string, holder: string): Promise<void> {
  await ImportJobModel.updateOne({ _id: new Types.ObjectId(id), holder }, { $set: { holder: null, leaseUntil: null } });
}

/** A spreadsheet's sheet and columns, while it is still a draft. */
export async function chooseColumns(id: string, sheet: string, columns: Record<string, string>): Promise<boolean> {
  const result = await ImportJobModel.updateOne(
    { _id: new Types.ObjectId(id), status: 'draft' },
    { $set: { sheet, columns } },
  );
  return result.matchedCount === 1;
}

/** A draft, its columns chosen, handed to the worker. */
export async function queueImportJob(id: string): Promise<boolean> {
  const result = await ImportJobModel.updateOne(
    { _id: new Types.ObjectId(id), status: 'draft', columns: { $ne: null } },
    { $set: { status: 'queued' } },
  );
  return result.matchedCount === 1;
}

/**
 * A step's outcomes, each replacing what a crashed attempt at the same record wrote: one insert,
 * then the records already there (a step done again) replaced one by one. Not one bulk write of
 * upserts: FerretDB v1 never finishes an update command of many statements once they match
 * documents (src/db/updateEach.ts), and holds the whole database up meanwhile.
 */
export async function recordOutcomes(outcomes: readonly RecordOutcome[]): Promise<void> {
  const records: OutcomeRecord[] = outcomes.map((o) => ({ _id: `${o.jobId}|${o.number}`, ...o }));
  const rewritten = new Set(await insertNew(RecordOutcomeModel, records));
  await updateEachById(
    RecordOutcomeModel,
    records.filter((r) => rewritten.has(r._id)).map(({ _id, ...outcome }) => ({ id: _id, update: { $set: outcome } })),
  );
}

export async function outcomesOf(
  jobId: string,
  filter: { outcome?: RecordOutcomeKind; limit?: number } = {},
): Promise<RecordOutcome[]> {
  const query = RecordOutcomeModel.find({ jobId, ...(filter.outcome ? { outcome: filter.outcome } : {}) }).sort({
    number: 1,
  });
  if (filter.limit) query.limit(filter.limit);
  const records = await query.lean<OutcomeRecord[]>();
  return records.map(({ _id: _ignored, ...rest }) => rest);
}

/** The job's outcomes by kind, of the records before `position` when given (a scan of the outcomes: see `counts`). */
export async function outcomeCounts(jobId: string, position?: number): Promise<Record<RecordOutcomeKind, number>> {
  const before = position === undefined ? {} : { number: { $lt: position } };
  const [added, matched, refused] = await Promise.all(
    (['added', 'matched', 'refused'] as const).map((outcome) =>
      RecordOutcomeModel.countDocuments({ jobId, outcome, ...before }),
    ),
  );
  return { added: added!, matched: matched!, refused: refused! };
}
