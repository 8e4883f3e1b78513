/**
 * Lending and taking back at a school's desk. Before lending, one question (src/domain/loan.ts,
 * canIssue) gives the reasons that block and those the librarian must confirm; the loan goes ahead
 * only when nothing blocks and each confirmation was given. Two desks lending one copy at once:
 * exactly one claims it (models/loan.ts, `onloan`) and moves its status on its version; a return
 * scanned twice releases the claim once and counts once.
 */
import { conflict, DomainError, notFound, type FieldIssue } from '../../domain/errors.js';
import type { Copy } from '../../domain/copy.js';
import { canIssue, canRenew, type ConfirmReason, type Hold, type IssueAnswer, type Loan } from '../../domain/loan.js';
import { localDay } from '../../domain/schoolCalendar.js';
import {
  claimCopyForLoan,
  currentLoansOfPatron,
  deleteLoan,
  endLoan,
  insertLoans,
  loanById,
  newLoanId,
  loansOfPatron,
  overdueLoansOfSchool,
  releaseCopyFromLoan,
  setCurrentDueDate,
  takeCurrentLoanOfCopy,
  updateLoanIfVersion,
} from '../../models/loan.js';
import { openHoldsOfTitle } from '../../models/hold.js';
import { noticesOf, type Notice } from '../../models/notice.js';
import type { Actor } from '../../policies/actor.js';
import type { Logger } from '../../log.js';
import { runPeriodically } from '../../periodic.js';
import type { CopyService } from './copies.js';
import type { HoldService } from './holds.js';
import type { LibrarySettingsService } from './settings.js';
import type { CirculationSettingsService } from './circulationSettings.js';
import type { Patron, PatronService } from './patrons.js';
import type { DeskCharge } from '../../domain/deskCharge.js';
import { chargeLateReturn } from './lateFines.js';

export interface CheckOutInput {
  patronId: string;
  barcode: string;
  /** Confirmations the librarian gave (held for another, overdues). */
  confirmed?: readonly ConfirmReason[];
  classSetId?: string | null;
  /** A due date the librarian set (a class set for a lesson); else the rule's. */
  dueDate?: string | null;
  /** A class set for a teacher goes beyond the rule's limit. */
  ignoreLimit?: boolean;
}

export interface Lent {
  loan: Loan;
  copy: Copy;
  patron: Patron;
}

export interface Returned {
  /** False when the copy was not on loan: nothing changed (a second scan of one return). */
  returned: boolean;
  copy: Copy;
  loan: Loan | null;
  /** The hold the copy was set aside for, if a reader waits. */
  setAsideFor: { holdId: string; patronId: string; patronName: string; pickupBy: string | null } | null;
  /** The fine for a late return, when the school charges fines. */
  fine: DeskCharge | null;
}

/** How a copy came back: a damaged one goes aside with the librarian's note instead of to the shelf or a hold. */
export interface ReturnCondition {
  damaged: boolean;
  note: string | null;
}

/** The app itself, putting back on the shelf a copy nobody collected (recorded as no one's act). */
const housekeeping: Actor = { personId: null, systemAdmin: true, memberships: [], grantedResourceIds: new Set() };

/** A refused loan: 409 whose fields name each reason, `block.*` or `confirm.*`. */
function refusal(answer: Pick<IssueAnswer, 'blocks' | 'confirms'>, confirmed: readonly ConfirmReason[]) {
  const fields: FieldIssue[] = [
    ...answer.blocks.map((b) => ({ field: `block.${b}`, messageKey: `desk.block.${b}` })),
    ...answer.confirms
      .filter((c) => !confirmed.includes(c))
      .map((c) => ({ field: `confirm.${c}`, messageKey: `desk.confirm.${c}` })),
  ];
  const key = answer.blocks.length ? 'desk.cannotLend' : 'desk.needsConfirmation';
  return new DomainError('conflict', key, {}, fields);
}

export class CirculationService {
  constructor(
    private readonly patrons: PatronService,
    private readonly copies: CopyService,
    private readonly librarySettings: LibrarySettingsService,
    private readonly settings: CirculationSettingsService,
    private readonly holds: HoldService,
  ) {}

  /** Can this copy go to this patron now? The answer without lending (the desk may show it first). */
  async check(actor: Actor, orgId: string, patronId: string, barcode: string, now = new Date()) {
    const patron = await this.patrons.atDesk(actor, orgId, patronId);
    const copy = await this.copies.byBarcode(actor, orgId, barcode);
    return { patron, copy, answer: await this.ask(orgId, patron, copy, now) };
  }

