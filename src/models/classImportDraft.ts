/**
 * A class-list file waiting in `classimportdrafts` between its upload and its import, read into
 * sheets of text cells, so that the librarian can choose the sheet and columns and see each row's
 * errors before anything is written. Removed once imported.
 */
import { Schema, Types, model } from 'mongoose';
import { isDatabaseId, toDatabaseId } from './ids.js';

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
}

const schema = new Schema<DraftRecord>(
  {
    orgId: { type: Schema.Types.ObjectId, required: true },
    schoolYear: { type: String, required: true },
    fileName: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
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
  });
  return id.toHexString();
}

export async function classImportDraft(id: string): Promise<ClassImportDraft | null> {
  if (!isDatabaseId(id)) return null;
  const r = await ClassImportDraftModel.findById(id).lean<DraftRecord>();
  if (!r) return null;
  const { _id, orgId, createdBy, ...rest } = r;
  return { ...rest, id: _id.toHexString(), orgId: orgId.toHexString(), createdBy: createdBy.toHexString() };
}

export async function deleteClassImportDraft(id: string): Promise<void> {
  await ClassImportDraftModel.deleteOne({ _id: toDatabaseId(id) });
}
