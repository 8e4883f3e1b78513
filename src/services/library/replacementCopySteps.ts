/**
 * The steps of a replacement received as a new copy (src/services/library/replacementCopy.ts),
 * each one done again safely: the intake batch, the new copy and the withdrawal record carry the
 * ids the claim named, so a step redone after a crash finds what it wrote instead of writing it
 * twice, and counts into the register what a crash left uncounted.
 */
import type { Copy, IntakeBatch, WithdrawalRecord } from '../../domain/copy.js';
import type { NewCopyClaim } from '../../domain/deskCharge.js';
import { localDay } from '../../domain/schoolCalendar.js';
import { copyById } from '../../models/copy.js';
import { keysOfCopy, releaseKeys } from '../../models/copyKey.js';
import {
  deleteRegisterEntry,
  intakeBatchById,
  setRegisterEntryTotals,
  withdrawalRecordById,
} from '../../models/registerEntry.js';
import type { Actor } from '../../policies/actor.js';
import type { StepPoint } from '../faultPoints.js';
import type { AddedCopies } from './addCopies.js';
import type { CopyService } from './copies.js';
import type { RegisterService } from './registers.js';

/** The words on the withdrawal record and the new copy's intake batch (register entries are data, in Vietnamese). */
export const LOST_REPLACED_NOTE = 'Mất, đã đền bản thay thế';
export const REPLACEMENT_INTAKE_NOTE = 'Bản đền thay cho bản mất';

export interface StepsDone {
  withdrawn: Copy;
  record: WithdrawalRecord;
  added: AddedCopies;
}

export class ReplacementSteps {
  constructor(
    private readonly copies: CopyService,
    private readonly registers: RegisterService,
    private readonly point: StepPoint,
  ) {}

  /** Does what is left of the claim: batch, new copy, withdrawal record, the lost copy withdrawn. */
  async run(actor: Actor, claim: NewCopyClaim): Promise<StepsDone> {
    const lost = await this.copies.load(actor, claim.lostCopyId, 'withdraw');
    const day = localDay(claim.at);
    const batch = await this.registers.createIntakeBatch(
      actor,
      lost.orgId,
      {
        date: day,
        source: 'other',
        supplier: null,
        documentNumber: null,
        note: `${REPLACEMENT_INTAKE_NOTE} ${lost.accessionNumber}`,
      },
      claim.batchId,
    );
    this.point('replacementCopy.batchCreated');
    const added = await this.addCopy(actor, lost, claim, batch);
    this.point('replacementCopy.copyAdded');
    const note = `${LOST_REPLACED_NOTE}: ${added.copies[0]!.accessionNumber}`;
    const record = await this.registers.createWithdrawalRecord(
      actor,
      lost.orgId,
      { date: day, reason: 'lost', documentNumber: null, note },
      claim.recordId,
    );
    this.point('replacementCopy.recordCreated');
    const withdrawn = await this.withdraw(actor, lost.id, record);
    this.point('replacementCopy.withdrawn');
    return { withdrawn: withdrawn.copy, record: withdrawn.record, added };
  }

  /** Whether the lost copy is withdrawn into the claim's record (the last step that writes). */
  async withdrawn(claim: NewCopyClaim): Promise<boolean> {
    return (await copyById(claim.lostCopyId))?.withdrawal?.recordId === claim.recordId;
  }

  /**
   * Takes back what the claim's steps wrote before the withdrawal: the new copy, its numbers, its
   * batch, an empty record.
   */
  async takeBack(claim: NewCopyClaim): Promise<void> {
    const [copy, batch, record] = await Promise.all([
      copyById(claim.copyId),
      intakeBatchById(claim.batchId),
      withdrawalRecordById(claim.recordId),
    ]);
    if (copy && batch) await this.copies.undoAdd({ batch, copies: [copy] });
    else if (batch) await deleteRegisterEntry(batch.id);
    await releaseKeys(await keysOfCopy(claim.copyId));
    if (record && record.copyCount === 0) await deleteRegisterEntry(record.id);
  }

  /** The new copy: the lost one's title, collection, place, volume and price, the collection's next number. */
  private async addCopy(actor: Actor, lost: Copy, claim: NewCopyClaim, batch: IntakeBatch): Promise<AddedCopies> {
    const existing = await copyById(claim.copyId);
    if (existing) {
      const price = existing.acquisition.price ?? 0;
      if (batch.copyCount === 0) await setRegisterEntryTotals(batch.id, 1, price);
      return { batch: { ...batch, copyCount: 1, totalValue: price }, copies: [existing] };
    }
    // Numbers a crash left claimed for this copy, with no copy written, are given back first.
    await releaseKeys(await keysOfCopy(claim.copyId));
    return this.copies.add(actor, lost.resourceId, {
      orgId: lost.orgId,
      collection: lost.collectionCode,
      location: lost.location,
      numbering: { count: 1 },
      batch: { id: batch.id },
      price: lost.acquisition.price,
      volume: lost.volume,
      note: null,
      copyIds: [claim.copyId],
    });
  }

  private async withdraw(actor: Actor, lostId: string, record: WithdrawalRecord) {
    const copy = await this.copies.load(actor, lostId, 'withdraw');
    if (copy.withdrawal?.recordId !== record.id)
      return this.copies.withdraw(actor, lostId, copy.version, {
        record: { id: record.id },
        reason: 'lost',
        note: LOST_REPLACED_NOTE,
      });
    if (record.copyCount === 0) await setRegisterEntryTotals(record.id, 1, copy.acquisition.price ?? 0);
    return { copy, record: (await withdrawalRecordById(record.id)) ?? record };
  }
}