  async checkOut(actor: Actor, orgId: string, input: CheckOutInput, now = new Date()): Promise<Lent> {
    const { patron, copy, answer } = await this.check(actor, orgId, input.patronId, input.barcode, now);
    const confirmed = input.confirmed ?? [];
    const blocks = input.ignoreLimit ? answer.blocks.filter((b) => b !== 'limit_reached') : answer.blocks;
    if (blocks.length || answer.confirms.some((c) => !confirmed.includes(c)))
      throw refusal({ blocks, confirms: answer.confirms }, confirmed);
    const loan: Loan = {
      id: newLoanId(),
      orgId,
      copyId: copy.id,
      resourceId: copy.resourceId,
      patronId: patron.id,
      patronType: patron.type,
      collectionCode: copy.collectionCode,
      issuedAt: now,
      issuedBy: actor.personId,
      dueDate: input.dueDate ?? answer.dueDate!,
      renewals: 0,
      status: 'active',
      returnedAt: null,
      returnedBy: null,
      classSetId: input.classSetId ?? null,
      note: null,
      version: 1,
    };
    const lent = await this.lend(actor, loan, copy);
    if (answer.fillsHoldId) await this.holds.fulfil(answer.fillsHoldId);
    return { loan, copy: lent, patron };
  }

  /** Takes a copy back; a copy not on loan changes nothing and says so. */
  async checkIn(actor: Actor, orgId: string, barcode: string, now = new Date()): Promise<Returned> {
    this.patrons.requireDesk(actor, orgId);
    return this.takeBack(actor, orgId, await this.copies.byBarcode(actor, orgId, barcode), now);
  }

  /** Takes back a copy named by id (a class set undone). */
  async checkInCopy(
    actor: Actor,
    orgId: string,
    copyId: string,
    now = new Date(),
    condition?: ReturnCondition,
  ): Promise<Returned> {
    this.patrons.requireDesk(actor, orgId);
    return this.takeBack(actor, orgId, await this.copies.load(actor, copyId), now, condition);
  }

  private async takeBack(
    actor: Actor,
    orgId: string,
    copy: Copy,
    now: Date,
    condition?: ReturnCondition,
  ): Promise<Returned> {
    const current = await takeCurrentLoanOfCopy(copy.id);
    if (!current) return { returned: false, copy, loan: null, setAsideFor: null, fine: null };
    const ended = await endLoan(current.loanId, { status: 'returned', returnedAt: now, returnedBy: actor.personId });
    const fine = ended ? await chargeLateReturn(ended, await this.settings.settingsOf(orgId), now) : null;
    if (condition?.damaged) {
      const damaged = await this.settleCopy(actor, copy, 'damaged', condition.note);
      return { returned: true, copy: damaged, loan: ended, setAsideFor: null, fine };
    }
    const hold = await this.holds.setAside(orgId, copy.resourceId, copy.id, now);
    const back = await this.settleCopy(actor, copy, hold ? 'held' : 'available');
    return {
      returned: true,
      fine,
      copy: back,
      loan: ended,
      setAsideFor: hold
        ? {
            holdId: hold.id,
            patronId: hold.patronId,
            patronName: await this.patrons.nameOf(hold.patronId),
            pickupBy: hold.pickupBy,
          }
        : null,
    };
  }

  /** Renews a loan from today (at the desk, or by the reader themself), unless the rule or a waiting reader says no. */
  async renew(actor: Actor, loanId: string, now = new Date()): Promise<Loan> {
    const loan = await loanById(loanId);
    if (!loan || !this.patrons.may(actor, 'viewLoans', loan.patronId, loan.orgId)) throw notFound('desk.loanNotFound');
    await this.patrons.load(actor, loan.orgId, loan.patronId, 'renew');
    const [settings, holds] = await Promise.all([
      this.settings.settingsOf(loan.orgId),
      openHoldsOfTitle(loan.orgId, loan.resourceId),
    ]);
    const { blocks, dueDate } = canRenew(loan, holds, settings, localDay(now));
    if (blocks.length)
      throw new DomainError(
        'conflict',
        'desk.cannotRenew',
        {},
        blocks.map((b) => ({ field: `block.${b}`, messageKey: `desk.renewBlock.${b}` })),
      );
    const renewed = await updateLoanIfVersion(loan.id, loan.version, { dueDate, renewals: loan.renewals + 1 });
    if (!renewed) throw conflict();
    await setCurrentDueDate(loan.copyId, dueDate);
    return renewed;
  }

  /** A patron's loans at a school, current first then the past, newest first (the desk, their page). */
  async loansOf(actor: Actor, orgId: string, patronId: string): Promise<{ patron: Patron; loans: Loan[] }> {
    const patron = await this.patrons.load(actor, orgId, patronId);
    const loans = await loansOfPatron(orgId, patronId);
    return {
      patron,
      loans: [...loans.filter((l) => l.status === 'active'), ...loans.filter((l) => l.status !== 'active')],
    };
  }

  /** The signed-in person's own loans (current first, then the past) and holds, at every school. */
  async mine(actor: Actor): Promise<{ loans: Loan[]; holds: Hold[] }> {
    if (!actor.personId) throw new DomainError('unauthenticated');
    const [loans, holds] = await Promise.all([
      loansOfPatron(null, actor.personId),
      this.holds.ofPatron(actor.personId),
    ]);
    return {
      loans: [...loans.filter((l) => l.status === 'active'), ...loans.filter((l) => l.status !== 'active')],
      holds,
    };
  }

