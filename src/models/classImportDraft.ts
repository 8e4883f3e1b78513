/**
 * A class-list file waiting in `classimportdrafts` between its upload and its import, read into
 * sheets of text cells, so that the librarian can choose the sheet and columns and see each row's
 * errors before anything is written. Removed once imported; a draft left unimported expires
 * DRAFT_LIFETIME_MS after its upload (readers ignore it, the periodic purge of src/db/expiry.ts
 * deletes it: FerretDB v1 has no TTL indexes).
 */
import { Schema, Types, model } from 'mongoose';
import { isExpired } from '../db/expiry.js';
import { isDatabaseId, toDatabaseId } from './ids.js';

/** How long an uploaded class list waits for its import: a working day and a night. */
export const DRAFT_LIFETIME_MS = 24 * 60 * 60_000;

export interface ClassImportDraft {
  id: string;
  orgId: string;
  schoolYear: string;
  fileName: string;
  createdBy: string;
  createdAt: Date;
  sheets: { name: string; rows: { rowNumber: number; values: string[] }[] }[];
}

interface DraftRecord extends Omit<ClassImportDraft, 'id' | 'orgId' | 'createdBy'> {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  createdBy: Types.ObjectId;
  expiresAt?: Date;
}

const schema = new Schema<DraftRecord>(
  {
    orgId: { type: Schema.Types.ObjectId, required: true },
    schoolYear: { type: String, required: true },
    fileName: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    // Not required: drafts stored before it existed expire by their upload time (classImportDraft).
    expiresAt: { type: Date },
    sheets: { type: [{ _id: false, name: String, rows: [{ _id: false, rowNumber: Number, values: [String] }] }] },
  },
  { versionKey: false, collection: 'classimportdrafts' },
);

export const ClassImportDraftModel = model<DraftRecord>('ClassImportDraft', schema);

export async function insertClassImportDraft(draft: Omit<ClassImportDraft, 'id'>): Promise<string> {
  const id = new Types.ObjectId();
  await ClassImportDraftModel.create({
    ...draft,
    _id: id,
    orgId: toDatabaseId(draft.orgId),
    createdBy: toDatabaseId(draft.createdBy),
    expiresAt: new Date(draft.createdAt.getTime() + DRAFT_LIFETIME_MS),
  });
  return id.toHexString();
}

/** A draft not yet imported nor expired. */
export async function classImportDraft(id: string, now = new Date()): Promise<ClassImportDraft | null> {
  if (!isDatabaseId(id)) return null;
  const r = await ClassImportDraftModel.findById(id).lean<DraftRecord>();
  // Drafts stored before they carried `expiresAt` expire by their upload time.
  const expiresAt = r?.expiresAt ?? (r && new Date(r.createdAt.getTime() + DRAFT_LIFETIME_MS));
  if (!r || isExpired(expiresAt, now)) return null;
  const { _id, orgId, createdBy, expiresAt: _expiresAt, ...rest } = r;
  return { ...rest, id: _id.toHexString(), orgId: orgId.toHexString(), createdBy: createdBy.toHexString() };
}

export async function deleteClassImportDraft(id: string): Promise<void> {
  await ClassImportDraftModel.deleteOne({ _id: toDatabaseId(id) });
}
