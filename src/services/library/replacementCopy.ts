/**
 * A lost copy's replacement recorded as a new copy, for schools that keep it that way: the lost
 * copy is withdrawn through a withdrawal record (biên bản thanh lý, reason "lost", noted "lost,
 * replaced") and the replacement comes in as a new copy of the same title, collection and place,
 * with the collection's next accession number and an intake batch of its own; both show in the
 * general register.
 *
 * Exactly once, and never half, with no transaction: settling the charge claims the work on its
 * version (a second click is a 409 before anything is written) and names beforehand the intake
 * batch, the new copy and the withdrawal record, so each step can be done again without doing it
 * twice. A step that fails takes back what was written (the new copy, its number and batch, the
 * charge settled). A process that dies half way leaves the claim: the same settle asked again, or
 * the next reading of the patron's charges, finishes it once the claim is old enough that no
 * request can still be working on it (src/services/library/replacementCopySteps.ts).
 */
import type { Copy, WithdrawalRecord } from '../../domain/copy.js';
import type { DeskCharge, NewCopyClaim, ReplacementWay, Settlement } from '../../domain/deskCharge.js';
import { conflict, invalid } from '../../domain/errors.js';
import { newCopyId } from '../../models/copy.js';
import { reopenChargeIfVersion, updateNewCopyClaimIfVersion } from '../../models/deskCharge.js';
import { newDatabaseId } from '../../models/ids.js';
import type { Actor } from '../../policies/actor.js';
import { noStepPoint, type StepPoint } from '../faultPoints.js';
import type { AddedCopies } from './addCopies.js';
import type { CopyService } from './copies.js';
import type { DeskChargeService } from './deskCharges.js';
import type { RegisterService } from './registers.js';
import { ReplacementSteps } from './replacementCopySteps.js';

export { LOST_REPLACED_NOTE, REPLACEMENT_INTAKE_NOTE } from './replacementCopySteps.js';

/** How long a claim may go unfinished before another request takes it over (longer than the steps take). */
export const ABANDONED_AFTER_MS = 120_000;

export interface ReplacedCopy {
  charge: DeskCharge;
  withdrawn: Copy;
  record: WithdrawalRecord;
  added: AddedCopies;
}

export class ReplacementCopyService {
  private readonly steps: ReplacementSteps;

  constructor(
    private readonly copies: CopyService,
    private readonly charges: DeskChargeService,
    registers: RegisterService,
    private readonly stepPoint: StepPoint = noStepPoint,
  ) {
    this.steps = new ReplacementSteps(copies, registers, stepPoint);
  }

  /** Settles a charge (deskCharges.settle), a received replacement kept the way the librarian chose. */
  async settle(
    actor: Actor,
    chargeId: string,
    to: Settlement,
    input: { note: string | null; version?: number; replacementAs?: ReplacementWay },
  ): Promise<DeskCharge> {
    if (input.replacementAs !== 'new_copy') return this.charges.settle(actor, chargeId, to, input);
    if (to !== 'received') throw invalid([{ field: 'replacementAs', messageKey: 'desk4.replacement.onlyReceived' }]);
    return (await this.receiveAsNewCopy(actor, chargeId, input)).charge;
  }

  async receiveAsNewCopy(
    actor: Actor,
    chargeId: string,
    input: { note: string | null; version?: number },
    now = new Date(),
  ): Promise<ReplacedCopy> {
    const stored = await this.charges.atDesk(actor, chargeId);
    if (unfinished(stored)) return this.resume(actor, stored);
    // Only a replacement may be "received": a fine is refused here as a bad settlement.
    const owed = await this.charges.owed(actor, chargeId, 'received');
    const lost = await this.copies.load(actor, owed.copyId, 'withdraw');
    if (lost.status !== 'lost') throw conflict('desk4.replacement.notLost', { accession: lost.accessionNumber });
    const newCopy: NewCopyClaim = {
      lostCopyId: lost.id,
      batchId: newDatabaseId(),
      copyId: newCopyId(),
      recordId: newDatabaseId(),
      at: now,
      done: false,
    };
    const charge = await this.charges.claim(actor, owed, 'received', { ...input, newCopy }, now);
    try {
      this.stepPoint('replacementCopy.claimed');
      return await this.finish(actor, charge);
    } catch (err) {
      // Once the lost copy is withdrawn the replacement is all but done: the next try finishes it.
      if (!(await this.steps.withdrawn(newCopy))) await this.takeBack(charge, newCopy);
      throw err;
    }
  }

  /** A patron's charges, a replacement a crash left half way finished first (the desk's next reading). */
  async ofPatron(actor: Actor, orgId: string, patronId: string): Promise<DeskCharge[]> {
    const charges = await this.charges.ofPatron(actor, orgId, patronId);
    const abandoned = charges.filter((c) => unfinished(c) && isAbandoned(c.newCopy!));
    if (!abandoned.length) return charges;
    for (const charge of abandoned) await this.resume(actor, charge).catch(() => undefined);
    return this.charges.ofPatron(actor, orgId, patronId);
  }

  /** Takes over a claim a dead process left (or says it is under way), then does what is left of it. */
  private async resume(actor: Actor, charge: DeskCharge): Promise<ReplacedCopy> {
    const claim = charge.newCopy!;
    if (!isAbandoned(claim)) throw conflict('desk5.replacement.underWay');
    const taken = await updateNewCopyClaimIfVersion(charge.id, charge.version, { ...claim, at: new Date() });
    if (!taken) throw conflict('desk5.replacement.underWay');
    return this.finish(actor, taken);
  }

  private async finish(actor: Actor, charge: DeskCharge): Promise<ReplacedCopy> {
    const claim = charge.newCopy!;
    const done = await this.steps.run(actor, claim);
    const finished = await updateNewCopyClaimIfVersion(charge.id, charge.version, { ...claim, done: true });
    if (!finished) throw conflict('desk5.replacement.underWay');
    return { charge: finished, ...done };
  }

  /**
   * A step failed in this request: the new copy, its number and batch, and an empty record go; the
   * charge is owed again.
   */
  private async takeBack(charge: DeskCharge, claim: NewCopyClaim): Promise<void> {
    await this.steps.takeBack(claim);
    await reopenChargeIfVersion(charge.id, charge.version);
  }
}

const unfinished = (charge: DeskCharge): boolean =>
  charge.status === 'received' && !!charge.newCopy && !charge.newCopy.done;

const isAbandoned = (claim: NewCopyClaim): boolean => Date.now() - new Date(claim.at).getTime() >= ABANDONED_AFTER_MS;
