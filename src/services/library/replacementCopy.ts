/**
 * A lost copy's replacement recorded as a new copy, for schools that keep it that way: the lost
 * copy is withdrawn through a withdrawal record (biên bản thanh lý, reason "lost", noted "lost,
 * replaced") and the replacement comes in as a new copy of the same title, collection and place,
 * with the collection's next accession number and an intake batch of its own; both show in the
 * general register. Exactly once: receiving the replacement settles the charge on its version
 * first, so a second click is a 409 before anything is written; a failure after that takes back
 * what was written (the new copy, its number and batch, the charge settled), leaving no half.
 */
import type { Copy, WithdrawalRecord } from '../../domain/copy.js';
import type { DeskCharge, ReplacementWay, Settlement } from '../../domain/deskCharge.js';
import { conflict, invalid } from '../../domain/errors.js';
import { localDay } from '../../domain/schoolCalendar.js';
import { reopenChargeIfVersion } from '../../models/deskCharge.js';
import type { Actor } from '../../policies/actor.js';
import type { AddedCopies } from './addCopies.js';
import type { CopyService } from './copies.js';
import type { DeskChargeService } from './deskCharges.js';

/** The words on the withdrawal record and the new copy's intake batch (register entries are data, in Vietnamese). */
export const LOST_REPLACED_NOTE = 'Mất, đã đền bản thay thế';
export const REPLACEMENT_INTAKE_NOTE = 'Bản đền thay cho bản mất';

export interface ReplacedCopy {
  charge: DeskCharge;
  withdrawn: Copy;
  record: WithdrawalRecord;
  added: AddedCopies;
}

export class ReplacementCopyService {
  constructor(
    private readonly copies: CopyService,
    private readonly charges: DeskChargeService,
  ) {}

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
    // Only a replacement may be "received": a fine is refused here as a bad settlement.
    const owed = await this.charges.owed(actor, chargeId, 'received');
    const lost = await this.copies.load(actor, owed.copyId, 'withdraw');
    if (lost.status !== 'lost') throw conflict('desk4.replacement.notLost', { accession: lost.accessionNumber });
    const charge = await this.charges.claim(actor, owed, 'received', input, now);
    let added: AddedCopies | null = null;
    try {
      added = await this.addReplacement(actor, lost, localDay(now));
      const { copy: withdrawn, record } = await this.copies.withdraw(actor, lost.id, lost.version, {
        record: {
          date: localDay(now),
          reason: 'lost',
          documentNumber: null,
          note: `${LOST_REPLACED_NOTE}: ${added.copies[0]!.accessionNumber}`,
        },
        reason: 'lost',
        note: LOST_REPLACED_NOTE,
      });
      return { charge, withdrawn, record, added };
    } catch (err) {
      if (added) await this.copies.undoAdd(added);
      await reopenChargeIfVersion(chargeId, charge.version);
      throw err;
    }
  }

  /** The new copy: the lost one's title, collection, place, volume and price, the collection's next number. */
  private addReplacement(actor: Actor, lost: Copy, day: string): Promise<AddedCopies> {
    return this.copies.add(actor, lost.resourceId, {
      orgId: lost.orgId,
      collection: lost.collectionCode,
      location: lost.location,
      numbering: { count: 1 },
      batch: {
        date: day,
        source: 'other',
        supplier: null,
        documentNumber: null,
        note: `${REPLACEMENT_INTAKE_NOTE} ${lost.accessionNumber}`,
      },
      price: lost.acquisition.price,
      volume: lost.volume,
      note: null,
    });
  }
}
