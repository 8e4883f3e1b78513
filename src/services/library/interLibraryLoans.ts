/**
 * The desk loan of an inter-library copy at the borrowing school: when its librarian receives the
 * copy for the reader, a loan is recorded there (marked with the request), so that the school's
 * loan registers and statistics count it; it ends when the copy is back on the lending school's
 * shelf. The copy itself is moved by the request's steps (interLibrary.ts), not by the desk: the
 * loan holds the copy's `onloan` entry at the borrowing school (nobody else can lend a copy that
 * is away), so it counts against the reader's limit, shows among their current loans at the desk
 * and on the overdue lists; the due date follows the borrowing school's rule and calendar.
 */
import type { InterLibraryRequest } from '../../domain/interLibrary.js';
import { loanDueDate, type Loan } from '../../domain/loan.js';
import { ruleFor } from '../../domain/loanRules.js';
import { localDay } from '../../domain/schoolCalendar.js';
import { copyById } from '../../models/copy.js';
import {
  claimCopyForLoan,
  insertLoans,
  loanOfInterLibraryRequest,
  newLoanId,
  releaseCopyFromLoan,
  updateLoanIfVersion,
} from '../../models/loan.js';
import type { Actor } from '../../policies/actor.js';
import type { CirculationSettingsService } from './circulationSettings.js';
import type { PatronService } from './patrons.js';

export interface InterLibraryLoanBook {
  /** The copy was received for the reader: their loan at the borrowing school begins. */
  opened(actor: Actor, request: InterLibraryRequest, at: Date): Promise<void>;
  /** The copy is back at the lending school: the loan ends. */
  closed(actor: Actor, request: InterLibraryRequest, at: Date): Promise<void>;
}

export const noInterLibraryLoans: InterLibraryLoanBook = {
  opened: async () => undefined,
  closed: async () => undefined,
};

export class InterLibraryLoans implements InterLibraryLoanBook {
  constructor(
    private readonly patrons: PatronService,
    private readonly settings: CirculationSettingsService,
  ) {}

  async opened(actor: Actor, request: InterLibraryRequest, at: Date): Promise<void> {
    const copy = request.copyId ? await copyById(request.copyId) : null;
    if (!copy) return;
    const recorded = await loanOfInterLibraryRequest(copy.id, request.id);
    // Received again after a failure between the loan and its claim: the claim is made now.
    if (recorded) {
      if (recorded.status === 'active') await claimCopyForLoan(recorded);
      return;
    }
    const patron = await this.patrons.atDesk(actor, request.borrowingOrgId, request.requesterId);
    const settings = await this.settings.settingsOf(request.borrowingOrgId);
    const loan: Loan = {
      id: newLoanId(),
      orgId: request.borrowingOrgId,
      copyId: copy.id,
      resourceId: copy.resourceId,
      patronId: patron.id,
      patronType: patron.type,
      collectionCode: copy.collectionCode,
      issuedAt: at,
      issuedBy: actor.personId,
      dueDate: loanDueDate(ruleFor(settings.rules, patron.type, copy.collectionCode), settings, localDay(at)),
      renewals: 0,
      status: 'active',
      returnedAt: null,
      returnedBy: null,
      classSetId: null,
      note: null,
      interLibraryRequestId: request.id,
      version: 1,
    };
    await insertLoans([loan]);
    await claimCopyForLoan(loan);
  }

  async closed(actor: Actor, request: InterLibraryRequest, at: Date): Promise<void> {
    const loan = request.copyId ? await loanOfInterLibraryRequest(request.copyId, request.id) : null;
    if (!loan || loan.status !== 'active') return;
    await releaseCopyFromLoan(loan.copyId, loan.id);
    await updateLoanIfVersion(loan.id, loan.version, {
      status: 'returned',
      returnedAt: at,
      returnedBy: actor.personId,
    });
  }
}
