/** Each school library's settings, one document per school, `_id` the school's id. */
import { Schema, Types, model } from 'mongoose';
import { schemaVersionField } from './schemaVersion.js';
import type { AuthorMarkRule } from '../domain/authorMark.js';
import { defaultLibrarySettings, type LibrarySettings } from '../domain/librarySettings.js';
import { insertedFirst } from '../db/errors.js';
import { updateIfVersion } from '../db/versioned.js';
import { toDatabaseId } from './ids.js';

export interface LibrarySettingsRecord {
  _id: Types.ObjectId;
  collections: LibrarySettings['collections'];
  locations: LibrarySettings['locations'];
  authorMark: AuthorMarkRule;
  classificationScheme: string;
  version: number;
  modifiedAt: Date;
  modifiedBy: Types.ObjectId | null;
}

const entry = (extra: Record<string, unknown>) =>
  new Schema(
    {
      code: { type: String, required: true },
      name: { type: String, required: true },
      nameEn: { type: String, default: null },
      active: { type: Boolean, default: true },
      ...extra,
    },
    { _id: false },
  );

export const LibrarySettingsModel = model<LibrarySettingsRecord>(
  'LibrarySettings',
  new Schema<LibrarySettingsRecord>(
    {
      collections: { type: [entry({ prefix: { type: String, default: '' }, width: Number })], default: [] },
      locations: { type: [entry({ kind: String })], default: [] },
      authorMark: {
        type: new Schema(
          { letters: Number, case: String, diacritics: String, titleInitial: Boolean, vietnameseNames: String },
          { _id: false },
        ),
        required: true,
      },
      classificationScheme: { type: String, required: true },
      version: { type: Number, required: true },
      modifiedAt: { type: Date, required: true },
      modifiedBy: { type: Schema.Types.ObjectId, default: null },
      ...schemaVersionField,
    },
    { versionKey: false, collection: 'librarysettings' },
  ),
);

/** The school's settings, or the defaults (version 0) when it never saved any. */
export async function librarySettingsOf(orgId: string): Promise<LibrarySettings> {
  const record = await LibrarySettingsModel.findById(orgId).lean<LibrarySettingsRecord>();
  return record ? settingsOfRecord(orgId, record) : defaultLibrarySettings(orgId);
}

/**
 * The settings of several schools in one query (a title's holdings name the locations of every
 * school holding it: one read per school made a textbook's holdings table wait for a hundred).
 */
export async function librarySettingsOfSchools(orgIds: readonly string[]): Promise<Map<string, LibrarySettings>> {
  const wanted = [...new Set(orgIds)];
  const records = await LibrarySettingsModel.find({ _id: { $in: wanted.map(toDatabaseId) } })
    .lean<LibrarySettingsRecord[]>()
    .exec();
  const found = new Map(records.map((r) => [r._id.toHexString(), r]));
  return new Map(
    wanted.map((id) => {
      const record = found.get(id);
      return [id, record ? settingsOfRecord(id, record) : defaultLibrarySettings(id)];
    }),
  );
}

function settingsOfRecord(orgId: string, record: LibrarySettingsRecord): LibrarySettings {
  return {
    orgId,
    collections: record.collections,
    locations: record.locations,
    authorMark: record.authorMark,
    classificationScheme: record.classificationScheme,
    version: record.version,
    modifiedAt: record.modifiedAt,
  };
}

/** Saves settings based on `expectedVersion` (0: the defaults); false when someone saved in between. */
export async function saveLibrarySettings(
  settings: Omit<LibrarySettings, 'version' | 'modifiedAt'>,
  expectedVersion: number,
  actorId: string | null,
): Promise<boolean> {
  const fields = {
    collections: settings.collections,
    locations: settings.locations,
    authorMark: settings.authorMark,
    classificationScheme: settings.classificationScheme,
    modifiedAt: new Date(),
    modifiedBy: actorId ? new Types.ObjectId(actorId) : null,
  };
  const _id = new Types.ObjectId(settings.orgId);
  if (expectedVersion === 0) return insertedFirst(() => LibrarySettingsModel.create({ _id, ...fields, version: 1 }));
  const updated = await updateIfVersion(LibrarySettingsModel, _id, expectedVersion, {
    $set: fields,
    $inc: { version: 1 },
  });
  return updated !== null;
}
