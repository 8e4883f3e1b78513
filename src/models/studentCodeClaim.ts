/**
 * Student codes claimed at a school (`studentcodeclaims`), `_id` `{orgId}|{code}` → the person the
 * code names. The class-list import claims a new student's code before it creates the person, under
 * the id the claim names: without transactions (FerretDB v1), a crash between the two writes leaves
 * a claim whose person is missing, and the same file imported again creates that person under that
 * id — never a second person for one code. Two imports at once: the first claim wins, both use it.
 */
import { Schema, type Types, model } from 'mongoose';
import { normaliseStudentCode } from '../domain/classMembership.js';
import { insertedFirst } from '../db/errors.js';
import { toDatabaseId } from './ids.js';

interface StudentCodeClaimRecord {
  _id: string;
  personId: Types.ObjectId;
  claimedAt: Date;
}

export const StudentCodeClaimModel = model<StudentCodeClaimRecord>(
  'StudentCodeClaim',
  new Schema<StudentCodeClaimRecord>(
    {
      _id: { type: String, required: true },
      personId: { type: Schema.Types.ObjectId, required: true },
      claimedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'studentcodeclaims' },
  ),
);

const claimId = (orgId: string, code: string) => `${orgId}|${normaliseStudentCode(code)}`;

/**
 * Claims a student code for `personId`, unless it is claimed already: the id of the person the code
 * names now (this one, or the earlier claim's).
 */
export async function claimStudentCode(orgId: string, code: string, personId: string): Promise<string> {
  const _id = claimId(orgId, code);
  const claimed = await insertedFirst(() =>
    StudentCodeClaimModel.create({ _id, personId: toDatabaseId(personId), claimedAt: new Date() }),
  );
  if (claimed) return personId;
  const earlier = await StudentCodeClaimModel.findById(_id).lean<StudentCodeClaimRecord>();
  if (!earlier) throw new Error(`student code claim ${_id} neither inserted nor found`);
  return earlier.personId.toHexString();
}
