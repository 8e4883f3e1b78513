import type { Types } from 'mongoose';
import { Schema, model } from 'mongoose';
import type { Organisation, OrganisationType } from '../domain/organisation.js';
import { isDatabaseId, toDatabaseId, toDatabaseIdOrNull } from './ids.js';
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

export type OrganisationFields = Omit<Organisation, 'id'>;

export async function allOrganisations(): Promise<Organisation[]> {
  return (await OrganisationModel.find({}).lean<OrganisationRecord[]>()).map(toOrganisation);
}

/** Whether any organisation exists yet (a first start has none). */
export async function anyOrganisation(): Promise<boolean> {
  return (await OrganisationModel.findOne({}).lean<OrganisationRecord>()) !== null;
}

export async function findOrganisation(id: string): Promise<Organisation | null> {
  const record = isDatabaseId(id) ? await OrganisationModel.findById(id).lean<OrganisationRecord>() : null;
  return record ? toOrganisation(record) : null;
}

/** Throws a duplicate-key error when the code is taken. */
export async function insertOrganisation(fields: OrganisationFields): Promise<Organisation> {
  const record = await OrganisationModel.create({ ...fields, parentId: toDatabaseIdOrNull(fields.parentId) });
  return toOrganisation(record.toObject());
}

/** Sets these fields; null when the node is gone. Throws a duplicate-key error when a new code is taken. */
export async function updateOrganisation(
  id: string,
  fields: Partial<Omit<OrganisationFields, 'createdAt'>>,
): Promise<Organisation | null> {
  const set = 'parentId' in fields ? { ...fields, parentId: toDatabaseIdOrNull(fields.parentId) } : fields;
  const record = await OrganisationModel.findOneAndUpdate(
    { _id: toDatabaseId(id) },
    { $set: set },
    { returnDocument: 'after' },
  ).lean<OrganisationRecord>();
  return record ? toOrganisation(record) : null;
}

export async function deleteOrganisation(id: string): Promise<void> {
  await OrganisationModel.findOneAndDelete({ _id: toDatabaseId(id) });
}
