/**
 * A school library's statistics for a school year, and the department's overview of its schools.
 * Figures come from grouped counts in the database (src/models/libraryStatistics.ts), all the
 * schools asked for in one pass. On the embedded FerretDB every one of those is a scan of its
 * collection, so figures are kept per school and year for a few minutes (bench/libraryStatistics.ts
 * measures a school of 50,000 copies, 2,000 patrons and a year of loans): a dashboard opened twice,
 * or a department overview after a school's dashboard, does not count again. Each page says when its
 * figures were counted.
 */
import { forbidden, notFound, invalid } from '../../domain/errors.js';
import {
  classReaders,
  collectionBreakdown,
  foldLoans,
  indicatorsOf,
  isSchoolYearLabel,
  foldCopies,
  schoolYearOfDay,
  schoolYearPeriod,
  TOP_TITLES,
  type SchoolIndicators,
  type LoanFact,
  type SchoolLibraryDetail,
  type SchoolLibraryFigures,
  type SchoolYearPeriod,
} from '../../domain/libraryStatistics.js';
import { patronTypeOf, patronTypes, type PatronType } from '../../domain/loanRules.js';
import type { Organisation } from '../../domain/organisation.js';
import { sectorRecord, type SectorRecord } from '../../domain/sectorExport.js';
import { compareVietnamese } from '../../search/text.js';
import { localDay } from '../../domain/schoolCalendar.js';
import {
  copyFactsOfSchools,
  loanMomentsOfSchools,
  membershipsInSchools,
  overdueCountsOfSchools,
  titleFactsByIds,
} from '../../models/libraryStatistics.js';
import { membersByClass } from '../../models/classMembership.js';
import { countedFiguresOf, saveCountedFigures } from '../../models/countedFigures.js';
import type { Actor } from '../../policies/actor.js';
import { canViewLibraryStatistics } from '../../policies/libraryStatistics.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';

/** How long counted figures are shown before they are counted again (or read again as stored). */
export const FIGURES_FRESH_MS = 5 * 60_000;
/**
 * Stored figures are taken up to this many freshness spans after they were counted, so that a
 * warm-up running late still saves the cold count; older ones are counted on demand.
 */
const STORED_FRESH_CADENCES = 2;
/** Schools counted together by the warm-up: each count holds its schools' copies and loans in memory. */
const WARM_SCHOOLS_AT_ONCE = 10;

/** Students per class of a school in a school year (the patrons' class lists; none when not imported). */
export type ClassLists = (orgId: string, schoolYear: string) => Promise<ReadonlyMap<string, readonly string[]>>;

