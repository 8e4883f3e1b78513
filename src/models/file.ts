/**
 * What the files area keeps beside the stored bytes, every collection keyed by a deterministic
 * `_id` so that each lookup is one read by `_id`.
 */
import { Schema, model } from 'mongoose';
import { serialisedOnEmbedded } from '../db/documentLocks.js';
import { updateIfVersion } from '../db/versioned.js';

/** The first upload of some bytes in an organisation: `_id` is `${orgId}:${sha256}`. */
export interface FileHashRecord {
  _id: string;
  resourceId: string;
  fileId: string;
}

export const fileHashId = (orgId: string, sha256: string) => `${orgId}:${sha256}`;

export const FileHashModel = model<FileHashRecord>(
  'FileHash',
  new Schema<FileHashRecord>(
    {
      _id: { type: String, required: true },
      resourceId: { type: String, required: true },
      fileId: { type: String, required: true },
    },
    { versionKey: false, collection: 'filehashes' },
  ),
);

export interface SimulationEntry {
  /** Path inside the package, `/`-separated, no leading `/`. */
  path: string;
  storedId: string;
  size: number;
  contentType: string;
}

/** An unpacked HTML5 simulation package: `_id` is the stored id of the zip. */
export interface SimulationRecord {
  _id: string;
  entries: SimulationEntry[];
}

export const SimulationModel = model<SimulationRecord>(
  'Simulation',
  new Schema<SimulationRecord>(
    {
      _id: { type: String, required: true },
      entries: {
        type: [
          new Schema<SimulationEntry>(
            { path: String, storedId: String, size: Number, contentType: String },
            { _id: false },
          ),
        ],
        default: [],
      },
    },
    { versionKey: false, collection: 'simulations' },
  ),
);

/**
 * A text extraction: `_id` is textId(resourceId, fileId). Durable, so a restart resumes what was
 * queued; deleted when done. An instance claims a job before working on it (a lease, taken by a
 * conditional update of `version`, so that one instance wins); a lease that runs out (the instance
 * crashed) lets another claim it again, `attempts` bounding how often. A job that failed for good
 * stays with its `failure` until `expiresAt`, when the periodic purge removes it.
 */
export interface TextJobRecord {
  _id: string;
  resourceId: string;
  fileId: string;
  method: 'pdf' | 'docx' | 'pptx' | 'text';
  /** Claims so far, a crashed or timed-out one included. */
  attempts: number;
  queuedAt: Date;
  version: number;
  leaseUntil: Date | null;
  failure: string | null;
  expiresAt: Date | null;
}

export const TextJobModel = model<TextJobRecord>(
  'TextJob',
  new Schema<TextJobRecord>(
    {
      _id: { type: String, required: true },
      resourceId: { type: String, required: true },
      fileId: { type: String, required: true },
      method: { type: String, required: true },
      attempts: { type: Number, default: 0 },
      queuedAt: { type: Date, required: true },
      version: { type: Number, default: 0 },
      leaseUntil: { type: Date, default: null },
      failure: { type: String, default: null },
      expiresAt: { type: Date, default: null },
    },
    { versionKey: false, collection: 'textjobs' },
  ),
);

export async function queueTextJob(
  job: Pick<TextJobRecord, '_id' | 'resourceId' | 'fileId' | 'method'>,
): Promise<void> {
  const fresh = { attempts: 0, queuedAt: new Date(), leaseUntil: null, failure: null, expiresAt: null };
  // A new version too: a claim of the job as it was (the same file queued again) no longer applies.
  await serialisedOnEmbedded(`textjobs:${job._id}`, () =>
    TextJobModel.updateOne({ _id: job._id }, { $set: { ...job, ...fresh }, $inc: { version: 1 } }, { upsert: true }),
  );
}

/**
 * Jobs no instance holds now, oldest first. The collection holds pending jobs and recent failures only: reading it is
 * cheap.
 */
export async function claimableTextJobs(now: Date, limit: number): Promise<TextJobRecord[]> {
  const jobs = await TextJobModel.find({}).lean<TextJobRecord[]>();
  for (const job of jobs.filter((j) => j.version === undefined)) {
    // Queued before jobs were claimed: give it the version a claim compares.
    await TextJobModel.updateOne({ _id: job._id, version: { $exists: false } }, { $set: { version: 0 } });
    job.version = 0;
  }
  return jobs
    .filter((j) => !j.failure && (!j.leaseUntil || j.leaseUntil <= now))
    .sort((a, b) => a.queuedAt.getTime() - b.queuedAt.getTime())
    .slice(0, limit);
}

