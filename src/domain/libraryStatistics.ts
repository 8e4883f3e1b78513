/**
 * A school library's statistics for one school year, as the national school-library standard asks
 * (collection by collection, subject and grade; acquisitions, withdrawals and loans per month; loans
 * by patron type; the most lent titles; overdue now) and the reading-culture figures the department
 * compares schools by (loans per student, share of active readers, active readers per class).
 * Pure types and folding: the counts come from named queries in src/models/libraryStatistics.ts.
 */
import { patronTypes, type PatronType } from './loanRules.js';
import type { Organisation } from './organisation.js';

/** A school year "2025-2026" runs from 1 June 2025 to 31 May 2026, as the default school calendar ends it (05-31). */
export interface SchoolYearPeriod {
  label: string;
  /** First and last local day, inclusive. */
  firstDay: string;
  lastDay: string;
  /** The twelve months `YYYY-MM`, June to May. */
  months: string[];
}

const SCHOOL_YEAR_LABEL = /^(\d{4})-(\d{4})$/;

export function isSchoolYearLabel(label: string): boolean {
  const m = SCHOOL_YEAR_LABEL.exec(label);
  return !!m && Number(m[2]) === Number(m[1]) + 1;
}

export function schoolYearPeriod(label: string): SchoolYearPeriod {
  const start = Number(label.slice(0, 4));
  const months = Array.from({ length: 12 }, (_, i) => {
    const month = ((5 + i) % 12) + 1;
    return `${month >= 6 ? start : start + 1}-${String(month).padStart(2, '0')}`;
  });
  return { label, firstDay: `${start}-06-01`, lastDay: `${start + 1}-05-31`, months };
}

/** The school year a local day belongs to. */
export function schoolYearOfDay(day: string): string {
  const year = Number(day.slice(0, 4));
  const start = day.slice(5) >= '06-01' ? year : year - 1;
  return `${start}-${start + 1}`;
}

/** The DDC main class (hundreds) of a class number: `895.922` → `800`; null when it is not DDC-shaped. */
export function ddcHundreds(classNumber: string | null | undefined): string | null {
  return classNumber && /^\d{3}/.test(classNumber) ? `${classNumber[0]}00` : null;
}

/** A count by key, in a stable order given by the caller. */
export type Counts = Record<string, number>;

export interface LoanFact {
  orgId: string;
  day: string;
  patronId: string;
  patronType: PatronType;
  resourceId: string;
}

/** What the loans of a period add up to, for one school. */
export interface LoanFigures {
  total: number;
  byMonth: Counts;
  byPatronType: Record<PatronType, number>;
  /** Titles by number of loans, most lent first (ties by id, so the order is stable). */
  byTitle: { resourceId: string; loans: number }[];
  /** Distinct borrowers in the period, and the students among them. */
  activeReaders: number;
  activeStudents: number;
  activePatronIds: string[];
}

export function foldLoans(facts: Iterable<LoanFact>, months: readonly string[]): LoanFigures {
  const byMonth: Counts = Object.fromEntries(months.map((m) => [m, 0]));
  const byPatronType = Object.fromEntries(patronTypes.map((t) => [t, 0])) as Record<PatronType, number>;
  const byTitle = new Map<string, number>();
  const readers = new Map<string, PatronType>();
  let total = 0;
  for (const f of facts) {
    total++;
    const month = f.day.slice(0, 7);
    if (month in byMonth) byMonth[month]!++;
    byPatronType[f.patronType]++;
    byTitle.set(f.resourceId, (byTitle.get(f.resourceId) ?? 0) + 1);
    readers.set(f.patronId, f.patronType);
  }
  return {
    total,
    byMonth,
    byPatronType,
    byTitle: [...byTitle]
      .map(([resourceId, loans]) => ({ resourceId, loans }))
      .sort((a, b) => b.loans - a.loans || a.resourceId.localeCompare(b.resourceId)),
    activeReaders: readers.size,
    activeStudents: [...readers.values()].filter((t) => t === 'student').length,
    activePatronIds: [...readers.keys()],
  };
}

export interface CopyFigures {
  copies: number;
  titles: number;
  byCollection: Counts;
  copiesByTitle: Map<string, number>;
  acquisitions: Counts;
  withdrawals: Counts;
}

/**
 * One school's copies folded: those not withdrawn by collection and title, and per month of the
 * period those acquired (their batch's day, withdrawn since or not) and those withdrawn (their record's day).
 */
export function foldCopies(
  facts: Iterable<{
    collectionCode: string;
    resourceId: string;
    withdrawn: boolean;
    acquired: string;
    withdrawnOn: string | null;
  }>,
  months: readonly string[],
): CopyFigures {
  const figures: CopyFigures = {
    copies: 0,
    titles: 0,
    byCollection: {},
    copiesByTitle: new Map(),
    acquisitions: Object.fromEntries(months.map((m) => [m, 0])),
    withdrawals: Object.fromEntries(months.map((m) => [m, 0])),
  };
  for (const c of facts) {
    const acquiredIn = c.acquired.slice(0, 7);
    if (acquiredIn in figures.acquisitions) figures.acquisitions[acquiredIn]!++;
    if (c.withdrawn) {
      const month = c.withdrawnOn?.slice(0, 7) ?? '';
      if (month in figures.withdrawals) figures.withdrawals[month]!++;
      continue;
    }
    figures.copies++;
    figures.byCollection[c.collectionCode] = (figures.byCollection[c.collectionCode] ?? 0) + 1;
    figures.copiesByTitle.set(c.resourceId, (figures.copiesByTitle.get(c.resourceId) ?? 0) + 1);
  }
  figures.titles = figures.copiesByTitle.size;
  return figures;
}