export class LibraryStatisticsService {
  private readonly figures = new Map<string, { at: number; value: Promise<SchoolLibraryFigures> }>();
  /** The dashboard's breakdowns, kept with the count of the figures they were made from. */
  private readonly details = new Map<string, { countedAt: number; detail: Promise<SchoolLibraryDetail> }>();

  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly classLists: ClassLists = membersByClass,
    private readonly freshMs = FIGURES_FRESH_MS,
  ) {}

  /** The school year today falls in, and the years a selector offers (this one and the four before). */
  years(now = new Date()): { current: string; choices: string[] } {
    const current = schoolYearOfDay(localDay(now));
    const start = Number(current.slice(0, 4));
    return { current, choices: Array.from({ length: 5 }, (_, i) => `${start - i}-${start - i + 1}`) };
  }

  /** A school's figures and the dashboard's breakdowns. */
  async forSchool(
    actor: Actor,
    orgId: string,
    year: string,
  ): Promise<{ figures: SchoolLibraryFigures; detail: SchoolLibraryDetail }> {
    this.require(actor, orgId);
    const period = this.period(year);
    const [figures] = await this.figuresOf([orgId], period);
    // Kept by school, year and counting moment: figures read again as stored are the same count.
    const key = `${orgId}|${period.label}`;
    let held = this.details.get(key);
    if (held?.countedAt !== figures!.computedAt.getTime()) {
      const detail = this.detailOf(figures!);
      held = { countedAt: figures!.computedAt.getTime(), detail };
      detail.catch(() => this.details.delete(key));
      this.details.set(key, held);
    }
    return { figures: figures!, detail: await held.detail };
  }

  /** One school's indicators (the sector export of one school). */
  async indicatorsOfSchool(actor: Actor, orgId: string, year: string): Promise<SchoolIndicators> {
    this.require(actor, orgId);
    const [figures] = await this.figuresOf([orgId], this.period(year));
    return { school: this.tree.get(orgId)!, indicators: indicatorsOf(figures!), computedAt: figures!.computedAt };
  }

  /** Every school of an organisation's subtree (the department's), side by side, by name. */
  async indicatorsOfSchools(actor: Actor, orgId: string, year: string): Promise<SchoolIndicators[]> {
    this.require(actor, orgId);
    const schools = this.tree
      .subtree(orgId)
      .filter((o) => o.type === 'school')
      .sort((a, b) => compareVietnamese(a.name, b.name));
    const figures = await this.figuresOf(
      schools.map((s) => s.id),
      this.period(year),
    );
    return figures.map((f, i) => ({ school: schools[i]!, indicators: indicatorsOf(f), computedAt: f.computedAt }));
  }

  /** The schools the actor may see the figures of, by name: a school its own, a department all of its own. */
  viewableSchools(actor: Actor): Organisation[] {
    return this.tree
      .all()
      .filter((o) => o.type === 'school' && canViewLibraryStatistics(actor, o.id, this.tree))
      .sort((a, b) => compareVietnamese(a.name, b.name));
  }

  /** The sector export: one record per school the actor may see (GET /api/v1/library/indicators). */
  async sectorRecords(actor: Actor, year: string): Promise<SectorRecord[]> {
    const schools = this.viewableSchools(actor);
    const figures = await this.figuresOf(
      schools.map((s) => s.id),
      this.period(year),
    );
    return figures.map((f, i) => sectorRecord(schools[i]!, indicatorsOf(f), f.computedAt));
  }

  /** The sector export of every school of an organisation's subtree (the department's yearly report). */
  async sectorRecordsUnder(actor: Actor, orgId: string, year: string): Promise<SectorRecord[]> {
    const rows = await this.indicatorsOfSchools(actor, orgId, year);
    return rows.map((r) => sectorRecord(r.school, r.indicators, r.computedAt));
  }

  /** Whether the actor may see an organisation's figures (its schools' when it is above schools). */
  may(actor: Actor, orgId: string): boolean {
    return canViewLibraryStatistics(actor, orgId, this.tree);
  }

  /** The sector export of one school. */
  async sectorRecordOf(actor: Actor, orgId: string, year: string): Promise<SectorRecord> {
    const { school, indicators, computedAt } = await this.indicatorsOfSchool(actor, orgId, year);
    return sectorRecord(school, indicators, computedAt);
  }

  private require(actor: Actor, orgId: string): void {
    if (!this.tree.get(orgId)) throw notFound();
    if (!canViewLibraryStatistics(actor, orgId, this.tree)) throw forbidden();
  }

  private period(year: string): SchoolYearPeriod {
    if (!isSchoolYearLabel(year)) throw invalid([{ field: 'year', messageKey: 'libraryStats.badYear' }]);
    return schoolYearPeriod(year);
  }

  /**
   * Figures of each school, in the order asked: those this instance holds fresh, else those an
   * instance counted lately (the periodic warm-up's, stored), else counted now together (and stored).
   */
  private async figuresOf(orgIds: readonly string[], period: SchoolYearPeriod): Promise<SchoolLibraryFigures[]> {
    const now = Date.now();
    const key = (orgId: string) => `${orgId}|${period.label}`;
    const isStale = (id: string) => {
      const held = this.figures.get(key(id));
      return !held || now - held.at > this.freshMs;
    };
    const stale = orgIds.filter(isStale);
    if (stale.length) {
      const stored = await countedFiguresOf(stale, period.label, new Date(now - STORED_FRESH_CADENCES * this.freshMs));
      for (const f of stored.values()) this.hold(f);
      // Counted meanwhile by another request of this instance (while the stored figures were read): shared.
      const uncounted = stale.filter((id) => !stored.has(id) && isStale(id));
      if (uncounted.length) this.countNow(uncounted, period, now);
    }
    return Promise.all(orgIds.map((id) => this.figures.get(key(id))!.value));
  }

  /** Keeps figures counted (here or by another instance) as fresh from the moment they were counted. */
  private hold(figures: SchoolLibraryFigures): void {
    const at = Math.min(figures.computedAt.getTime(), Date.now());
    this.figures.set(`${figures.orgId}|${figures.year.label}`, { at, value: Promise.resolve(figures) });
  }

  private countNow(orgIds: readonly string[], period: SchoolYearPeriod, now: number): void {
    const counting = countFigures(orgIds, period);
    // Storing is a saving for the other instances: a failure to store leaves the page as it was.
    void counting.then((all) => saveCountedFigures(all)).catch(() => undefined);
    orgIds.forEach((id, i) => {
      const key = `${id}|${period.label}`;
      const value = counting.then((all) => all[i]!);
      value.catch(() => this.figures.delete(key));
      this.figures.set(key, { at: now, value });
    });
  }

  /**
   * Counts every school's figures for the current school year, a few schools at a time, and stores
   * them for every instance (the periodic warm-up, ./figuresWarmer.ts): the schools counted.
   */
  async warmCurrentYear(now = new Date()): Promise<number> {
    const period = schoolYearPeriod(this.years(now).current);
    const schools = this.tree
      .all()
      .filter((o) => o.type === 'school')
      .map((o) => o.id);
    for (let i = 0; i < schools.length; i += WARM_SCHOOLS_AT_ONCE) {
      const counted = await countFigures(schools.slice(i, i + WARM_SCHOOLS_AT_ONCE), period);
      await saveCountedFigures(counted);
      for (const f of counted) this.hold(f);
    }
    return schools.length;
  }

  private async detailOf(figures: SchoolLibraryFigures): Promise<SchoolLibraryDetail> {
    const top = figures.loans.byTitle.slice(0, TOP_TITLES);
    const facts = await titleFactsByIds([
      ...new Set([...figures.copiesByTitle.keys(), ...top.map((t) => t.resourceId)]),
    ]);
    const members = await this.classLists(figures.orgId, figures.year.label);
    return {
      ...collectionBreakdown(figures.copiesByTitle, facts),
      topTitles: top.map((t) => ({ ...t, title: facts.get(t.resourceId)?.title ?? '' })),
      classes: classReaders(members, new Set(figures.loans.activePatronIds)),
    };
  }
}

