/**
 * The registers a school library keeps (sổ sách điện tử), read from the data and never typed
 * twice: the general register (intake batches and withdrawal records with their counts by
 * collection and their value), the individual register (every copy by accession number), the loan
 * registers of students and of teachers over a period, and one withdrawal record in full. The big
 * ones are async iterables read through cursors, with titles, copies and names looked up a batch
 * at a time, so the renderers can stream them.
 */
import type { IntakeBatch, WithdrawalRecord } from '../../domain/copy.js';
import { forbidden, invalid, notFound } from '../../domain/errors.js';
import type { Loan } from '../../domain/loan.js';
import { inPeriod, type Period } from '../../domain/printedDocument.js';
import { localDay, schoolYearOf } from '../../domain/schoolCalendar.js';
import {
  loanRegisterPatrons,
  type GeneralRegister,
  type IndividualRegisterLine,
  type LoanRegisterKind,
  type LoanRegisterLine,
  type RegisterCopy,
  type RegisterSchool,
  type WithdrawalDocument,
} from '../../domain/registers.js';
import type { Resource } from '../../domain/resource.js';
import {
  copiesByIds,
  copiesOfSchoolInRegisterOrder,
  copiesOfWithdrawal,
  copyRegisterFactsOf,
} from '../../models/copy.js';
import { membershipsOfPeople } from '../../models/classMembership.js';
import { loansForRegister } from '../../models/loan.js';
import { intakeBatchesOf, withdrawalRecordsOf } from '../../models/registerEntry.js';
import type { Actor } from '../../policies/actor.js';
import { canOnLibrary } from '../../policies/library.js';
import type { AccountService } from '../accounts.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import type { ResourceService } from '../resources.js';
import type { CirculationSettingsService } from './circulationSettings.js';
import type { LibrarySettingsService } from './settings.js';
import type { HoldingsReadModel } from './holdings.js';

/** Lookups done a batch of rows at a time: one round of reads per batch, not one per row. */
const BATCH = 500;
/** Titles kept between batches (a register lists a title's copies together): bounded. */
const TITLE_CACHE = 5000;

