/**
 * What the files area keeps beside the stored bytes, every collection keyed by a deterministic
 * `_id` so that each lookup is one read by `_id`.
 */
import { Schema, model } from 'mongoose';

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
 * A pending text extraction: `_id` is textId(resourceId, fileId). Durable, so a restart resumes
 * what was queued; deleted when done or given up.
 */
export interface TextJobRecord {
  _id: string;
  resourceId: string;
  fileId: string;
  method: 'pdf' | 'docx' | 'pptx' | 'text';
  attempts: number;
  queuedAt: Date;
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
    },
    { versionKey: false, collection: 'textjobs' },
  ),
);

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
