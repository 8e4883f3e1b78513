/**
 * Stocktaking (kiểm kê): a session per school or per location of it in which librarians scan the
 * shelves. Every scan is stored as it arrives; what the session found (missing, misplaced, on loan,
 * unexpected copies) is derived from the stored scans and the copies as they are now, so a session
 * survives restarts and may run over several days with several scanners at once.
 */
import type { CopyStatus } from './copy.js';

export type StocktakingScope = { kind: 'school' } | { kind: 'location'; location: string };

export interface StocktakingWriteOff {
  /** The withdrawal record (biên bản thanh lý) the missing copies went into, once created. */
  recordId: string | null;
  copyIds: string[];
  by: string | null;
  at: Date;
  /** Every copy written off; until then, confirming again finishes the same write-off. */
  done: boolean;
}

export interface StocktakingSession {
  id: string;
  orgId: string;
  name: string;
  scope: StocktakingScope;
  openedBy: string | null;
  openedAt: Date;
  closedBy: string | null;
  closedAt: Date | null;
  writeOff: StocktakingWriteOff | null;
  version: number;
}

/** What one scan tells the librarian, at once. */
export type ScanOutcome =
  'found' | 'already_scanned' | 'on_loan' | 'misplaced' | 'other_school' | 'unknown' | 'withdrawn';
export const scanOutcomes: readonly ScanOutcome[] = [
  'found',
  'already_scanned',
  'on_loan',
  'misplaced',
  'other_school',
  'unknown',
  'withdrawn',
];

/** The sound and colour of each answer: ok, warn (look at it), error (not ours, or not in the collection). */
export const outcomeTone: Readonly<Record<ScanOutcome, 'ok' | 'warn' | 'error'>> = {
  found: 'ok',
  already_scanned: 'warn',
  on_loan: 'warn',
  misplaced: 'warn',
  other_school: 'error',
  unknown: 'error',
  withdrawn: 'error',
};

/** One stored scan. The first sighting of a copy in a session is kept once; later ones are `already_scanned`. */
export interface StocktakingScan {
  sessionId: string;
  code: string;
  outcome: ScanOutcome;
  copyId: string | null;
  /** The school owning the copy scanned, when known (another school's copy is only flagged). */
  copyOrgId: string | null;
  by: string | null;
  at: Date;
}

/** What a scan or the result needs of a copy. */
export interface StocktakingCopy {
  id: string;
  orgId: string;
  resourceId: string;
  collectionCode: string;
  location: string;
  accessionNumber: string;
  barcode: string;
  status: CopyStatus;
  version: number;
  price: number | null;
}

/** Statuses of copies that should be on the shelf: a copy in them not scanned is missing. */
export const onShelfStatuses: readonly CopyStatus[] = ['available', 'held', 'damaged'];
/** Statuses of copies that are out (lent, travelling to another school): not missing when not scanned. */
const outStatuses: readonly CopyStatus[] = ['on_loan', 'in_transit'];

export const inScope = (scope: StocktakingScope, copy: Pick<StocktakingCopy, 'location'>): boolean =>
  scope.kind === 'school' || copy.location === scope.location;

export const isExpectedOnShelf = (copy: Pick<StocktakingCopy, 'status'>): boolean =>
  onShelfStatuses.includes(copy.status);

/** What a scan of `copy` (null: no copy has that code anywhere) means in a session of `orgId`. */
export function classifyScan(
  orgId: string,
  scope: StocktakingScope,
  copy: Pick<StocktakingCopy, 'orgId' | 'status' | 'location'> | null,
): Exclude<ScanOutcome, 'already_scanned'> {
  if (!copy) return 'unknown';
  if (copy.orgId !== orgId) return 'other_school';
  if (copy.status === 'withdrawn') return 'withdrawn';
  if (outStatuses.includes(copy.status)) return 'on_loan';
  return inScope(scope, copy) ? 'found' : 'misplaced';
}

export interface UnexpectedScan {
  code: string;
  outcome: 'other_school' | 'unknown' | 'withdrawn';
  copyId: string | null;
  copyOrgId: string | null;
}

export interface CollectionTotals {
  collectionCode: string;
  expected: number;
  found: number;
  missing: number;
  onLoan: number;
}

export interface StocktakingResult {
  /** Copies in scope that should be on the shelf. */
  expected: number;
  /** Of those, scanned. */
  scanned: number;
  missing: StocktakingCopy[];
  misplaced: StocktakingCopy[];
  /** Copies in scope that are out; `seen` when one was scanned on the shelf all the same. */
  onLoan: (StocktakingCopy & { seen: boolean })[];
  unexpected: UnexpectedScan[];
  byCollection: CollectionTotals[];
  /** Every scan stored, repeats included. */
  scans: number;
}

const byAccession = (a: StocktakingCopy, b: StocktakingCopy) =>
  a.accessionNumber.localeCompare(b.accessionNumber, 'en', { numeric: true });

/**
 * The session's result from the school's copies as they are now and the first sightings stored.
 * A copy seen counts once however many librarians scanned it. Copies the session wrote off stay
 * missing in its result (and its record), withdrawn as they now are.
 */
export function stocktakingResult(
  scope: StocktakingScope,
  copies: Iterable<StocktakingCopy>,
  sightings: readonly StocktakingScan[],
  scanCount: number,
  writtenOff: ReadonlySet<string> = new Set(),
): StocktakingResult {
  const seen = new Set(sightings.map((s) => s.copyId).filter((id): id is string => id !== null));
  const result: StocktakingResult = {
    expected: 0,
    scanned: 0,
    missing: [],
    misplaced: [],
    onLoan: [],
    unexpected: [],
    byCollection: [],
    scans: scanCount,
  };
  const collections = new Map<string, CollectionTotals>();
  for (const copy of copies) {
    const wasSeen = seen.has(copy.id);
    if (!inScope(scope, copy)) {
      if (wasSeen && copy.status !== 'withdrawn') result.misplaced.push(copy);
      continue;
    }
    const totals = collections.get(copy.collectionCode) ?? emptyTotals(copy.collectionCode);
    collections.set(copy.collectionCode, totals);
    if (outStatuses.includes(copy.status) && !writtenOff.has(copy.id)) {
      result.onLoan.push({ ...copy, seen: wasSeen });
      totals.onLoan++;
    } else if (isExpectedOnShelf(copy) || writtenOff.has(copy.id)) {
      result.expected++;
      totals.expected++;
      if (wasSeen) {
        result.scanned++;
        totals.found++;
      } else {
        result.missing.push(copy);
        totals.missing++;
      }
    }
  }
  for (const s of sightings)
    if (s.outcome === 'other_school' || s.outcome === 'unknown' || s.outcome === 'withdrawn')
      result.unexpected.push({ code: s.code, outcome: s.outcome, copyId: s.copyId, copyOrgId: s.copyOrgId });
  result.missing.sort(byAccession);
  result.misplaced.sort(byAccession);
  result.onLoan.sort(byAccession);
  result.byCollection = [...collections.values()].sort((a, b) => a.collectionCode.localeCompare(b.collectionCode));
  return result;
}

const emptyTotals = (collectionCode: string): CollectionTotals => ({
  collectionCode,
  expected: 0,
  found: 0,
  missing: 0,
  onLoan: 0,
});

/** The reason and note a copy lost in stocktaking is written off with. */
export const STOCKTAKING_LOSS_NOTE = 'mất khi kiểm kê';
