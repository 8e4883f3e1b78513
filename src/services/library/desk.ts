/**
 * One scan at the desk, as a keyboard-wedge scanner types it: a library card of the school starts
 * serving that patron; a copy's barcode while serving a patron lends it to them; a copy's barcode
 * alone takes it back. What each scan did is the answer; what blocks a loan is a refusal (409) and
 * an unknown code "not found" (404), changing nothing.
 */
import type { DeskCharge, ReturnAs } from '../../domain/deskCharge.js';
import { conflict } from '../../domain/errors.js';
import type { ConfirmReason, Loan } from '../../domain/loan.js';
import type { Actor } from '../../policies/actor.js';
import { currentLoanOfCopy, currentLoansOfPatron, loanById } from '../../models/loan.js';
import type { CirculationService, Lent, Returned } from './circulation.js';
import type { CopyService } from './copies.js';
import type { DeskChargeService } from './deskCharges.js';
import type { Patron, PatronService } from './patrons.js';

export interface ScanInput {
  code: string;
  /** The patron being served, if any. */
  patronId: string | null;
  confirmed: readonly ConfirmReason[];
  /** How the next copy scanned comes back: good (the default), damaged (with a note) or lost. */
  returnAs?: ReturnAs;
  note?: string | null;
}

/** What a return recorded beyond "back": damaged or lost, and the replacement a lost copy is owed. */
export interface Recorded {
  recorded: ReturnAs;
  replacement: DeskCharge | null;
}

export type ScanResult =
  | { kind: 'patron'; patron: Patron; loans: Loan[] }
  | ({ kind: 'lent'; loans: Loan[] } & Lent)
  | ({ kind: 'returned' } & Returned & Partial<Recorded>);

export class DeskService {
  constructor(
    private readonly patrons: PatronService,
    private readonly circulation: CirculationService,
    private readonly copies: CopyService,
    private readonly charges: DeskChargeService,
  ) {}

  async scan(actor: Actor, orgId: string, input: ScanInput): Promise<ScanResult> {
    const patron = await this.patrons.byCard(actor, orgId, input.code);
    if (patron) return { kind: 'patron', patron, loans: await this.currentLoans(orgId, patron.id) };
    if (input.returnAs && input.returnAs !== 'good')
      return this.takeBackAs(actor, orgId, input.code, input.returnAs, input.note ?? null);
    if (input.patronId) {
      const lent = await this.circulation.checkOut(actor, orgId, {
        patronId: input.patronId,
        barcode: input.code,
        confirmed: input.confirmed,
      });
      return { kind: 'lent', ...lent, loans: await this.currentLoans(orgId, input.patronId) };
    }
    return { kind: 'returned', ...(await this.circulation.checkIn(actor, orgId, input.code)) };
  }

  /** The patron being served and what they have out now (the desk's panel). */
  async serving(actor: Actor, orgId: string, patronId: string): Promise<{ patron: Patron; loans: Loan[] }> {
    const patron = await this.patrons.atDesk(actor, orgId, patronId);
    return { patron, loans: await this.currentLoans(orgId, patronId) };
  }

  /**
   * A copy scanned as damaged or lost, even while a patron is served: the copy's current loan goes
   * through the same paths as the patron's page (deskCharges: the note rules, the loss policy, 409
   * once the loan has ended). A copy not on loan changes nothing and says so.
   */
  private async takeBackAs(actor: Actor, orgId: string, code: string, as: ReturnAs, note: string | null) {
    const copy = await this.copies.byBarcode(actor, orgId, code);
    const current = await currentLoanOfCopy(copy.id);
    if (!current) throw conflict('desk4.scan.notOnLoan', { accession: copy.accessionNumber });
    if (as === 'damaged') {
      const back = await this.charges.returnLoan(actor, current.loanId, { damaged: true, note });
      return { kind: 'returned' as const, ...back, recorded: as, replacement: null };
    }
    const { loan, replacement } = await this.charges.declareLost(actor, current.loanId, note);
    const lost = await this.copies.load(actor, copy.id);
    return {
      kind: 'returned' as const,
      returned: true,
      copy: lost,
      loan,
      setAsideFor: null,
      fine: null,
      recorded: as,
      replacement,
    };
  }

  private async currentLoans(orgId: string, patronId: string): Promise<Loan[]> {
    const current = await currentLoansOfPatron(orgId, patronId);
    const loans = await Promise.all(current.map((c) => loanById(c.loanId)));
    return loans.filter((l): l is Loan => l !== null).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  }
}
