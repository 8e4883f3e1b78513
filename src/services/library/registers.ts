/**
 * The general register of a school (sổ đăng ký tổng quát): intake batches (lô nhập) that copies
 * come in with, and withdrawal records (biên bản thanh lý) they are written off in. Each entry gets
 * the next number of its part of the register, never reused.
 */
import type { AcquisitionSource, Copy, IntakeBatch, WithdrawalReason, WithdrawalRecord } from '../../domain/copy.js';
import { forbidden, invalid, notFound } from '../../domain/errors.js';
import { copiesOfBatch, copiesOfWithdrawal } from '../../models/copy.js';
import {
  intakeBatchById,
  intakeBatchesOf,
  insertIntakeBatch,
  insertWithdrawalRecord,
  withdrawalRecordById,
  withdrawalRecordsOf,
} from '../../models/registerEntry.js';
import { sequenceIds, takeNumbers } from '../../models/sequence.js';
import type { Actor } from '../../policies/actor.js';
import { canOnLibrary, type LibraryAction } from '../../policies/library.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';

export interface IntakeBatchInput {
  date: string;
  source: AcquisitionSource;
  supplier: string | null;
  documentNumber: string | null;
  note: string | null;
}

export interface WithdrawalRecordInput {
  date: string;
  reason: WithdrawalReason;
  documentNumber: string | null;
  note: string | null;
}

export class RegisterService {
  constructor(private readonly tree: OrganisationDirectory) {}

  /** `id`: a batch named beforehand; asked again, the batch already stored under it is the answer. */
  async createIntakeBatch(actor: Actor, orgId: string, input: IntakeBatchInput, id?: string): Promise<IntakeBatch> {
    this.require(actor, 'manageCopies', orgId);
    const stored = id ? await intakeBatchById(id) : null;
    if (stored) return sameSchool(stored, orgId, 'batch');
    const number = await takeNumbers(sequenceIds.intake(orgId), 1);
    return insertIntakeBatch({ ...input, ...this.newEntry(actor, orgId, number) }, id);
  }

  /** `id`: a record named beforehand; asked again, the record already stored under it is the answer. */
  async createWithdrawalRecord(
    actor: Actor,
    orgId: string,
    input: WithdrawalRecordInput,
    id?: string,
  ): Promise<WithdrawalRecord> {
    this.require(actor, 'manageCopies', orgId);
    const stored = id ? await withdrawalRecordById(id) : null;
    if (stored) return sameSchool(stored, orgId, 'record');
    const number = await takeNumbers(sequenceIds.withdrawal(orgId), 1);
    return insertWithdrawalRecord({ ...input, ...this.newEntry(actor, orgId, number) }, id);
  }

  async intakeBatches(actor: Actor, orgId: string): Promise<IntakeBatch[]> {
    this.require(actor, 'viewRegisters', orgId);
    return intakeBatchesOf(orgId);
  }

  async withdrawalRecords(actor: Actor, orgId: string): Promise<WithdrawalRecord[]> {
    this.require(actor, 'viewRegisters', orgId);
    return withdrawalRecordsOf(orgId);
  }

  async intakeBatch(actor: Actor, id: string, action: LibraryAction = 'viewRegisters'): Promise<IntakeBatch> {
    const batch = await intakeBatchById(id);
    if (!batch) throw notFound('library.batchNotFound');
    this.require(actor, action, batch.orgId, true);
    return batch;
  }

  async withdrawalRecord(actor: Actor, id: string, action: LibraryAction = 'viewRegisters'): Promise<WithdrawalRecord> {
    const record = await withdrawalRecordById(id);
    if (!record) throw notFound('library.withdrawalNotFound');
    this.require(actor, action, record.orgId, true);
    return record;
  }

  /** A batch with the copies it brought in: a line of the general register in detail. */
  async intakeBatchWithCopies(actor: Actor, id: string): Promise<{ entry: IntakeBatch; copies: Copy[] }> {
    const entry = await this.intakeBatch(actor, id);
    return { entry, copies: await copiesOfBatch(id) };
  }

  async withdrawalRecordWithCopies(actor: Actor, id: string): Promise<{ entry: WithdrawalRecord; copies: Copy[] }> {
    const entry = await this.withdrawalRecord(actor, id);
    return { entry, copies: await copiesOfWithdrawal(id) };
  }

  /** A batch named for a change in `orgId`: it must be one of that school's. */
  async intakeBatchFor(actor: Actor, id: string, orgId: string, field: string): Promise<IntakeBatch> {
    return sameSchool(await this.intakeBatch(actor, id, 'manageCopies'), orgId, field);
  }

  async withdrawalRecordFor(actor: Actor, id: string, orgId: string, field: string): Promise<WithdrawalRecord> {
    return sameSchool(await this.withdrawalRecord(actor, id, 'manageCopies'), orgId, field);
  }

  private newEntry(actor: Actor, orgId: string, number: number) {
    return { orgId, number, copyCount: 0, totalValue: 0, createdBy: actor.personId, createdAt: new Date() };
  }

  /** `hidden`: a school the person may not see answers "not found", as a copy would. */
  private require(actor: Actor, action: LibraryAction, orgId: string, hidden = false): void {
    if (!this.tree.get(orgId)) throw notFound();
    if (canOnLibrary(actor, action, orgId, this.tree)) return;
    if (hidden && !canOnLibrary(actor, 'viewCopies', orgId, this.tree)) throw notFound();
    throw forbidden();
  }
}

function sameSchool<T extends { orgId: string }>(entry: T, orgId: string, field: string): T {
  if (entry.orgId !== orgId) throw invalid([{ field, messageKey: 'library.entryOfAnotherSchool' }]);
  return entry;
}