export class RegisterReportService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly resources: ResourceService,
    private readonly settings: LibrarySettingsService,
    private readonly accounts: AccountService,
    private readonly circulationSettings: CirculationSettingsService,
    private readonly holdings: HoldingsReadModel,
  ) {}

  /** The school whose registers the actor may read; others: not found (unknown) or forbidden. */
  async school(actor: Actor, orgId: string): Promise<RegisterSchool> {
    const school = this.tree.get(orgId);
    if (!school) throw notFound();
    if (!canOnLibrary(actor, 'viewRegisters', orgId, this.tree)) throw forbidden();
    const parent = school.parentId ? (this.tree.get(school.parentId) ?? null) : null;
    return { school, parent, settings: await this.settings.settingsOf(orgId) };
  }

  async general(actor: Actor, orgId: string, period: Period | null): Promise<GeneralRegister> {
    const base = await this.school(actor, orgId);
    const [batches, records] = await Promise.all([intakeBatchesOf(orgId), withdrawalRecordsOf(orgId)]);
    const counts = new Map<string, Record<string, number>>();
    const count = (entryId: string, code: string) => {
      const line = counts.get(entryId) ?? {};
      line[code] = (line[code] ?? 0) + 1;
      counts.set(entryId, line);
    };
    for await (const facts of copyRegisterFactsOf(orgId)) {
      count(facts.batchId, facts.collectionCode);
      if (facts.withdrawalRecordId) count(facts.withdrawalRecordId, facts.collectionCode);
    }
    const lines = <E extends IntakeBatch | WithdrawalRecord>(entries: E[]) =>
      entries
        .filter((e) => inPeriod(e.date, period))
        .sort((a, b) => a.number - b.number)
        .map((entry) => ({ entry, byCollection: counts.get(entry.id) ?? {} }));
    const used = new Set([...counts.values()].flatMap((c) => Object.keys(c)));
    const known = base.settings.collections.map((c) => c.code);
    const collections = [...known.filter((c) => used.has(c)), ...[...used].filter((c) => !known.includes(c)).sort()];
    return { ...base, period, collections, intake: lines(batches), withdrawals: lines(records) };
  }

  /** Every copy of the school in accession order, with its title and entries, read as it is written out. */
  async individual(
    actor: Actor,
    orgId: string,
  ): Promise<RegisterSchool & { lines: AsyncIterable<IndividualRegisterLine> }> {
    const base = await this.school(actor, orgId);
    const [batches, records] = await Promise.all([intakeBatchesOf(orgId), withdrawalRecordsOf(orgId)]);
    const batchNumbers = new Map(batches.map((b) => [b.id, b.number]));
    const recordNumbers = new Map(records.map((r) => [r.id, r.number]));
    const titles = new Map<string, Resource | null>();
    // Read while the database gathers the copies in accession order (the first batch of 50,000 copies
    // takes seconds on the embedded database): the titles of the school, as many as the cache keeps.
    const titlesAhead = this.loadTitles(titles, this.holdings.titlesOfSchool(orgId, TITLE_CACHE));
    titlesAhead.catch(() => undefined); // awaited with the first batch
    const withTitles = async (copies: RegisterCopy[]) => {
      await titlesAhead;
      await this.loadTitles(
        titles,
        copies.map((c) => c.resourceId),
      );
      return copies.map((copy) => ({
        copy,
        title: titles.get(copy.resourceId) ?? null,
        batchNumber: batchNumbers.get(copy.acquisition.batchId) ?? null,
        withdrawalNumber: copy.withdrawal ? (recordNumbers.get(copy.withdrawal.recordId) ?? null) : null,
      }));
    };
    return { ...base, lines: inBatches(copiesOfSchoolInRegisterOrder(orgId), withTitles) };
  }

  /** The loans made in the period by the kind's patrons, by day or patron by patron. */
  async loans(
    actor: Actor,
    orgId: string,
    kind: LoanRegisterKind,
    period: Period,
    order: 'date' | 'patron',
  ): Promise<RegisterSchool & { lines: AsyncIterable<LoanRegisterLine> }> {
    const base = await this.school(actor, orgId);
    const range = { from: new Date(`${period.from}T00:00:00Z`), to: new Date(`${period.to}T00:00:00Z`) };
    range.to.setUTCDate(range.to.getUTCDate() + 1);
    const titles = new Map<string, Resource | null>();
    const names = new Map<string, string>();
    const describe = async (loans: Loan[]): Promise<LoanRegisterLine[]> => {
      const copies = new Map((await copiesByIds([...new Set(loans.map((l) => l.copyId))])).map((c) => [c.id, c]));
      await this.loadTitles(
        titles,
        loans.map((l) => l.resourceId),
      );
      for (const id of new Set(loans.map((l) => l.patronId)))
        if (!names.has(id)) names.set(id, (await this.accounts.person(id))?.displayName ?? '');
      if (names.size > TITLE_CACHE) names.clear();
      return loans.map((loan) => ({
        loan,
        patronName: names.get(loan.patronId) ?? '',
        className: '',
        accessionNumber: copies.get(loan.copyId)?.accessionNumber ?? '',
        title: titles.get(loan.resourceId)?.metadata.title ?? '',
      }));
    };
    const classOf = kind === 'students' ? await this.classesAtLoan(orgId) : async () => () => '';
    const withClasses = async (loans: Loan[]) => {
      const [lines, classNameOf] = await Promise.all([describe(loans), classOf(loans)]);
      return lines.map((line) => ({ ...line, className: classNameOf(line.loan) }));
    };
    const loans = loansForRegister(orgId, range, loanRegisterPatrons[kind], order);
    return { ...base, lines: inBatches(loans, withClasses) };
  }

  /**
   * Reads, for a batch of loans, each student's class in the school year the loan was made in (by
   * the school's calendar), so that a register spanning two years shows the class of each loan's
   * year; one read per school year in the batch.
   */
  private async classesAtLoan(orgId: string) {
    const { calendar } = await this.circulationSettings.settingsOf(orgId);
    const yearOf = (loan: Loan) => schoolYearOf(calendar, localDay(loan.issuedAt));
    return async (loans: Loan[]) => {
      const byYear = new Map<string, Set<string>>();
      for (const loan of loans) byYear.set(yearOf(loan), (byYear.get(yearOf(loan)) ?? new Set()).add(loan.patronId));
      const found = new Map<string, string>();
      for (const [year, people] of byYear)
        for (const [personId, m] of await membershipsOfPeople(orgId, year, [...people]))
          found.set(`${year}|${personId}`, m.className);
      return (loan: Loan) => found.get(`${yearOf(loan)}|${loan.patronId}`) ?? '';
    };
  }

  /** A withdrawal record (biên bản thanh lý) with its copies and their titles. */
  async withdrawal(actor: Actor, entry: WithdrawalRecord): Promise<WithdrawalDocument> {
    const base = await this.school(actor, entry.orgId);
    const copies = await copiesOfWithdrawal(entry.id);
    const titles = new Map<string, Resource | null>();
    await this.loadTitles(
      titles,
      copies.map((c) => c.resourceId),
    );
    return { ...base, entry, copies: copies.map((copy) => ({ copy, title: titles.get(copy.resourceId) ?? null })) };
  }

  private async loadTitles(cache: Map<string, Resource | null>, ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !cache.has(id));
    if (!missing.length) return;
    if (cache.size + missing.length > TITLE_CACHE) cache.clear();
    const found = await this.resources.findMany(missing);
    for (const id of missing) cache.set(id, found.get(id) ?? null);
  }
}

/** The items of `source` a batch at a time through `expand`, one by one again. */
async function* inBatches<T, U>(source: AsyncIterable<T>, expand: (batch: T[]) => Promise<U[]>): AsyncGenerator<U> {
  let batch: T[] = [];
  for await (const item of source) {
    batch.push(item);
    if (batch.length < BATCH) continue;
    yield* await expand(batch);
    batch = [];
  }
  if (batch.length) yield* await expand(batch);
}

/** A period as typed: both ends real days, the end not before the start, at most ten years. */
export function checkPeriod(period: Period): Period {
  const valid = (day: string) => {
    const date = new Date(`${day}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  };
  if (!valid(period.from)) throw invalid([{ field: 'from', messageKey: 'registers.errors.badDay' }]);
  if (!valid(period.to)) throw invalid([{ field: 'to', messageKey: 'registers.errors.badDay' }]);
  if (period.to < period.from) throw invalid([{ field: 'to', messageKey: 'registers.errors.backwards' }]);
  if (Number(period.to.slice(0, 4)) - Number(period.from.slice(0, 4)) > 10)
    throw invalid([{ field: 'to', messageKey: 'registers.errors.tooLong' }]);
  return period;
}
