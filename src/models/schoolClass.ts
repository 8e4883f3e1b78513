/**
 * The classes a school defines for a school year in `schoolclasses`, `_id`
 * `{orgId}|{schoolYear}|{classKey}`. When a school has defined its classes for a year, a class-list
 * row naming another class is refused; without a list, the year's classes are those its students
 * are in (`classesOfYear`).
 */
import { Schema, type Types, model } from 'mongoose';
import { classKey, tidyClassName, type SchoolClass, type SchoolYear } from '../domain/classMembership.js';
import { ClassMembershipModel } from './classMembership.js';
import { insertedFirst } from '../db/errors.js';
import { toDatabaseId } from './ids.js';

interface SchoolClassRecord {
  _id: string;
  orgId: Types.ObjectId;
  schoolYear: string;
  className: string;
  grade: number;
  homeroomTeacher?: string | null;
  /** Set while a rename from that class (its key) is under way: a rename stopped half-way is finished. */
  renamedFrom?: string | null;
}

const schema = new Schema<SchoolClassRecord>(
  {
    _id: { type: String, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    schoolYear: { type: String, required: true },
    className: { type: String, required: true },
    grade: { type: Number, required: true },
    homeroomTeacher: { type: String, default: null },
    renamedFrom: { type: String, default: null },
  },
  { versionKey: false, collection: 'schoolclasses' },
);
schema.index({ orgId: 1, schoolYear: 1 });

export const SchoolClassModel = model<SchoolClassRecord>('SchoolClass', schema);

const classId = (orgId: string, year: string, className: string) => `${orgId}|${year}|${classKey(className)}`;

const toClass = (
  r: Pick<SchoolClassRecord, 'orgId' | 'schoolYear' | 'className' | 'grade' | 'homeroomTeacher'>,
): SchoolClass => ({
  orgId: r.orgId.toHexString(),
  schoolYear: r.schoolYear,
  className: r.className,
  grade: r.grade,
  homeroomTeacher: r.homeroomTeacher ?? null,
});

const byGradeThenName = (a: SchoolClass, b: SchoolClass) =>
  a.grade - b.grade || a.className.localeCompare(b.className, 'vi', { numeric: true });

/** Adds classes to a school's list for a year (a class already there stays as it is). */
export async function defineClasses(classes: readonly SchoolClass[]): Promise<void> {
  if (classes.length === 0) return;
  await SchoolClassModel.bulkWrite(
    classes.map((c) => ({
      updateOne: {
        filter: { _id: classId(c.orgId, c.schoolYear, c.className) },
        update: {
          $setOnInsert: {
            orgId: toDatabaseId(c.orgId),
            schoolYear: c.schoolYear,
            className: tidyClassName(c.className),
            grade: c.grade,
            homeroomTeacher: c.homeroomTeacher ?? null,
          },
        },
        upsert: true,
      },
    })),
  );
}

/**
 * Adds one class to a school's list for a year: false when the list has a class of that name
 * already. `renamedFrom`: the class it is the new name of, until `renameFinished`.
 */
export async function addDefinedClass(c: SchoolClass, renamedFrom: string | null = null): Promise<boolean> {
  return insertedFirst(() =>
    SchoolClassModel.create({
      _id: classId(c.orgId, c.schoolYear, c.className),
      orgId: toDatabaseId(c.orgId),
      schoolYear: c.schoolYear,
      className: tidyClassName(c.className),
      grade: c.grade,
      homeroomTeacher: c.homeroomTeacher ?? null,
      renamedFrom: renamedFrom === null ? null : classKey(renamedFrom),
    }),
  );
}

/** The renames of a year's classes that were started and not finished: from (a class key) → to. */
export async function renamesUnderWay(orgId: string, year: SchoolYear): Promise<{ from: string; to: SchoolClass }[]> {
  const records = await SchoolClassModel.find({
    orgId: toDatabaseId(orgId),
    schoolYear: year,
    renamedFrom: { $type: 'string' },
  }).lean<SchoolClassRecord[]>();
  return records.map((r) => ({ from: r.renamedFrom!, to: toClass(r) }));
}

/** Whether `className` is the new name of a rename from `from` that is still under way. */
export async function isRenameOf(orgId: string, year: SchoolYear, className: string, from: string): Promise<boolean> {
  const r = await SchoolClassModel.findById(classId(orgId, year, className), { renamedFrom: 1 }).lean<
    Pick<SchoolClassRecord, 'renamedFrom'>
  >();
  return r?.renamedFrom === classKey(from);
}

export async function renameFinished(orgId: string, year: SchoolYear, className: string): Promise<void> {
  await SchoolClassModel.updateOne({ _id: classId(orgId, year, className) }, { $set: { renamedFrom: null } });
}

export async function definedClass(orgId: string, year: SchoolYear, className: string): Promise<SchoolClass | null> {
  const r = await SchoolClassModel.findById(classId(orgId, year, className)).lean<SchoolClassRecord>();
  return r ? toClass(r) : null;
}

/** A class's grade and homeroom teacher, its name unchanged. */
export async function updateDefinedClass(c: SchoolClass): Promise<boolean> {
  const result = await SchoolClassModel.updateOne(
    { _id: classId(c.orgId, c.schoolYear, c.className) },
    { $set: { grade: c.grade, homeroomTeacher: c.homeroomTeacher ?? null } },
  );
  return result.matchedCount > 0;
}

export async function removeDefinedClass(orgId: string, year: SchoolYear, className: string): Promise<boolean> {
  return (await SchoolClassModel.deleteOne({ _id: classId(orgId, year, className) })).deletedCount > 0;
}

/** The classes a school defined for a year (empty: it defined none), by grade then name. */
export async function definedClasses(orgId: string, year: SchoolYear): Promise<SchoolClass[]> {
  const records = await SchoolClassModel.find({ orgId: toDatabaseId(orgId), schoolYear: year }).lean<
    SchoolClassRecord[]
  >();
  return records.map(toClass).sort(byGradeThenName);
}

/** A year's classes: those the school defined, or else those its students are in. */
export async function classesOfYear(orgId: string, year: SchoolYear): Promise<SchoolClass[]> {
  const defined = await definedClasses(orgId, year);
  if (defined.length > 0) return defined;
  const records = await ClassMembershipModel.find(
    { orgId: toDatabaseId(orgId), schoolYear: year },
    { orgId: 1, schoolYear: 1, className: 1, grade: 1, classKey: 1 },
  ).lean<(Pick<SchoolClassRecord, 'orgId' | 'schoolYear' | 'className' | 'grade'> & { classKey: string })[]>();
  const byKey = new Map(records.map((r) => [r.classKey, toClass(r)]));
  return [...byKey.values()].sort(byGradeThenName);
}
