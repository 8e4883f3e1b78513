/**
 * A school's own list of classes for a school year (danh sách lớp), as its librarian keeps it: add a
 * class (its grade from its name unless given, a homeroom teacher optional), change one (a new name
 * moves that year's students with it), remove one that has no student, or start the year from the
 * previous year's list. Once a year has a list, a class-list row naming another class is refused
 * (src/domain/classList.ts).
 */
import {
  classKey,
  FIRST_GRADE,
  gradeOfClassName,
  LAST_GRADE,
  previousSchoolYear,
  tidyClassName,
  type DefinedClassList,
  type SchoolClass,
  type SchoolYear,
} from '../../../domain/classMembership.js';
import { conflict, invalid, notFound, type FieldIssue } from '../../../domain/errors.js';
import { membershipsOfYear, renameClassOfYear, studentsInClass } from '../../../models/classMembership.js';
import {
  addDefinedClass,
  classesOfYear,
  defineClasses,
  definedClass,
  definedClasses,
  isRenameOf,
  removeDefinedClass,
  renamesUnderWay,
  renameFinished,
  updateDefinedClass,
} from '../../../models/schoolClass.js';
import type { Actor } from '../../../policies/actor.js';
import type { PatronService } from '../patrons.js';

export interface ClassInput {
  className: string;
  /** 1–12; when missing, the grade the name starts with. */
  grade?: number;
  homeroomTeacher?: string;
}

const MAX_CLASS_NAME = 20;
const MAX_TEACHER_NAME = 200;

/** The class as it will be stored, or the fields' problems. */
function checkedClass(orgId: string, schoolYear: SchoolYear, input: ClassInput): SchoolClass {
  const className = tidyClassName(input.className);
  const issues: FieldIssue[] = [];
  if (!className) issues.push({ field: 'className', messageKey: 'classes2.list.nameRequired' });
  else if (className.length > MAX_CLASS_NAME)
    issues.push({ field: 'className', messageKey: 'classes2.list.nameTooLong', params: { max: MAX_CLASS_NAME } });
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f]/.test(className))
    issues.push({ field: 'className', messageKey: 'classes2.list.nameBadCharacter' });
  const grade = input.grade ?? gradeOfClassName(className);
  if (grade !== null && !(Number.isInteger(grade) && grade >= FIRST_GRADE && grade <= LAST_GRADE))
    issues.push({ field: 'grade', messageKey: 'classes2.list.gradeRange' });
  else if (className && grade === null) issues.push({ field: 'grade', messageKey: 'classes2.list.gradeNeeded' });
  const homeroomTeacher = input.homeroomTeacher?.normalize('NFC').replace(/\s+/g, ' ').trim() || null;
  if (homeroomTeacher && homeroomTeacher.length > MAX_TEACHER_NAME)
    issues.push({
      field: 'homeroomTeacher',
      messageKey: 'classes2.list.teacherTooLong',
      params: { max: MAX_TEACHER_NAME },
    });
  if (issues.length) throw invalid(issues);
  return { orgId, schoolYear, className, grade: grade!, homeroomTeacher };
}

/** The writes of a rename, in order; a test stops a rename after one of them. */
export type RenameStep = 'newNameAdded' | 'studentsMoved' | 'oldNameRemoved';

export class ClassListDefinitionService {
  constructor(
    private readonly patrons: PatronService,
    private readonly afterStep: (step: RenameStep) => void = () => {},
  ) {}

  async list(actor: Actor, orgId: string, year: SchoolYear): Promise<DefinedClassList> {
    this.patrons.requireDesk(actor, orgId, 'manageClasses');
    for (const { from, to } of await renamesUnderWay(orgId, year)) await this.finishRename(from, to);
    const members = await membershipsOfYear(orgId, year);
    const count = (className: string) => members.filter((m) => classKey(m.className) === classKey(className)).length;
    const classes = (await definedClasses(orgId, year)).map((c) => ({ ...c, students: count(c.className) }));
    const previousYear = previousSchoolYear(year);
    return {
      schoolYear: year,
      previousYear,
      classes,
      previousClasses: (await classesOfYear(orgId, previousYear)).length,
    };
  }

