/**
 * Students' classes per school year (lớp, khối, năm học). A student belongs to one class of a school
 * in one school year; each year is kept, so the history of a student's classes stays. A school may
 * define its classes for a year (then an imported row naming another class is refused); without
 * such a list, the classes are those its students are in.
 */

/** A school year as Vietnamese schools write it: "2026-2027" (the second year follows the first). */
export type SchoolYear = string;

export const FIRST_GRADE = 1;
export const LAST_GRADE = 12;

/** How a student's year ended: still in class, or left the school with the last grade. */
export type ClassOutcome = 'enrolled' | 'graduated';

export interface ClassMembership {
  personId: string;
  orgId: string;
  schoolYear: SchoolYear;
  /** 1–12. */
  grade: number;
  /** As the school writes it: "10A1". */
  className: string;
  /** The school's student code (mã học sinh): one student of that school, over the years. */
  studentCode: string;
  outcome: ClassOutcome;
  updatedAt: Date;
}

export interface SchoolClass {
  orgId: string;
  schoolYear: SchoolYear;
  className: string;
  grade: number;
  /** The homeroom teacher (giáo viên chủ nhiệm) as the school writes the name; optional. */
  homeroomTeacher?: string | null;
}

/** A school's own list of classes for a year, as its page shows it. */
export interface DefinedClassList {
  schoolYear: SchoolYear;
  previousYear: SchoolYear;
  classes: (SchoolClass & { students: number })[];
  /** How many classes the previous year has to copy (defined, or those its students were in). */
  previousClasses: number;
}

export function isSchoolYear(text: string): boolean {
  const m = /^(\d{4})-(\d{4})$/.exec(text);
  return m !== null && Number(m[2]) === Number(m[1]) + 1;
}

export function nextSchoolYear(year: SchoolYear): SchoolYear {
  const first = Number(year.slice(0, 4)) + 1;
  return `${first}-${first + 1}`;
}

export function previousSchoolYear(year: SchoolYear): SchoolYear {
  const first = Number(year.slice(0, 4)) - 1;
  return `${first}-${first + 1}`;
}

/** A class name as compared: "10 a1", "10A1 " and "10a1" are one class. */
export const classKey = (className: string): string => className.normalize('NFC').replace(/\s+/g, '').toUpperCase();

/** A class name as stored and shown: spaces dropped, letters in capitals ("10a1" → "10A1"). */
export const tidyClassName = (className: string): string => classKey(className);

/** The grade a class name starts with ("10A1" → 10), or null when it starts with no grade 1–12. */
export function gradeOfClassName(className: string): number | null {
  const m = /^(\d{1,2})(?!\d)/.exec(classKey(className));
  if (!m) return null;
  const grade = Number(m[1]);
  return grade >= FIRST_GRADE && grade <= LAST_GRADE ? grade : null;
}

/** A student code as stored: trimmed, no inner spaces, capitals (scanned and typed codes differ). */
export const normaliseStudentCode = (code: string): string => code.normalize('NFC').replace(/\s+/g, '').toUpperCase();

/** The membership that is current for a school: the latest school year's. */
export function latestMembership<T extends { schoolYear: SchoolYear }>(memberships: readonly T[]): T | null {
  return memberships.reduce<T | null>((latest, m) => (!latest || m.schoolYear > latest.schoolYear ? m : latest), null);
}
