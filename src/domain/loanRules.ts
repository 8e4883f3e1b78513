/**
 * Loan rules as data (Koha's circulation rules, Koha/CirculationRules.pm): each rule is looked up by
 * (patron type, collection) inside one school, `*` standing for any, and the most specific rule
 * wins: patron type and collection both named, then the patron type alone, then the collection
 * alone, then the school's default. A school changes lending by changing rows, never code.
 */
import { defaultSchoolCalendar, type SchoolCalendar } from './schoolCalendar.js';
import type { Role } from './person.js';

export type PatronType = 'student' | 'teacher' | 'staff';
export const patronTypes: readonly PatronType[] = ['student', 'teacher', 'staff'];

/** A person's patron type in a school, from their role there (null: not a member, so not a patron). */
export function patronTypeOf(roles: readonly Role[]): PatronType | null {
  if (roles.includes('teacher')) return 'teacher';
  if (roles.includes('librarian') || roles.includes('org_admin')) return 'staff';
  if (roles.includes('student')) return 'student';
  return null;
}

export const ANY = '*';

export interface LoanRule {
  patronType: PatronType | typeof ANY;
  collectionCode: string;
  /** How many copies the rule's scope allows at once; 0: not lent (read in the library). */
  maxItems: number;
  /** Days a loan lasts. */
  loanDays: number;
  /** How many times a loan may be renewed, each for `loanDays` from the day of renewal. */
  renewals: number;
  /** Lent until the end of the school year (textbooks), whatever `loanDays` says; not renewable. */
  wholeSchoolYear: boolean;
}

/** What happens when a copy comes back damaged or never comes back (per school). */
export type LossPolicy = 'replacement' | 'note';

export interface Fines {
  /** No fines unless a school turns them on. */
  enabled: boolean;
  /** Đồng per overdue day. */
  perDay: number;
  /** Which days late are fined: every calendar day (absent: as before) or only the days the library is open. */
  countDays?: FineDays;
}

export const fineDayCounts = ['calendar', 'open'] as const;
export type FineDays = (typeof fineDayCounts)[number];

/** A school's circulation settings: its rules, its calendar, holds and fines. */
export interface CirculationSettings {
  orgId: string;
  rules: LoanRule[];
  calendar: SchoolCalendar;
  /** Open days a returned copy waits on the hold shelf for the reader who asked for it. */
  holdPickupDays: number;
  /** Holds one reader may have waiting at once. */
  maxHolds: number;
  lossPolicy: LossPolicy;
  fines: Fines;
  /** 0 while the school uses the defaults. */
  version: number;
}

export const defaultLoanRules = (): LoanRule[] => [
  { patronType: ANY, collectionCode: ANY, maxItems: 3, loanDays: 14, renewals: 1, wholeSchoolYear: false },
  { patronType: 'teacher', collectionCode: ANY, maxItems: 10, loanDays: 30, renewals: 2, wholeSchoolYear: false },
  { patronType: 'staff', collectionCode: ANY, maxItems: 10, loanDays: 30, renewals: 2, wholeSchoolYear: false },
  // Textbooks go out for the year to everyone: a row per patron type, since a patron-type row outranks a collection
  // row.
  ...(['*', 'teacher', 'staff'] as const).map((patronType) => ({
    patronType,
    collectionCode: 'SGK',
    maxItems: 15,
    loanDays: 0,
    renewals: 0,
    wholeSchoolYear: true,
  })),
];

export function defaultCirculationSettings(orgId: string): CirculationSettings {
  return {
    orgId,
    rules: defaultLoanRules(),
    calendar: defaultSchoolCalendar(),
    holdPickupDays: 3,
    maxHolds: 5,
    lossPolicy: 'replacement',
    fines: { enabled: false, perDay: 0, countDays: 'calendar' },
    version: 0,
  };
}

/** The last resort when a school removed even its default row: nothing is lent. */
const noLending: LoanRule = {
  patronType: ANY,
  collectionCode: ANY,
  maxItems: 0,
  loanDays: 0,
  renewals: 0,
  wholeSchoolYear: false,
};

/** How specific a rule is: the patron type counts more than the collection (Koha's order). */
const specificity = (r: LoanRule) => (r.patronType === ANY ? 0 : 2) + (r.collectionCode === ANY ? 0 : 1);

/** The rule that applies to a patron type and a collection: the most specific matching row. */
export function ruleFor(rules: readonly LoanRule[], patronType: PatronType, collectionCode: string): LoanRule {
  let best: LoanRule | null = null;
  for (const r of rules) {
    if (r.patronType !== ANY && r.patronType !== patronType) continue;
    if (r.collectionCode !== ANY && r.collectionCode !== collectionCode) continue;
    if (!best || specificity(r) > specificity(best)) best = r;
  }
  return best ?? noLending;
}

/**
 * Whether a loan counts against a rule's limit: a rule naming a collection limits the loans of
 * that collection; a rule for any collection limits every loan.
 */
export const countsAgainst = (rule: LoanRule, collectionCode: string) =>
  rule.collectionCode === ANY || rule.collectionCode === collectionCode;

/** Rows that contradict each other: the same (patron type, collection) twice. */
export function ruleProblems(rules: readonly LoanRule[]): { field: string; messageKey: string }[] {
  const seen = new Set<string>();
  const problems: { field: string; messageKey: string }[] = [];
  rules.forEach((r, i) => {
    const key = `${r.patronType}|${r.collectionCode}`;
    if (seen.has(key)) problems.push({ field: `rules.${i}`, messageKey: 'desk.rules.repeated' });
    seen.add(key);
  });
  return problems;
}
