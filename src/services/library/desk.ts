/**
 * One scan at the desk, as a keyboard-wedge scanner types it: a library card of the school starts
 * serving that patron; a copy's barcode while serving a patron lends it to them; a copy's barcode
 * alone takes it back. What each scan did is the answer; what blocks a loan is a refusal (409) and
 * an unknown code "not found" (404), changing nothing.
 */
import type { ConfirmReason, Loan } from '../../domain/loan.js';
import type { Actor } from '../../policies/actor.js';
import { currentLoansOfPatron, loanById } from '../../models/loan.js';
import type { CirculationService, Lent, Returned } from './circulation.js';
import type { Patron, PatronService } from './patrons.js';

export interface ScanInput {
  code: string;
  /** The patron being served, if any. */
  patronId: string | null;
  confirmed: readonly ConfirmReason[];
}

export type ScanResult =
  | { kind: 'patron'; patron: Patron; loans: Loan[] }
  | ({ kind: 'lent'; loans: Loan[] } & Lent)
  | ({ kind: 'returned' } & Returned);

export class DeskService {
  constructor(
    private readonly patrons: PatronService,
    private readonly circulation: CirculationService,
  ) {}

  async scan(actor: Actor, orgId: string, input: ScanInput): Promise<ScanResult> {
    const patron = await this.patrons.byCard(actor, orgId, input.code);
    if (patron) return { kind: 'patron', patron, loans: await this.currentLoans(orgId, patron.id) };
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

  private async currentLoans(orgId: string, patronId: string): Promise<Loan[]> {
    const current = await currentLoansOfPatron(orgId, patronId);
    const loans = await Promise.all(current.map((c) => loanById(c.loanId)));
    return loans.filter((l): l is Loan => l !== null).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  }
}
