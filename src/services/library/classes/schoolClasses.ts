/**
 * A school's classes per school year, as its librarian works with them: which year it is at the
 * school (from its calendar), the classes of a year with their students, a patron's current class at
 * the desk, and the new school year in one action (every class up a grade, the last grade leaving),
 * which writes each student's new year once, however many times it is run.
 */
import {
  isSchoolYear,
  nextSchoolYear,
  classKey,
  tidyClassName,
  type ClassMembership,
  type SchoolYear,
} from '../../../domain/classMembership.js';
import { invalid } from '../../../domain/errors.js';
import { lastGradeOf, promotionPlan, type ClassStep } from '../../../domain/promotion.js';
import { localDay, schoolYearOf } from '../../../domain/schoolCalendar.js';
import {
  currentMembershipOf,
  markGraduated,
  membershipOf,
  membershipsOfYear,
  saveClassMembership,
  schoolYearsOf,
} from '../../../models/classMembership.js';
import { classesOfYear } from '../../../models/schoolClass.js';
import type { Actor } from '../../../policies/actor.js';
import type { CirculationSettingsService } from '../circulationSettings.js';
import type { PatronService } from '../patrons.js';

export interface ClassSummary {
  className: string;
  grade: number;
  students: number;
}

export interface PromotionPreview {
  fromYear: SchoolYear;
  toYear: SchoolYear;
  lastGrade: number;
  steps: (ClassStep & { students: number })[];
}

export interface PromotionResult {
  fromYear: SchoolYear;
  toYear: SchoolYear;
  moved: number;
  graduated: number;
  /** Students whose next year was already written (an earlier run, or an imported list). */
  already: number;
}

export class SchoolClassService {
  constructor(
    private readonly patrons: PatronService,
    private readonly settings: CirculationSettingsService,
  ) {}

  /** The school year a school is in today, by the end of year its calendar sets. */
  async currentYear(orgId: string, now = new Date()): Promise<SchoolYear> {
    return schoolYearOf((await this.settings.settingsOf(orgId)).calendar, localDay(now));
  }

  /** The years to choose from: those with classes, and the current one. */
  async years(actor: Actor, orgId: string): Promise<SchoolYear[]> {
    this.patrons.requireDesk(actor, orgId, 'manageClasses');
    const years = new Set([await this.currentYear(orgId), ...(await schoolYearsOf(orgId))]);
    return [...years].sort().reverse();
  }

  async classes(actor: Actor, orgId: string, year: SchoolYear): Promise<ClassSummary[]> {
    this.patrons.requireDesk(actor, orgId, 'manageClasses');
    const members = await membershipsOfYear(orgId, year);
    const count = (className: string) => members.filter((m) => classKey(m.className) === classKey(className)).length;
    return (await classesOfYear(orgId, year)).map((c) => ({
      className: c.className,
      grade: c.grade,
      students: count(c.className),
    }));
  }

  /** A patron's class in the latest year the school has them in (the desk has checked who asks). */
  currentClassOf(orgId: string, personId: string): Promise<ClassMembership | null> {
    return currentMembershipOf(orgId, personId);
  }

  /** The actor's own current classes, at each school they belong to (their page). */
  async myClasses(actor: Actor): Promise<ClassMembership[]> {
    if (!actor.personId) return [];
    const orgIds = [...new Set(actor.memberships.map((m) => m.orgId))];
    const found = await Promise.all(orgIds.map((orgId) => currentMembershipOf(orgId, actor.personId!)));
    return found.filter((m): m is ClassMembership => m !== null);
  }

  async promotionPreview(
    actor: Actor,
    orgId: string,
    fromYear: SchoolYear,
    lastGrade?: number,
  ): Promise<PromotionPreview> {
    this.patrons.requireDesk(actor, orgId, 'manageClasses');
    if (!isSchoolYear(fromYear)) throw invalid([{ field: 'year', messageKey: 'patrons.promotion.badYear' }]);
    const classes = await classesOfYear(orgId, fromYear);
    const members = await membershipsOfYear(orgId, fromYear);
    const last = lastGrade ?? lastGradeOf(classes);
    const steps = promotionPlan(classes, last).map((s) => ({
      ...s,
      students: members.filter((m) => classKey(m.className) === classKey(s.className)).length,
    }));
    return { fromYear, toYear: nextSchoolYear(fromYear), lastGrade: last, steps };
  }

  /**
   * Carries out the plan as confirmed (`renames`: a class's name next year, where the librarian
   * changed the rule's). A student already in the next year is left as they are.
   */
  async promote(
    actor: Actor,
    orgId: string,
    fromYear: SchoolYear,
    lastGrade: number,
    renames: ReadonlyMap<string, string>,
  ): Promise<PromotionResult> {
    const { toYear, steps } = await this.promotionPreview(actor, orgId, fromYear, lastGrade);
    const stepOf = new Map(steps.map((s) => [classKey(s.className), s]));
    const result: PromotionResult = { fromYear, toYear, moved: 0, graduated: 0, already: 0 };
    const graduates: string[] = [];
    for (const m of await membershipsOfYear(orgId, fromYear)) {
      const step = stepOf.get(classKey(m.className));
      if (!step || m.outcome === 'graduated') continue;
      if (!step.next) {
        graduates.push(m.personId);
        continue;
      }
      if (await membershipOf(orgId, m.personId, toYear)) {
        result.already++;
        continue;
      }
      const className = tidyClassName(renames.get(classKey(m.className)) || step.next.className);
      await saveClassMembership({
        ...m,
        schoolYear: toYear,
        grade: step.next.grade,
        className,
        outcome: 'enrolled',
        updatedAt: new Date(),
      });
      result.moved++;
    }
    result.graduated = await markGraduated(orgId, fromYear, graduates);
    return result;
  }
}
