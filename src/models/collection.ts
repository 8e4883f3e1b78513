import type { Types } from 'mongoose';
import { Schema, model } from 'mongoose';
import type { SharingScope } from '../domain/resource.js';
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
