/**
 * Copies (bản sách): the physical books a school library holds of a printed title, each with its
 * accession number, barcode, acquisition, location and status, and the history of every change.
 * The desk (loans, holds, transfers between schools) and stocktaking change copies through the same
 * status transitions, one conditional write at a time.
 */

export type CopyStatus = 'available' | 'on_loan' | 'held' | 'in_transit' | 'lost' | 'damaged' | 'withdrawn';
export const copyStatuses: readonly CopyStatus[] = [
  'available',
  'on_loan',
  'held',
  'in_transit',
  'lost',
  'damaged',
  'withdrawn',
];

/**
 * Which status may follow which. Withdrawal (thanh lý) is final and only from the shelf, from a
 * damaged state or from a loss: a copy on loan, held or travelling must come back (or be declared
 * lost) first.
 */
export const statusTransitions: Readonly<Record<CopyStatus, readonly CopyStatus[]>> = {
  available: ['on_loan', 'held', 'in_transit', 'lost', 'damaged', 'withdrawn'],
  on_loan: ['available', 'held', 'in_transit', 'lost', 'damaged'],
  held: ['available', 'on_loan', 'in_transit', 'lost', 'damaged'],
  in_transit: ['available', 'held', 'lost', 'damaged'],
  lost: ['available', 'damaged', 'withdrawn'],
  damaged: ['available', 'lost', 'withdrawn'],
  withdrawn: [],
};

export function canChangeStatus(from: CopyStatus, to: CopyStatus): boolean {
  return statusTransitions[from].includes(to);
}

/** Copies that still belong to the collection a reader can find: not written off, not lost. */
export function isInCollection(status: CopyStatus): boolean {
  return status !== 'withdrawn' && status !== 'lost';
}

/** Where the copies of a school came from (nguồn bổ sung). */
export type AcquisitionSource = 'purchase' | 'donation' | 'state_budget' | 'socialisation' | 'other';
export const acquisitionSources: readonly AcquisitionSource[] = [
  'purchase',
  'donation',
  'state_budget',
  'socialisation',
  'other',
];

/** Why copies are written off (lý do thanh lý). */
export type WithdrawalReason = 'worn' | 'outdated' | 'lost' | 'surplus' | 'other';
export const withdrawalReasons: readonly WithdrawalReason[] = ['worn', 'outdated', 'lost', 'surplus', 'other'];

export interface Acquisition {
  /** Day the copy entered the library (YYYY-MM-DD). */
  date: string;
  /** The intake batch (lô nhập: an entry of the general register). */
  batchId: string;
  source: AcquisitionSource;
  /** In đồng; null when unknown (an old donation). */
  price: number | null;
  supplier: string | null;
  documentNumber: string | null;
}

export interface Withdrawal {
  date: string;
  reason: WithdrawalReason;
  /** The withdrawal record (biên bản thanh lý) the copy was written off in. */
  recordId: string;
  note: string | null;
}

export type CopyEventAction = 'added' | 'status' | 'withdrawn' | 'relabelled' | 'moved' | 'edited';

export interface CopyEvent {
  at: Date;
  actorId: string | null;
  action: CopyEventAction;
  /** What changed from and to: statuses, barcodes or locations, as the action says. */
  from: string | null;
  to: string | null;
  note: string | null;
}

export function copyEvent(
  actorId: string | null,
  action: CopyEventAction,
  at: Date,
  change: { from?: string | null; to?: string | null; note?: string | null } = {},
): CopyEvent {
  return { at, actorId, action, from: change.from ?? null, to: change.to ?? null, note: change.note ?? null };
}

/** What one conditional write may change of a copy. */
export interface CopyUpdate {
  status?: CopyStatus;
  statusSince?: Date;
  withdrawal?: Withdrawal;
  barcode?: string;
  location?: string;
  volume?: string | null;
  note?: string | null;
  price?: number | null;
}

export interface Copy {
  id: string;
  /** The school that owns the copy (Koha's home branch). */
  orgId: string;
  /** The school where the copy is now: another school's while lent between schools (Koha's holding branch). */
  holdingOrgId: string;
  /** The printed title. */
  resourceId: string;
  /** Code of the school's collection (SGK, TK…; Koha's ccode) whose individual register lists the copy. */
  collectionCode: string;
  /** Code of the school's location (main stacks, reading room, a class library…). */
  location: string;
  accessionNumber: string;
  barcode: string;
  /** Volume or part when the title has several ("Tập 1"). */
  volume: string | null;
  acquisition: Acquisition;
  status: CopyStatus;
  statusSince: Date;
  withdrawal: Withdrawal | null;
  note: string | null;
  /** Last seen on the shelf by a stocktaking. */
  lastSeenAt: Date | null;
  history: CopyEvent[];
  /** Incremented by every change: a change based on an older version is refused, so of two desks exactly one wins. */
  version: number;
  createdAt: Date;
  modifiedAt: Date;
}

/** What every entry of the general register (sổ đăng ký tổng quát) has. */
export interface RegisterEntry {
  id: string;
  orgId: string;
  /** Running number in its part of the school's general register, never reused. */
  number: number;
  date: string;
  /** The paper behind it: invoice, delivery note, decision (số chứng từ, số quyết định). */
  documentNumber: string | null;
  note: string | null;
  copyCount: number;
  /** Sum of the copies' prices, in đồng. */
  totalValue: number;
  createdBy: string | null;
  createdAt: Date;
}

/** Part I of the general register: one delivery of books (lô nhập). */
export interface IntakeBatch extends RegisterEntry {
  source: AcquisitionSource;
  supplier: string | null;
}

/** Part II: copies written off together (biên bản thanh lý). */
export interface WithdrawalRecord extends RegisterEntry {
  reason: WithdrawalReason;
}

/** What one school holds of a title. */
export interface SchoolHoldings {
  orgId: string;
  /** Copies readers can find: neither withdrawn nor lost. */
  total: number;
  available: number;
  byStatus: Record<CopyStatus, number>;
  /** Copies in the collection per location code. */
  byLocation: Record<string, number>;
}

/** A copy as a title's holdings table lists it: a row, without its history or acquisition details. */
export type CopyRow = Pick<
  Copy,
  'id' | 'orgId' | 'collectionCode' | 'location' | 'accessionNumber' | 'barcode' | 'status'
> & {
  acquisition: Pick<Acquisition, 'date' | 'batchId'>;
};

/** A school's copies of a title in its collection, and how many of them are available now. */
export type SchoolAvailability = Pick<SchoolHoldings, 'orgId' | 'total' | 'available'>;