  /**
   * A reader says the book is lost: the loan ends as lost, the copy is marked lost (the school's
   * loss policy says whether a replacement or a note follows), and it no longer counts against them.
   */
  async declareLost(actor: Actor, loanId: string, note: string | null, now = new Date()): Promise<Loan> {
    const loan = await loanById(loanId);
    if (!loan) throw notFound('desk.loanNotFound');
    this.patrons.requireDesk(actor, loan.orgId);
    if (loan.status !== 'active' || !(await releaseCopyFromLoan(loan.copyId, loan.id)))
      throw conflict('desk.renewBlock.not_active');
    const ended = await updateLoanIfVersion(loan.id, loan.version, { status: 'lost', returnedAt: now, note });
    const copy = await this.copies.load(actor, loan.copyId);
    await this.copies.changeStatus(actor, copy.id, copy.version, 'lost', { note });
    return ended ?? loan;
  }

  /** The school's loans past their due day, most overdue first, with the readers' names (the overdue list). */
  async overdues(actor: Actor, orgId: string, now = new Date()): Promise<{ loan: Loan; patronName: string }[]> {
    this.patrons.requireDesk(actor, orgId);
    const current = await overdueLoansOfSchool(orgId, localDay(now));
    const loans = (await Promise.all(current.map((c) => loanById(c.loanId)))).filter((l): l is Loan => l !== null);
    return Promise.all(loans.map(async (loan) => ({ loan, patronName: await this.patrons.nameOf(loan.patronId) })));
  }

  /** The signed-in person's latest notices (a held copy waiting for them…). */
  async noticesOf(actor: Actor): Promise<Notice[]> {
    if (!actor.personId) throw new DomainError('unauthenticated');
    return noticesOf(actor.personId);
  }

  /**
   * Ends the holds not collected by their pickup deadline: each copy goes to the next reader waiting
   * (set aside again, and told) or back on the shelf. Run by the app every hour.
   */
  async expireHolds(now = new Date()): Promise<number> {
    const ended = await this.holds.expire(now);
    for (const { hold, next } of ended) {
      if (next || !hold.copyId) continue;
      const copy = await this.copies.find(hold.copyId);
      if (copy?.status === 'held') await this.settleCopy(housekeeping, copy, 'available');
    }
    return ended.length;
  }

  /** Runs `expireHolds` now and every `intervalMs`; returns the function that stops it. */
  scheduleHoldExpiry(log: Logger, intervalMs = 3600_000): () => void {
    return runPeriodically(
      async () => {
        const ended = await this.expireHolds();
        if (ended) log.info({ ended }, 'holds not collected in time expired');
      },
      intervalMs,
      log,
      'hold expiry failed; will retry',
    );
  }

  private async ask(orgId: string, patron: Patron, copy: Copy, now: Date): Promise<IssueAnswer> {
    const [settings, library, loans, holds] = await Promise.all([
      this.settings.settingsOf(orgId),
      this.librarySettings.settingsOf(copy.orgId),
      currentLoansOfPatron(orgId, patron.id),
      openHoldsOfTitle(orgId, copy.resourceId),
    ]);
    return canIssue({
      copy,
      locationKind: library.locations.find((l) => l.code === copy.location)?.kind ?? null,
      patron: { id: patron.id, type: patron.type, disabled: patron.disabled },
      orgId,
      loans,
      holds,
      settings,
      today: localDay(now),
    });
  }

  /** Claims the copy for the loan, records the loan, moves the copy on its version; undoes all on failure. */
  private async lend(actor: Actor, loan: Loan, copy: Copy): Promise<Copy> {
    if (!(await claimCopyForLoan(loan))) throw refusal({ blocks: ['copy_on_loan'], confirms: [] }, []);
    try {
      await insertLoans([loan]);
      return await this.copies.changeStatusOf(actor, copy, 'on_loan', { note: loan.id });
    } catch (err) {
      await deleteLoan(loan.id);
      await releaseCopyFromLoan(copy.id, loan.id);
      throw err;
    }
  }

  /**
   * The copy's status after a return. The return itself was decided by the claim; if the copy's
   * version moved meanwhile (a stocktaking scan), the change is made again on the fresh version.
   */
  private async settleCopy(
    actor: Actor,
    copy: Copy,
    to: 'available' | 'held' | 'damaged',
    note: string | null = null,
  ): Promise<Copy> {
    let current = copy;
    for (let attempt = 0; ; attempt++) {
      if (current.status === to) return current;
      try {
        return await this.copies.changeStatusOf(actor, current, to, { note });
      } catch (err) {
        if (attempt >= 2 || !(err instanceof DomainError) || err.code !== 'conflict') throw err;
        current = await this.copies.load(actor, copy.id);
      }
    }
  }
}
