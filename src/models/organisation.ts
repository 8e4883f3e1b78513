import type { Types } from 'mongoose';
import { Schema, model } from 'mongoose';
import type { Organisation, OrganisationType } from '../domain/organisation.js';
import { schemaVersionField } from './schemaVersion.js';

export interface OrganisationRecord {
  _id: Types.ObjectId;
  code: string;
  name: string;
  type: OrganisationType;
  parentId: Types.ObjectId | null;
  createdAt: Date;
  modifiedAt: Date;
}

const schema = new Schema<OrganisationRecord>(
  {
    ...schemaVersionField,
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    type: { type: String, required: true },
    parentId: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
    modifiedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'organisations' },
);

export const OrganisationModel = model<OrganisationRecord>('Organisation', schema);

export function toOrganisation(r: OrganisationRecord): Organisation {
  return {
    id: r._id.toHexString(),
    code: r.code,
    name: r.name,
    type: r.type,
    parentId: r.parentId ? r.parentId.toHexString() : null,
    createdAt: r.createdAt,
    modifiedAt: r.modifiedAt,
  };
}