/** Takes the job for `leaseMs` if it is still as read; null when another instance took it first. */
export function claimTextJob(job: TextJobRecord, now: Date, leaseMs: number): Promise<TextJobRecord | null> {
  return updateIfVersion<TextJobRecord>(TextJobModel, job._id, job.version, {
    $set: { leaseUntil: new Date(now.getTime() + leaseMs), attempts: job.attempts + 1, version: job.version + 1 },
  });
}

/** Gives a claimed job back, to be tried again (the database did not answer, the file was not readable yet). */
export async function releaseTextJob(job: TextJobRecord): Promise<void> {
  await updateIfVersion<TextJobRecord>(TextJobModel, job._id, job.version, {
    $set: { leaseUntil: null, version: job.version + 1 },
  });
}

export async function failTextJob(job: TextJobRecord, failure: string, keepMs: number): Promise<void> {
  await updateIfVersion<TextJobRecord>(TextJobModel, job._id, job.version, {
    $set: { failure, leaseUntil: null, expiresAt: new Date(Date.now() + keepMs), version: job.version + 1 },
  });
}

/** Removes a finished job, unless it was queued again meanwhile (a newer version). */
export async function finishTextJob(job: TextJobRecord): Promise<void> {
  await serialisedOnEmbedded(`textjobs:${job._id}`, () =>
    TextJobModel.deleteOne({ _id: job._id, version: job.version }),
  );
}

export async function deleteTextJob(id: string): Promise<void> {
  await TextJobModel.deleteOne({ _id: id });
}

/**
 * An upload whose bytes are stored but not yet attached to its resource: `_id` is the stored id.
 * Deleted once attached or cleaned up; one left behind means the process died in between, and the
 * periodic sweep (FileService.sweepAbandoned) deletes those bytes.
 */
/** Text extractions waiting (the queue holds pending jobs only, so this stays small). */
export const countTextJobs = () => TextJobModel.countDocuments({});

export interface PendingUploadRecord {
  _id: string;
  resourceId: string;
  startedAt: Date;
}

export const PendingUploadModel = model<PendingUploadRecord>(
  'PendingUpload',
  new Schema<PendingUploadRecord>(
    {
      _id: { type: String, required: true },
      resourceId: { type: String, required: true },
      startedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'pendinguploads' },
  ),
);

/** The first upload of these bytes in the organisation, if any. */
export function firstUploadOf(orgId: string, sha256: string): Promise<FileHashRecord | null> {
  return FileHashModel.findById(fileHashId(orgId, sha256)).lean<FileHashRecord>().exec();
}

/** Records the first upload of these bytes; a first upload recorded meanwhile stays. */
export async function recordFirstUpload(orgId: string, sha256: string, first: Omit<FileHashRecord, '_id'>) {
  await FileHashModel.updateOne({ _id: fileHashId(orgId, sha256) }, { $setOnInsert: first }, { upsert: true });
}

/** Forgets the first upload of these bytes when it was this file. */
export async function forgetFirstUpload(orgId: string, sha256: string, fileId: string): Promise<void> {
  const hashId = fileHashId(orgId, sha256);
  if ((await FileHashModel.findById(hashId).lean<FileHashRecord>())?.fileId === fileId)
    await FileHashModel.deleteOne({ _id: hashId });
}

export async function insertSimulation(zipId: string, entries: SimulationEntry[]): Promise<void> {
  await SimulationModel.create({ _id: zipId, entries });
}

export function findSimulation(zipId: string): Promise<SimulationRecord | null> {
  return SimulationModel.findById(zipId).lean<SimulationRecord>().exec();
}

export async function deleteSimulation(zipId: string): Promise<void> {
  await SimulationModel.deleteOne({ _id: zipId });
}

export async function insertPendingUpload(upload: PendingUploadRecord): Promise<void> {
  await PendingUploadModel.create(upload);
}

export function allPendingUploads(): Promise<PendingUploadRecord[]> {
  return PendingUploadModel.find({}).lean<PendingUploadRecord[]>().exec();
}

export async function deletePendingUpload(id: string): Promise<void> {
  await PendingUploadModel.deleteOne({ _id: id });
}