/** Vietnam's midnight starting a local day, as a moment. */
const startOfDay = (day: string) => new Date(`${day}T00:00:00+07:00`);
const nextDay = (day: string) => new Date(startOfDay(day).getTime() + 86_400_000);

/** Rows of several schools, each school's apart. */
async function perSchool<T extends { orgId: string }>(orgIds: readonly string[], rows: AsyncIterable<T>) {
  const groups = new Map<string, T[]>(orgIds.map((id) => [id, []]));
  for await (const row of rows) groups.get(row.orgId)?.push(row);
  return groups;
}

async function loanFactsOf(orgIds: readonly string[], period: SchoolYearPeriod): Promise<Map<string, LoanFact[]>> {
  const facts = new Map<string, LoanFact[]>(orgIds.map((id) => [id, []]));
  for await (const m of loanMomentsOfSchools(orgIds, startOfDay(period.firstDay), nextDay(period.lastDay)))
    facts.get(m.orgId)?.push({ ...m, day: localDay(m.issuedAt) });
  return facts;
}

async function patronsOf(orgIds: readonly string[]): Promise<Map<string, Record<PatronType, number>>> {
  const counts = new Map(
    orgIds.map((id) => [id, Object.fromEntries(patronTypes.map((t) => [t, 0])) as Record<PatronType, number>]),
  );
  for await (const person of membershipsInSchools(orgIds)) {
    for (const [orgId, tally] of counts) {
      const type = patronTypeOf(person.memberships.filter((m) => m.orgId === orgId).map((m) => m.role));
      if (type) tally[type]++;
    }
  }
  return counts;
}

/** Counts every figure of these schools for the period: one read or grouped query per kind. */
async function countFigures(orgIds: readonly string[], period: SchoolYearPeriod): Promise<SchoolLibraryFigures[]> {
  const [copies, loans, patrons, overdue] = await Promise.all([
    perSchool(orgIds, copyFactsOfSchools(orgIds)),
    loanFactsOf(orgIds, period),
    patronsOf(orgIds),
    overdueCountsOfSchools(orgIds, localDay(new Date())),
  ]);
  const computedAt = new Date();
  return orgIds.map((orgId) => ({
    orgId,
    year: period,
    computedAt,
    ...foldCopies(copies.get(orgId)!, period.months),
    loans: foldLoans(loans.get(orgId) ?? [], period.months),
    patrons: patrons.get(orgId)!,
    overdueNow: overdue.get(orgId) ?? 0,
  }));
}
