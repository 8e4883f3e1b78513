import { Schema, Types, model } from 'mongoose';
import type { Membership, Person, Role } from '../domain/person.js';
import { schemaVersionField } from './schemaVersion.js';

export interface PersonRecord {
  _id: Types.ObjectId;
  displayName: string;
  email: string | null;
  memberships: { orgId: Types.ObjectId; role: Role }[];
  systemAdmin: boolean;
  disabled: boolean;
  createdAt: Date;
  modifiedAt: Date;
  lastLoginAt: Date | null;
}

const schema = new Schema<PersonRecord>(
  {
    ...schemaVersionField,
    displayName: { type: String, required: true },
    email: { type: String, default: null, index: true },
    memberships: {
      type: [
        { _id: false, orgId: { type: Schema.Types.ObjectId, required: true }, role: { type: String, required: true } },
      ],
      default: [],
    },
    systemAdmin: { type: Boolean, default: false },
    disabled: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
    modifiedAt: { type: Date, required: true },
    lastLoginAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'people' },
);

export const PersonModel = model<PersonRecord>('Person', schema);

export function toPerson(r: PersonRecord): Person {
  return {
    id: r._id.toHexString(),
    displayName: r.displayName,
    email: r.email,
    memberships: r.memberships.map((m): Membership => ({ orgId: m.orgId.toHexString(), role: m.role })),
    systemAdmin: r.systemAdmin,
    disabled: r.disabled,
    createdAt: r.createdAt,
    modifiedAt: r.modifiedAt,
    lastLoginAt: r.lastLoginAt,
  };
}

export function membershipRecords(memberships: readonly Membership[]): PersonRecord['memberships'] {
  return memberships.map((m) => ({ orgId: new Types.ObjectId(m.orgId), role: m.role }));
}

export async function personById(id: string): Promise<Person | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const record = await PersonModel.findById(id).lean<PersonRecord>();
  return record ? toPerson(record) : null;
}
