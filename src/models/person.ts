import { insertedFirst } from '../db/errors.js';
import { Schema, type Types, model } from 'mongoose';
import type { Membership, Person, Role } from '../domain/person.js';
import { isDatabaseId, toDatabaseId } from './ids.js';
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
  return memberships.map((m) => ({ orgId: toDatabaseId(m.orgId), role: m.role }));
}

/** A person's stored fields, as services set them (ids as strings). */
export type PersonFields = Omit<Person, 'id'>;

const personFields = (fields: Partial<PersonFields>) => ({
  ...fields,
  ...(fields.memberships ? { memberships: membershipRecords(fields.memberships) } : {}),
});

export async function findPerson(id: string): Promise<Person | null> {
  const record = isDatabaseId(id) ? await PersonModel.findById(id).lean<PersonRecord>() : null;
  return record ? toPerson(record) : null;
}

export async function findPersonByEmail(email: string): Promise<Person | null> {
  const record = await PersonModel.findOne({ email }).lean<PersonRecord>();
  return record ? toPerson(record) : null;
}

/** Everyone: a province has thousands of people, not millions (filtered by the caller). */
export async function allPeople(): Promise<Person[]> {
  return (await PersonModel.find({}).lean<PersonRecord[]>()).map(toPerson);
}

export async function anyoneIn(orgId: string): Promise<boolean> {
  return (await PersonModel.exists({ 'memberships.orgId': toDatabaseId(orgId) })) !== null;
}

export async function insertPerson(fields: PersonFields): Promise<Person> {
  return toPerson((await PersonModel.create(personFields(fields))).toObject());
}

/**
 * Inserts a person under an id chosen beforehand (a claimed student code names them): the person
 * stored under that id, whether this insert made them or an earlier one (a repeat after a crash).
 */
export async function insertPersonAs(id: string, fields: PersonFields): Promise<Person> {
  await insertedFirst(() => PersonModel.create({ ...personFields(fields), _id: toDatabaseId(id) }));
  const person = await findPerson(id);
  if (!person) throw new Error(`person ${id} neither inserted nor found`);
  return person;
}

/** Sets these fields; null when the person is gone. */
export async function updatePerson(id: string, fields: Partial<PersonFields>): Promise<Person | null> {
  const record = await PersonModel.findOneAndUpdate(
    { _id: toDatabaseId(id) },
    { $set: personFields(fields) },
    { returnDocument: 'after' },
  ).lean<PersonRecord>();
  return record ? toPerson(record) : null;
}

export async function deletePerson(id: string): Promise<void> {
  await PersonModel.deleteOne({ _id: toDatabaseId(id) });
}

export async function personById(id: string): Promise<Person | null> {
  if (!isDatabaseId(id)) return null;
  const record = await PersonModel.findById(id).lean<PersonRecord>();
  return record ? toPerson(record) : null;
}

/** The people with a membership in one organisation (a school's patrons, its card sheet). */
export async function peopleOf(orgId: string): Promise<Person[]> {
  const records = await PersonModel.find({ 'memberships.orgId': toDatabaseId(orgId) }).lean<PersonRecord[]>();
  return records.map(toPerson);
}

/**
 * The librarians of a school: those with a librarian membership in it (a request arriving is for
 * them). Read by `memberships.orgId` with the role checked here: no `$elemMatch`, one portable query.
 */
export async function librariansOf(orgId: string): Promise<Person[]> {
  return (await peopleOf(orgId)).filter((p) => p.memberships.some((m) => m.orgId === orgId && m.role === 'librarian'));
}
