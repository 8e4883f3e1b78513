/**
 * Students' classes per school year in `classmemberships`: one document per student, school and year,
 * its `_id` `{orgId}|{schoolYear}|{personId}`, so that importing a class list twice or promoting a
 * school twice writes each student's year once. Earlier years are never rewritten: they are the
 * student's history. Named queries for the import, the promotion, the desk and the statistics
 * ("active readers per class": `membersByClass`).
 */
import { Schema, type Types, model } from 'mongoose';
import {
  classKey,
  latestMembership,
  normaliseStudentCode,
  tidyClassName,
  type ClassMembership,
  type ClassOutcome,
  type SchoolYear,
} from '../domain/classMembership.js';
import { toDatabaseId } from './ids.js';

interface ClassMembershipRecord {
  _id: string;
  orgId: Types.ObjectId;
  personId: Types.ObjectId;
  schoolYear: string;
  grade: number;
  className: string;
  /** `classKey(className)`: what class lists are looked up by. */
  classKey: string;
  studentCode: string;
  outcome: ClassOutcome;
  updatedAt: Date;
}

const schema = new Schema<ClassMembershipRecord>(
  {
    _id: { type: String, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    schoolYear: { type: String, required: true },
    grade: { type: Number, required: true },
    className: { type: String, required: true },
    classKey: { type: String, required: true },
    studentCode: { type: String, required: true },
    outcome: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'classmemberships' },
);
schema.index({ orgId: 1, schoolYear: 1, classKey: 1 });
schema.index({ orgId: 1, studentCode: 1 });
schema.index({ personId: 1, schoolYear: 1 });

export const ClassMembershipModel = model<ClassMembershipRecord>('ClassMembership', schema);

const membershipKey = (orgId: string, schoolYear: string, personId: string) => `${orgId}|${schoolYear}|${personId}`;

const toMembership = (r: ClassMembershipRecord): ClassMembership => ({
  personId: r.personId.toHexString(),
  orgId: r.orgId.toHexString(),
  schoolYear: r.schoolYear,
  grade: r.grade,
  className: r.className,
  studentCode: r.studentCode,
  outcome: r.outcome,
  updatedAt: r.updatedAt,
});

const sameYear = (a: ClassMembership, b: ClassMembership) =>
  a.grade === b.grade && a.className === b.className && a.studentCode === b.studentCode && a.outcome === b.outcome;

export async function membershipOf(orgId: string, personId: string, year: SchoolYear): Promise<ClassMembership | null> {
  const r = await ClassMembershipModel.findById(membershipKey(orgId, year, personId)).lean<ClassMembershipRecord>();
  return r ? toMembership(r) : null;
}

/**
 * Writes a student's class for one year: 'created', 'updated' (class, grade, code or outcome
 * changed) or 'unchanged' (the same row imported again writes nothing).
 */
export async function saveClassMembership(given: ClassMembership): Promise<'created' | 'updated' | 'unchanged'> {
  const m = {
    ...given,
    className: tidyClassName(given.className),
    studentCode: normaliseStudentCode(given.studentCode),
  };
  const before = await membershipOf(m.orgId, m.personId, m.schoolYear);
  if (before && sameYear(before, m)) return 'unchanged';
  const { orgId, personId, ...rest } = m;
  await ClassMembershipModel.updateOne(
    { _id: membershipKey(orgId, m.schoolYear, personId) },
    {
      $set: { ...rest, orgId: toDatabaseId(orgId), personId: toDatabaseId(personId), classKey: classKey(m.className) },
    },
    { upsert: true },
  );
  return before ? 'updated' : 'created';
}

/** A student's classes at one school, oldest year first: their history. */
export async function membershipsOfPerson(orgId: string, personId: string): Promise<ClassMembership[]> {
  const records = await ClassMembershipModel.find({
    personId: toDatabaseId(personId),
    orgId: toDatabaseId(orgId),
  }).lean<ClassMembershipRecord[]>();
  return records.map(toMembership).sort((a, b) => a.schoolYear.localeCompare(b.schoolYear));
}

/** A student's class in the latest year the school has them in (what the desk shows), or null. */
export async function currentMembershipOf(orgId: string, personId: string): Promise<ClassMembership | null> {
  return latestMembership(await membershipsOfPerson(orgId, personId));
}

/** Every student's class of one school year. */
export async function membershipsOfYear(orgId: string, year: SchoolYear): Promise<ClassMembership[]> {
  const records = await ClassMembershipModel.find({
    orgId: toDatabaseId(orgId),
    schoolYear: year,
  }).lean<ClassMembershipRecord[]>();
  return records.map(toMembership);
}

/** One class's students of one year, by class name however it is typed. */
export async function membershipsOfClass(
  orgId: string,
  year: SchoolYear,
  className: string,
): Promise<ClassMembership[]> {
  const records = await ClassMembershipModel.find({
    orgId: toDatabaseId(orgId),
    schoolYear: year,
    classKey: classKey(className),
  }).lean<ClassMembershipRecord[]>();
  return records.map(toMembership);
}

/** The classes of these people in one year (a list of overdue loans, a page of patrons), by person id. */
export async function membershipsOfPeople(
  orgId: string,
  year: SchoolYear,
  personIds: readonly string[],
): Promise<Map<string, ClassMembership>> {
  const records = await ClassMembershipModel.find({
    _id: { $in: personIds.map((p) => membershipKey(orgId, year, p)) },
  }).lean<ClassMembershipRecord[]>();
  return new Map(records.map((r) => [r.personId.toHexString(), toMembership(r)]));
}

/** The students of each class of one year: class name → person ids (active readers per class). */
export async function membersByClass(orgId: string, year: SchoolYear): Promise<Map<string, string[]>> {
  const byClass = new Map<string, string[]>();
  for (const m of await membershipsOfYear(orgId, year)) {
    byClass.set(m.className, [...(byClass.get(m.className) ?? []), m.personId]);
  }
  return byClass;
}

/** Who carries these student codes at a school (in any year): normalised code → person id. */
export async function peopleByStudentCodes(orgId: string, codes: readonly string[]): Promise<Map<string, string>> {
  const records = await ClassMembershipModel.find(
    { orgId: toDatabaseId(orgId), studentCode: { $in: codes.map(normaliseStudentCode) } },
    { studentCode: 1, personId: 1, schoolYear: 1 },
  ).lean<Pick<ClassMembershipRecord, 'studentCode' | 'personId' | 'schoolYear'>[]>();
  const latestFirst = records.sort((a, b) => b.schoolYear.localeCompare(a.schoolYear));
  const byCode = new Map<string, string>();
  for (const r of latestFirst) if (!byCode.has(r.studentCode)) byCode.set(r.studentCode, r.personId.toHexString());
  return byCode;
}

/** The school years a school has classes in, latest first. */
export async function schoolYearsOf(orgId: string): Promise<SchoolYear[]> {
  const years: string[] = await ClassMembershipModel.distinct('schoolYear', { orgId: toDatabaseId(orgId) });
  return years.sort().reverse();
}

/** Marks these students' year as the one they left the school with (graduated); once. */
export async function markGraduated(orgId: string, year: SchoolYear, personIds: readonly string[]): Promise<number> {
  const result = await ClassMembershipModel.updateMany(
    { _id: { $in: personIds.map((p) => membershipKey(orgId, year, p)) }, outcome: { $ne: 'graduated' } },
    { $set: { outcome: 'graduated', updatedAt: new Date() } },
  );
  return result.modifiedCount;
}

/** How many students one class of one year has. */
export async function studentsInClass(orgId: string, year: SchoolYear, className: string): Promise<number> {
  return ClassMembershipModel.countDocuments({
    orgId: toDatabaseId(orgId),
    schoolYear: year,
    classKey: classKey(className),
  });
}

/** Moves one year's students of a class to its new name and grade (a class renamed in the school's list). */
export async function renameClassOfYear(
  orgId: string,
  year: SchoolYear,
  from: string,
  to: { className: string; grade: number },
): Promise<number> {
  const result = await ClassMembershipModel.updateMany(
    { orgId: toDatabaseId(orgId), schoolYear: year, classKey: classKey(from) },
    {
      $set: {
        className: tidyClassName(to.className),
        classKey: classKey(to.className),
        grade: to.grade,
        updatedAt: new Date(),
      },
    },
  );
  return result.modifiedCount;
}