  async add(actor: Actor, orgId: string, year: SchoolYear, input: ClassInput): Promise<SchoolClass> {
    this.patrons.requireDesk(actor, orgId, 'manageClasses');
    const added = checkedClass(orgId, year, input);
    if (!(await addDefinedClass(added)))
      throw invalid([
        { field: 'className', messageKey: 'classes2.list.exists', params: { className: added.className } },
      ]);
    return added;
  }

  /**
   * Changes one class of the list: its grade and homeroom teacher, and its name (the year's students
   * of the class move to the new name, so the list and the students never disagree). A rename is
   * three writes with no transaction: the new name is added marked as the old one's, the students
   * move, the old name goes. Stopped in between, it is finished by the next reading of the list or
   * by the same rename asked again, so both names are never left listed.
   */
  async change(actor: Actor, orgId: string, year: SchoolYear, className: string, input: ClassInput) {
    this.patrons.requireDesk(actor, orgId, 'manageClasses');
    const before = await definedClass(orgId, year, className);
    if (!before) throw notFound('classes2.list.notFound', { className });
    const after = checkedClass(orgId, year, input);
    if (classKey(after.className) === classKey(before.className)) {
      await updateDefinedClass(after);
      return after;
    }
    if (!(await addDefinedClass(after, before.className))) {
      if (!(await isRenameOf(orgId, year, after.className, before.className)))
        throw invalid([
          { field: 'className', messageKey: 'classes2.list.exists', params: { className: after.className } },
        ]);
      await updateDefinedClass(after); // the same rename asked again after a stop, perhaps with another grade
    }
    this.afterStep('newNameAdded');
    await this.finishRename(before.className, after);
    return after;
  }

  /** The rest of a rename once the new name is listed; each write may be repeated. */
  private async finishRename(from: string, to: SchoolClass): Promise<void> {
    await renameClassOfYear(to.orgId, to.schoolYear, from, to);
    this.afterStep('studentsMoved');
    await removeDefinedClass(to.orgId, to.schoolYear, from);
    this.afterStep('oldNameRemoved');
    await renameFinished(to.orgId, to.schoolYear, to.className);
  }

  /** Removes a class with no student in it this year; one with students is refused, saying how many. */
  async remove(actor: Actor, orgId: string, year: SchoolYear, className: string): Promise<void> {
    this.patrons.requireDesk(actor, orgId, 'manageClasses');
    const students = await studentsInClass(orgId, year, className);
    if (students > 0)
      throw conflict('classes2.list.hasStudents', { className: tidyClassName(className), students, schoolYear: year });
    if (!(await removeDefinedClass(orgId, year, className))) throw notFound('classes2.list.notFound', { className });
  }

  /**
   * Starts the year's list from the previous year's classes (same names and grades: the new
   * students of 10A1 are again in 10A1), keeping any class the year has already; homeroom teachers
   * are not carried over (they change from year to year). Returns how many classes were added.
   */
  async copyFromPreviousYear(actor: Actor, orgId: string, year: SchoolYear): Promise<number> {
    this.patrons.requireDesk(actor, orgId, 'manageClasses');
    const previous = await classesOfYear(orgId, previousSchoolYear(year));
    if (!previous.length) throw conflict('classes2.list.nothingToCopy', { previousYear: previousSchoolYear(year) });
    const present = new Set((await definedClasses(orgId, year)).map((c) => classKey(c.className)));
    const added = previous.filter((c) => !present.has(classKey(c.className)));
    await defineClasses(added.map((c) => ({ orgId, schoolYear: year, className: c.className, grade: c.grade })));
    return added.length;
  }
}
