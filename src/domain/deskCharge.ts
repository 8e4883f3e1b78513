/**
 * What a patron owes the library after a loan, one record per loan and kind: a fine for a late
 * return (only when the school turned fines on) or a replacement copy for a lost one (when the
 * school's loss policy asks for one). Each is owed until the desk records it settled, once: a fine
 * paid or waived, a replacement received or waived, with who and when.
 */
import type { Fines } from './loanRules.js';
import { overdueDays, type Loan } from './loan.js';
import { addDays, isOpen, type SchoolCalendar } from './schoolCalendar.js';

export type ChargeKind = 'fine' | 'replacement';
export type ChargeStatus = 'owed' | 'paid' | 'received' | 'waived';
export type Settlement = Exclude<ChargeStatus, 'owed'>;

export interface DeskCharge {
  /** `{loanId}.{kind}`: a loan owes each kind once, however often the desk is asked. */
  id: string;
  orgId: string;
  loanId: string;
  patronId: string;
  copyId: string;
  kind: ChargeKind;
  /** Đồng (fines); 0 for a replacement. */
  amount: number;
  /** Days the copy came back late (fines). */
  lateDays: number;
  status: ChargeStatus;
  createdAt: Date;
  settledAt: Date | null;
  settledBy: string | null;
  note: string | null;
  version: number;
  /** A replacement received as a new copy: the steps claimed with the settlement, until done. */
  newCopy?: NewCopyClaim | null;
}

/**
 * The ids a replacement received as a new copy will have, chosen when the charge is settled so
 * that each step (intake batch, new copy, withdrawal record, lost copy withdrawn) can be done
 * again after a crash without doing it twice; `done` once all are.
 */
export interface NewCopyClaim {
  lostCopyId: string;
  batchId: string;
  copyId: string;
  recordId: string;
  at: Date;
  done: boolean;
}

export const chargeId = (loanId: string, kind: ChargeKind) => `${loanId}.${kind}`;

/** How each kind may be settled. */
export const settlementsOf: Record<ChargeKind, readonly Settlement[]> = {
  fine: ['paid', 'waived'],
  replacement: ['received', 'waived'],
};

/**
 * The fine for a copy back on `returnDay` that was due on `dueDate`: every calendar day late counts
 * (the due day already skips closed days), or, when the school chose so, only the days after the
 * due day that the library was open (Tết and weekends are not fined); nothing when the school has
 * no fines or it was on time.
 */
export function lateFine(
  fines: Fines,
  dueDate: string,
  returnDay: string,
  calendar: SchoolCalendar,
): { lateDays: number; amount: number } | null {
  const lateDays =
    fines.countDays === 'open' ? openDaysAfter(calendar, dueDate, returnDay) : overdueDays({ dueDate }, returnDay);
  if (!fines.enabled || fines.perDay <= 0 || lateDays === 0) return null;
  return { lateDays, amount: lateDays * fines.perDay };
}

/** The open days after `dueDate` up to and including `returnDay`. */
function openDaysAfter(calendar: SchoolCalendar, dueDate: string, returnDay: string): number {
  let count = 0;
  for (let day = addDays(dueDate, 1); day <= returnDay; day = addDays(day, 1)) if (isOpen(calendar, day)) count++;
  return count;
}

/** A charge a loan now owes. */
export const newCharge = (loan: Loan, kind: ChargeKind, now: Date, amount = 0, lateDays = 0): DeskCharge => ({
  id: chargeId(loan.id, kind),
  orgId: loan.orgId,
  loanId: loan.id,
  patronId: loan.patronId,
  copyId: loan.copyId,
  kind,
  amount,
  lateDays,
  status: 'owed',
  createdAt: now,
  settledAt: null,
  settledBy: null,
  note: null,
  version: 1,
  newCopy: null,
});

/** How a copy scanned at the desk comes back: good (the default), damaged (with a note) or lost. */
export const returnConditions = ['good', 'damaged', 'lost'] as const;
export type ReturnAs = (typeof returnConditions)[number];

/**
 * How a received replacement is kept: the lost copy's number back on the shelf, or a new copy
 * (the lost one withdrawn).
 */
export const replacementWays = ['same_number', 'new_copy'] as const;
export type ReplacementWay = (typeof replacementWays)[number];
