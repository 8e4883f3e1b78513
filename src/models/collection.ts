import type { Types } from 'mongoose';
import { Schema, model } from 'mongoose';
import type { Collection, CollectionInput } from '../domain/collection.js';
import type { SharingScope } from '../domain/resource.js';
import { updateIfVersion } from '../db/versioned.js';
import { isDatabaseId, toDatabaseId } from './ids.js';
import { schemaVersionField } from './schemaVersion.js';

/** A reading list curated by a teacher or librarian. */
export interface CollectionRecord {
  _id: Types.ObjectId;
  title: string;
  description: string | null;
  ownerId: Types.ObjectId;
  orgId: Types.ObjectId;
  scope: SharingScope;
  resourceIds: Types.ObjectId[];
  version: number;
  createdAt: Date;
  modifiedAt: Date;
}

export const CollectionModel = model<CollectionRecord>(
  'Collection',
  new Schema<CollectionRecord>(
    {
      ...schemaVersionField,
      title: { type: String, required: true },
      description: { type: String, default: null },
      ownerId: { type: Schema.Types.ObjectId, required: true, index: true },
      orgId: { type: Schema.Types.ObjectId, required: true },
      scope: { type: String, required: true },
      resourceIds: { type: [Schema.Types.ObjectId], default: [] },
      version: { type: Number, required: true },
      createdAt: { type: Date, required: true },
      modifiedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'collections' },
  ),
);

const toCollection = (r: CollectionRecord): Collection => ({
  id: r._id.toHexString(),
  title: r.title,
  description: r.description,
  ownerId: r.ownerId.toHexString(),
  orgId: r.orgId.toHexString(),
  scope: r.scope,
  resourceIds: r.resourceIds.map((id) => id.toHexString()),
  version: r.version,
  createdAt: r.createdAt,
  modifiedAt: r.modifiedAt,
});

/** Every list: lists are few, reading them all is cheap. */
export async function allCollections(): Promise<Collection[]> {
  return (await CollectionModel.find({}).lean<CollectionRecord[]>()).map(toCollection);
}

export async function findCollection(id: string): Promise<Collection | null> {
  const record = isDatabaseId(id) ? await CollectionModel.findById(id).lean<CollectionRecord>() : null;
  return record ? toCollection(record) : null;
}

/** A new, empty list (version 1). */
export async function insertCollection(ownerId: string, orgId: string, input: CollectionInput): Promise<Collection> {
  const now = new Date();
  const record = await CollectionModel.create({
    ...input,
    ownerId: toDatabaseId(ownerId),
    orgId: toDatabaseId(orgId),
    resourceIds: [],
    version: 1,
    createdAt: now,
    modifiedAt: now,
  });
  return toCollection(record.toObject());
}

/** Writes the change when the list is still at `expectedVersion`; null when someone changed it meanwhile. */
export async function updateCollectionIfVersion(
  id: string,
  expectedVersion: number,
  change: Partial<CollectionInput> & { resourceIds?: string[] },
): Promise<Collection | null> {
  const { resourceIds, ...fields } = change;
  const set = { ...fields, ...(resourceIds ? { resourceIds: resourceIds.map(toDatabaseId) } : {}) };
  const updated = await updateIfVersion<CollectionRecord>(CollectionModel, toDatabaseId(id), expectedVersion, {
    $set: { ...set, modifiedAt: new Date() },
    $inc: { version: 1 },
  });
  return updated ? toCollection(updated) : null;
}

export async function deleteCollection(id: string): Promise<void> {
  await CollectionModel.findOneAndDelete({ _id: toDatabaseId(id) });
}
