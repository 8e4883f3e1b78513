/**
 * Lost and damaged copies and fines at the desk. A copy coming back damaged is set aside with the
 * librarian's note; a lost copy follows the school's loss policy (a replacement owed, or a note);
 * a late return is fined only when the school turned fines on. Each act happens once: a second
 * click finds the loan ended or the charge settled and is refused with 409, changing nothing.
 */
import { conflict, invalid, notFound } from '../../domain/errors.js';
import {
  chargeId,
  newCharge,
  settlementsOf,
  type DeskCharge,
  type NewCopyClaim,
  type Settlement,
} from '../../domain/deskCharge.js';
import type { Loan } from '../../domain/loan.js';
import { chargeById, chargesOfPatron, insertChargeOnce, settleChargeIfVersion } from '../../models/deskCharge.js';
import { loanById } from '../../models/loan.js';
import type { Actor } from '../../policies/actor.js';
import type { CirculationService, Returned } from './circulation.js';
import type { CirculationSettingsService } from './circulationSettings.js';
import type { CopyService } from './copies.js';
import type { PatronService } from './patrons.js';

export class DeskChargeService {
  constructor(
    private readonly circulation: CirculationService,
    private readonly copies: CopyService,
    private readonly settings: CirculationSettingsService,
    private readonly patrons: PatronService,
  ) {}

  /** Takes back the copy of an active loan, good or damaged (with a note); 409 once it is back. */
  async returnLoan(
    actor: Actor,
    loanId: string,
    condition: { damaged: boolean; note: string | null },
    now = new Date(),
  ): Promise<Returned> {
    const loan = await this.activeLoan(actor, loanId);
    if (condition.damaged && !condition.note) throw invalid([{ field: 'note', messageKey: 'desk3.damagedNeedsNote' }]);
    const back = await this.circulation.checkInCopy(actor, loan.orgId, loan.copyId, now, condition);
    if (!back.returned) throw conflict('desk3.alreadyEnded');
    return back;
  }

  /**
   * A reader lost the copy of a loan: the loan ends as lost, the copy is marked lost, and under a
   * replacement policy the reader owes a copy of the same book; under a note policy the note is all.
   */
  async declareLost(actor: Actor, loanId: string, note: string | null, now = new Date()) {
    const loan = await this.activeLoan(actor, loanId);
    const settings = await this.settings.settingsOf(loan.orgId);
    if (settings.lossPolicy === 'note' && !note) throw invalid([{ field: 'note', messageKey: 'desk3.lostNeedsNote' }]);
    const ended = await this.circulation.declareLost(actor, loanId, note, now);
    if (settings.lossPolicy !== 'replacement') return { loan: ended, replacement: null };
    await insertChargeOnce(newCharge(ended, 'replacement', now));
    return { loan: ended, replacement: await chargeById(chargeId(ended.id, 'replacement')) };
  }

  /**
   * Settles what a patron owes: a fine paid or waived, a replacement received or waived. A received
   * replacement takes the lost copy's place: same accession number, back on the shelf, with history.
   */
  async settle(
    actor: Actor,
    id: string,
    to: Settlement,
    input: { note: string | null; version?: number },
    now = new Date(),
  ): Promise<DeskCharge> {
    const owed = await this.owed(actor, id, to);
    const settled = await this.claim(actor, owed, to, input, now);
    if (owed.kind === 'replacement' && to === 'received') {
      const copy = await this.copies.load(actor, owed.copyId);
      if (copy.status === 'lost')
        await this.copies.changeStatus(actor, copy.id, copy.version, 'available', {
          note: input.note ?? 'replacement',
        });
    }
    return settled;
  }

  /** A charge still owed that the actor may settle as `to`; 404, 400 or 409 (settled already) otherwise. */
  async owed(actor: Actor, id: string, to: Settlement): Promise<DeskCharge> {
    const owed = await this.atDesk(actor, id);
    if (!settlementsOf[owed.kind].includes(to)) throw invalid([{ field: 'status', messageKey: 'desk3.badSettlement' }]);
    if (owed.status !== 'owed') throw conflict('desk3.alreadySettled');
    return owed;
  }

  /** A charge of a school whose desk the actor keeps; 404 otherwise. */
  async atDesk(actor: Actor, id: string): Promise<DeskCharge> {
    const charge = await chargeById(id);
    if (!charge) throw notFound('desk3.chargeNotFound');
    this.patrons.requireDesk(actor, charge.orgId);
    return charge;
  }

  /** Settles the charge on its version (the one shown, else the one read): the first click wins, a second is a 409. */
  async claim(
    actor: Actor,
    owed: DeskCharge,
    to: Settlement,
    input: { note: string | null; version?: number; newCopy?: NewCopyClaim },
    now: Date,
  ): Promise<DeskCharge> {
    const settled = await settleChargeIfVersion(owed.id, input.version ?? owed.version, {
      status: to,
      at: now,
      by: actor.personId,
      note: input.note,
      newCopy: input.newCopy,
    });
    if (!settled) throw conflict('desk3.alreadySettled');
    return settled;
  }

  /** A patron's charges at a school (the patron's page at the desk). */
  async ofPatron(actor: Actor, orgId: string, patronId: string): Promise<DeskCharge[]> {
    await this.patrons.load(actor, orgId, patronId);
    return chargesOfPatron(orgId, patronId);
  }

  private async activeLoan(actor: Actor, loanId: string): Promise<Loan> {
    const loan = await loanById(loanId);
    if (!loan) throw notFound('desk.loanNotFound');
    this.patrons.requireDesk(actor, loan.orgId);
    if (loan.status !== 'active') throw conflict('desk3.alreadyEnded');
    // An inter-library copy is another school's: it goes back through its request, not the desk.
    if (loan.interLibraryRequestId) throw conflict('desk5.interLibrary.returnThroughRequest');
    return loan;
  }
}
