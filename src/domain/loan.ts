/**
 * Loans and holds, and the one question the desk asks before lending (Koha's CanBookBeIssued,
 * C4/Circulation.pm): can this copy go to this patron now? The answer is two lists: reasons that
 * block the loan, and reasons the librarian must confirm before it goes ahead. The desk page only
 * shows them; the service lends only when nothing blocks and every confirmation was given.
 */
import type { Copy, CopyStatus } from './copy.js';
import type { LocationKind } from './librarySettings.js';
import { countsAgainst, ruleFor, type CirculationSettings, type LoanRule, type PatronType } from './loanRules.js';
import { dueDay, previousOpenDay, schoolYearEnd } from './schoolCalendar.js';

export type LoanStatus = 'active' | 'returned' | 'lost';

export interface Loan {
  id: string;
  /** The school whose desk lent it (the copy's holding school). */
  orgId: string;
  copyId: string;
  resourceId: string;
  patronId: string;
  patronType: PatronType;
  /** The copy's collection when lent: registers and limits read it without loading the copy. */
  collectionCode: string;
  issuedAt: Date;
  issuedBy: string | null;
  /** Local day (YYYY-MM-DD) the copy is due back. */
  dueDate: string;
  renewals: number;
  status: LoanStatus;
  returnedAt: Date | null;
  returnedBy: string | null;
  /** A class set lent to a teacher for a lesson: every loan of the set carries its id. */
  classSetId: string | null;
  note: string | null;
  /** The inter-library request a loan of another school's copy came with (absent or null: the school's own copy). */
  interLibraryRequestId?: string | null;
  version: number;
}

export type HoldStatus = 'waiting' | 'ready' | 'fulfilled' | 'cancelled' | 'expired';

/** A hold (đặt trước) on a title at one school: the first waiting reader gets the next copy back. */
export interface Hold {
  id: string;
  orgId: string;
  resourceId: string;
  patronId: string;
  placedAt: Date;
  status: HoldStatus;
  /** The copy set aside on the hold shelf, once ready. */
  copyId: string | null;
  readyAt: Date | null;
  /** Last local day the reader may collect it. */
  pickupBy: string | null;
  version: number;
}

/** Reasons that stop a loan. */
export type BlockReason =
  | 'copy_withdrawn'
  | 'copy_lost'
  | 'copy_damaged'
  | 'copy_in_transit'
  | 'copy_on_loan'
  | 'already_on_loan_to_patron'
  | 'copy_of_other_school'
  | 'reading_room_only'
  | 'not_for_loan'
  | 'limit_reached'
  | 'not_a_patron'
  | 'patron_disabled';

/** Reasons the librarian must confirm. */
export type ConfirmReason = 'held_for_other' | 'patron_has_overdues';

export interface IssueQuestion {
  copy: Pick<Copy, 'id' | 'orgId' | 'holdingOrgId' | 'resourceId' | 'collectionCode' | 'status'>;
  /** The kind of the copy's location: a reading-room copy stays in the library. */
  locationKind: LocationKind | null;
  patron: { id: string; type: PatronType | null; disabled: boolean };
  /** The school whose desk asks. */
  orgId: string;
  /** The patron's active loans at this school. */
  loans: readonly Pick<Loan, 'copyId' | 'collectionCode' | 'dueDate'>[];
  /** Holds on the copy's title at this school that are waiting or ready. */
  holds: readonly Pick<Hold, 'patronId' | 'status' | 'copyId' | 'placedAt' | 'id'>[];
  settings: Pick<CirculationSettings, 'rules' | 'calendar'>;
  today: string;
}

export interface IssueAnswer {
  blocks: BlockReason[];
  confirms: ConfirmReason[];
  /** The day the loan would be due (null when blocked before a rule applies). */
  dueDate: string | null;
  /** The patron's own hold this loan fills, if any. */
  fillsHoldId: string | null;
}

const statusBlocks: Partial<Record<CopyStatus, BlockReason>> = {
  withdrawn: 'copy_withdrawn',
  lost: 'copy_lost',
  damaged: 'copy_damaged',
  in_transit: 'copy_in_transit',
  on_loan: 'copy_on_loan',
};

/** The due date a rule gives a loan made today. */
export function loanDueDate(rule: LoanRule, settings: Pick<CirculationSettings, 'calendar'>, today: string): string {
  if (rule.wholeSchoolYear) return previousOpenDay(settings.calendar, schoolYearEnd(settings.calendar, today));
  return dueDay(settings.calendar, today, rule.loanDays);
}

