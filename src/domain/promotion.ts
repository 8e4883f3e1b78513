/**
 * The new school year (lên lớp): every class of the year moves up a grade under a new name (the
 * grade its name starts with, plus one: 10A1 → 11A1), and the classes of the school's last grade
 * leave it (graduated). The librarian sees this plan and may rename a class's next year before
 * confirming; the plan is then carried out per student, each new year written once.
 */
import { gradeOfClassName, tidyClassName, type SchoolClass } from './classMembership.js';

export interface ClassStep {
  className: string;
  grade: number;
  /** The class next year, or null: the class graduates. */
  next: { className: string; grade: number } | null;
}

/** The name a class takes one grade up: its leading grade replaced ("10A1" → "11A1", "6a" → "7A"). */
export function promotedClassName(className: string, grade: number): string {
  const tidy = tidyClassName(className);
  const leading = gradeOfClassName(tidy) === grade ? String(grade) : '';
  return `${grade + 1}${tidy.slice(leading.length)}`;
}

/** The plan for a year's classes: each one up a grade, those of `lastGrade` (or above) graduating. */
export function promotionPlan(classes: readonly SchoolClass[], lastGrade: number): ClassStep[] {
  return classes.map((c) => ({
    className: c.className,
    grade: c.grade,
    next: c.grade >= lastGrade ? null : { className: promotedClassName(c.className, c.grade), grade: c.grade + 1 },
  }));
}

/** The school's last grade as its classes show it (5, 9 or 12 by level; else its highest class). */
export function lastGradeOf(classes: readonly SchoolClass[]): number {
  const highest = Math.max(0, ...classes.map((c) => c.grade));
  return [5, 9, 12].find((g) => highest <= g) ?? highest;
}
