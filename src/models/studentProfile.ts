/**
 * What a school's class list says of a student beyond their name and class, in `studentprofiles`
 * (`_id` `{orgId}|{personId}`): date of birth and gender, as the school last imported them.
 */
import { Schema, model } from 'mongoose';
import type { Gender } from '../domain/classList.js';

export interface StudentProfile {
  orgId: string;
  personId: string;
  birthDate: string | null;
  gender: Gender | null;
}

interface ProfileRecord {
  _id: string;
  birthDate: string | null;
  gender: Gender | null;
}

export const StudentProfileModel = model<ProfileRecord>(
  'StudentProfile',
  new Schema<ProfileRecord>(
    {
      _id: { type: String, required: true },
      birthDate: { type: String, default: null },
      gender: { type: String, default: null },
    },
    { versionKey: false, collection: 'studentprofiles' },
  ),
);

const profileKey = (orgId: string, personId: string) => `${orgId}|${personId}`;

export async function studentProfile(orgId: string, personId: string): Promise<StudentProfile | null> {
  const r = await StudentProfileModel.findById(profileKey(orgId, personId)).lean<ProfileRecord>();
  return r ? { orgId, personId, birthDate: r.birthDate ?? null, gender: r.gender ?? null } : null;
}

/** Writes a profile; false when it was already so (a repeated import writes nothing). */
export async function saveStudentProfile(p: StudentProfile): Promise<boolean> {
  const before = await studentProfile(p.orgId, p.personId);
  if (before && before.birthDate === p.birthDate && before.gender === p.gender) return false;
  await StudentProfileModel.updateOne(
    { _id: profileKey(p.orgId, p.personId) },
    { $set: { birthDate: p.birthDate, gender: p.gender } },
    { upsert: true },
  );
  return true;
}