/** Can this copy go to this patron now? */
export function canIssue(q: IssueQuestion): IssueAnswer {
  const blocks: BlockReason[] = [];
  const confirms: ConfirmReason[] = [];
  if (q.copy.orgId !== q.orgId && q.copy.holdingOrgId !== q.orgId) blocks.push('copy_of_other_school');
  if (!q.patron.type) blocks.push('not_a_patron');
  if (q.patron.disabled) blocks.push('patron_disabled');
  if (q.loans.some((l) => l.copyId === q.copy.id)) blocks.push('already_on_loan_to_patron');
  else if (statusBlocks[q.copy.status]) blocks.push(statusBlocks[q.copy.status]!);
  if (q.locationKind === 'reading_room') blocks.push('reading_room_only');
  const own = q.holds.find((h) => h.patronId === q.patron.id);
  const fillsHoldId = own && (own.status === 'waiting' || own.copyId === q.copy.id) ? own.id : null;
  if (heldForOther(q)) confirms.push('held_for_other');
  if (q.loans.some((l) => l.dueDate < q.today)) confirms.push('patron_has_overdues');
  if (!q.patron.type) return { blocks, confirms, dueDate: null, fillsHoldId };
  const rule = ruleFor(q.settings.rules, q.patron.type, q.copy.collectionCode);
  if (rule.maxItems === 0) blocks.push('not_for_loan');
  else if (q.loans.filter((l) => countsAgainst(rule, l.collectionCode)).length >= rule.maxItems)
    blocks.push('limit_reached');
  return { blocks, confirms, dueDate: loanDueDate(rule, q.settings, q.today), fillsHoldId };
}

/**
 * Whether lending the copy would take it from someone waiting: it is set aside for another reader,
 * or readers wait for the title and the patron is not first among them (Koha asks the same).
 */
function heldForOther(q: IssueQuestion): boolean {
  if (q.copy.status === 'held') return !q.holds.some((h) => h.copyId === q.copy.id && h.patronId === q.patron.id);
  const first = holdQueue(q.holds.filter((h) => h.status === 'waiting'))[0];
  return first !== undefined && first.patronId !== q.patron.id;
}

export type RenewBlock = 'no_renewals_left' | 'held_for_other' | 'whole_school_year' | 'not_active' | 'inter_library';

/** Whether a loan may be renewed now, and until when (from today, the rule's days again). */
export function canRenew(
  loan: Pick<Loan, 'status' | 'renewals' | 'patronType' | 'collectionCode' | 'patronId' | 'interLibraryRequestId'>,
  waitingHolds: readonly Pick<Hold, 'patronId' | 'status'>[],
  settings: Pick<CirculationSettings, 'rules' | 'calendar'>,
  today: string,
): { blocks: RenewBlock[]; dueDate: string } {
  const rule = ruleFor(settings.rules, loan.patronType, loan.collectionCode);
  const blocks: RenewBlock[] = [];
  if (loan.status !== 'active') blocks.push('not_active');
  if (rule.wholeSchoolYear) blocks.push('whole_school_year');
  else if (loan.renewals >= rule.renewals) blocks.push('no_renewals_left');
  if (waitingHolds.some((h) => h.status === 'waiting' && h.patronId !== loan.patronId)) blocks.push('held_for_other');
  // Another school's copy: when it goes back is that school's to say, through the request.
  if (loan.interLibraryRequestId) blocks.push('inter_library');
  return { blocks, dueDate: loanDueDate(rule, settings, today) };
}

/** Holds in the order they are served: first placed, first served (ties by id, which grows with time). */
export function holdQueue<T extends Pick<Hold, 'placedAt' | 'id'>>(holds: readonly T[]): T[] {
  return [...holds].sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime() || a.id.localeCompare(b.id));
}

/** The hold a copy coming back should be set aside for: the first waiting one of its title at its school. */
export function holdToFill<T extends Pick<Hold, 'placedAt' | 'id' | 'status'>>(holds: readonly T[]): T | null {
  return holdQueue(holds.filter((h) => h.status === 'waiting'))[0] ?? null;
}

/** The last day a reader may collect a copy set aside today. */
export function pickupDeadline(settings: Pick<CirculationSettings, 'calendar' | 'holdPickupDays'>, today: string) {
  return dueDay(settings.calendar, today, settings.holdPickupDays);
}

/** A ready hold whose pickup deadline has passed: it expires and the copy goes to the next in the queue. */
export const holdExpired = (hold: Pick<Hold, 'status' | 'pickupBy'>, today: string) =>
  hold.status === 'ready' && hold.pickupBy !== null && hold.pickupBy < today;

/** Days a loan is overdue on `today` (0 when not). */
export function overdueDays(loan: Pick<Loan, 'dueDate'>, today: string): number {
  const due = Date.parse(`${loan.dueDate}T00:00:00Z`);
  const now = Date.parse(`${today}T00:00:00Z`);
  return Math.max(0, Math.round((now - due) / 86_400_000));
}