export const sumOf = (counts: Counts): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** A reading class's active readers: the students of a class who borrowed at least once. */
export interface ClassReaders {
  className: string;
  students: number;
  activeReaders: number;
}

/** One school's figures for a school year: what the department compares and the sector export carries. */
export interface SchoolLibraryFigures {
  orgId: string;
  year: SchoolYearPeriod;
  computedAt: Date;
  /** Copies not withdrawn (on the shelf, out, lost or damaged), and the titles they are of. */
  copies: number;
  titles: number;
  byCollection: Counts;
  /** Copies per title, for the subject and grade breakdowns. */
  copiesByTitle: Map<string, number>;
  acquisitions: Counts;
  withdrawals: Counts;
  loans: LoanFigures;
  /** Patrons of the school by type (members with that role; the first of teacher, staff, student). */
  patrons: Record<PatronType, number>;
  overdueNow: number;
}

/** What only the school's own dashboard shows: the collection by subject and grade, titles named, classes. */
export interface SchoolLibraryDetail {
  /** DDC hundreds (`000`…`900`, `none`) → copies. */
  bySubject: Counts;
  /** Grade `1`…`12` (a copy of a title for several grades counts in each), `none` → copies. */
  byGrade: Counts;
  topTitles: { resourceId: string; title: string; loans: number }[];
  /** Active readers per class, when the school's classes of that year are known. */
  classes: ClassReaders[];
}

export const TOP_TITLES = 10;
const DDC_CLASSES = ['000', '100', '200', '300', '400', '500', '600', '700', '800', '900'];

/** The collection by subject and grade, from copies per title and each title's class number and grades. */
export function collectionBreakdown(
  copiesByTitle: ReadonlyMap<string, number>,
  facts: ReadonlyMap<string, { classNumber: string | null; grades: readonly number[] }>,
): Pick<SchoolLibraryDetail, 'bySubject' | 'byGrade'> {
  const bySubject: Counts = Object.fromEntries([...DDC_CLASSES, 'none'].map((c) => [c, 0]));
  const byGrade: Counts = Object.fromEntries(
    [...Array.from({ length: 12 }, (_, i) => String(i + 1)), 'none'].map((g) => [g, 0]),
  );
  for (const [id, copies] of copiesByTitle) {
    const title = facts.get(id);
    bySubject[ddcHundreds(title?.classNumber) ?? 'none']! += copies;
    const grades = (title?.grades ?? []).filter((g) => String(g) in byGrade);
    if (!grades.length) byGrade.none! += copies;
    for (const g of new Set(grades)) byGrade[String(g)]! += copies;
  }
  return { bySubject, byGrade };
}

/** Students per class and those of them who borrowed in the period, classes in the school's order. */
export function classReaders(
  members: ReadonlyMap<string, readonly string[]>,
  active: ReadonlySet<string>,
): ClassReaders[] {
  return [...members]
    .map(([className, ids]) => ({
      className,
      students: ids.length,
      activeReaders: ids.filter((id) => active.has(id)).length,
    }))
    .sort((a, b) => a.className.localeCompare(b.className, 'vi', { numeric: true }));
}

/** The indicators the department compares schools by and the sector export carries. */
export interface LibraryIndicators {
  orgId: string;
  schoolYear: string;
  copies: number;
  titles: number;
  students: number;
  copiesPerStudent: number | null;
  loans: number;
  loansPerStudent: number | null;
  activeReaders: number;
  activeReadersPercent: number | null;
  acquisitions: number;
  withdrawals: number;
  overdue: number;
}

const ratio = (a: number, b: number, digits: number): number | null =>
  b > 0 ? Math.round((a / b) * 10 ** digits) / 10 ** digits : null;

export function indicatorsOf(s: SchoolLibraryFigures): LibraryIndicators {
  const students = s.patrons.student;
  const patrons = sumOf(s.patrons);
  return {
    orgId: s.orgId,
    schoolYear: s.year.label,
    copies: s.copies,
    titles: s.titles,
    students,
    copiesPerStudent: ratio(s.copies, students, 2),
    loans: s.loans.total,
    loansPerStudent: ratio(s.loans.byPatronType.student, students, 2),
    activeReaders: s.loans.activeReaders,
    activeReadersPercent: ratio(s.loans.activeReaders * 100, patrons, 1),
    acquisitions: sumOf(s.acquisitions),
    withdrawals: sumOf(s.withdrawals),
    overdue: s.overdueNow,
  };
}

/** A school's indicators as the department's overview lists them. */
export interface SchoolIndicators {
  school: Organisation;
  indicators: LibraryIndicators;
  computedAt: Date;
}
