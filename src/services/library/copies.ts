/**
 * The copies of printed titles: adding them in batches, finding them by id, barcode or accession
 * number, and every change of one copy (status, withdrawal, relabelling, moving, editing). A change
 * is one conditional write of the copy that bumps its version and appends to its history, so of two
 * desks changing one copy at the same moment exactly one wins; the change feed then tells every
 * instance (the holdings read model).
 */
import { isPrintableAscii, normaliseLabel } from '../../domain/accession.js';
import {
  canChangeStatus,
  copyEvent,
  type Copy,
  type CopyEvent,
  type CopyRow,
  type CopyUpdate,
  type CopyStatus,
  type SchoolHoldings,
  type WithdrawalReason,
  type WithdrawalRecord,
} from '../../domain/copy.js';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../domain/errors.js';
import {
  batchTotals,
  copyById,
  copyRowById,
  deleteCopy,
  insertCopies,
  updateCopyIfVersion,
} from '../../models/copy.js';
import { accessionKeyId, barcodeKeyId, claimKeys, copyKey, keyById, releaseKeys } from '../../models/copyKey.js';
import { addToRegisterEntry, deleteRegisterEntry, setRegisterEntryTotals } from '../../models/registerEntry.js';
import { readAll } from '../../db/readAll.js';
import type { Actor } from '../../policies/actor.js';
import { canOnCopy, canOnLibrary, type CopyAction } from '../../policies/library.js';
import type { ChangeFeed } from '../changeFeed.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import type { ResourceService } from '../resources.js';
import type { Resource } from '../../domain/resource.js';
import type { LibrarySettings } from '../../domain/librarySettings.js';
import { addCopies, type AddCopiesInput, type AddedCopies } from './addCopies.js';
import { releaseNumbers } from './numbering.js';
import type { HoldingsReadModel } from './holdings.js';
import type { RegisterService, WithdrawalRecordInput } from './registers.js';
import { requireLocation, type LibrarySettingsService } from './settings.js';

export interface CopyChanges {
  barcode?: string;
  location?: string;
  price?: number | null;
  volume?: string | null;
  note?: string | null;
}

export interface WithdrawInput {
  /** An open withdrawal record of the school, or a new one. */
  record: { id: string } | WithdrawalRecordInput;
  /** This copy's reason, when it differs from the record's. */
  reason: WithdrawalReason | null;
  note: string | null;
}

export class CopyService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly changes: ChangeFeed,
    private readonly resources: ResourceService,
    private readonly settings: LibrarySettingsService,
    private readonly registers: RegisterService,
    private readonly holdings: HoldingsReadModel,
  ) {}

  /** Adds copies of a printed title in one action: numbered, in one intake batch. */
  async add(actor: Actor, resourceId: string, input: AddCopiesInput): Promise<AddedCopies> {
    const added = await addCopies(
      { tree: this.tree, resources: this.resources, settings: this.settings, registers: this.registers },
      actor,
      resourceId,
      input,
    );
    await Promise.all(added.copies.map((c) => this.changes.publish('copy', c.id)));
    return added;
  }

  /**
   * Copies an import numbered and built (src/services/library/imports/stepCopies.ts), written in
   * one insert, each intake batch's line of the register counted once, one change-feed entry.
   * `recount`: the batches' totals are counted again from their copies (a step redone after a
   * crash may find copies written whose count was not).
   */
  async addImported(
    actor: Actor,
    orgId: string,
    copies: readonly Copy[],
    batchIds: readonly string[],
    recount: boolean,
  ): Promise<void> {
    if (!canOnLibrary(actor, 'manageCopies', orgId, this.tree)) throw forbidden();
    if (copies.some((c) => c.orgId !== orgId)) throw forbidden();
    if (copies.length) await insertCopies(copies);
    for (const batchId of batchIds) {
      const added = copies.filter((c) => c.acquisition.batchId === batchId);
      if (recount) {
        const totals = await batchTotals(batchId);
        await setRegisterEntryTotals(batchId, totals.copies, totals.value);
      } else if (added.length) await addToRegisterEntry(batchId, added.length, sumOfPrices(added));
    }
    // As written: this instance's holdings need not read them again (the feed tells the others).
    for (const copy of copies) this.holdings.wrote(copy);
    await this.changes.publishMany(
      'copy',
      copies.map((c) => c.id),
    );
  }

  find(id: string): Promise<Copy | null> {
    return copyById(id);
  }

  /** A copy the actor may act on; a copy of a school they cannot see is "not found". */
  async load(actor: Actor, id: string, action: CopyAction = 'view'): Promise<Copy> {
    const copy = await copyById(id);
    if (!copy || !canOnCopy(actor, 'view', copy, this.tree)) throw notFound('library.copyNotFound');
    if (!canOnCopy(actor, action, copy, this.tree)) throw forbidden();
    return copy;
  }

  /** What a copy's page shows beside it: its title (when the person may see it) and its school's settings. */
  async surroundings(actor: Actor, copy: Copy): Promise<{ title: Resource | null; settings: LibrarySettings }> {
    const [title, settings] = await Promise.all([
      this.resources.load(actor, copy.resourceId).catch((err: unknown) => {
        if (err instanceof DomainError) return null;
        throw err;
      }),
      this.settings.settingsOf(copy.orgId),
    ]);
    return { title, settings };
  }

  /** The copy a scanned barcode names in a school (the desk's lookup). */
  async byBarcode(actor: Actor, orgId: string, barcode: string): Promise<Copy> {
    return this.byKey(actor, barcodeKeyId(orgId, barcode));
  }

  async byAccession(actor: Actor, orgId: string, accessionNumber: string): Promise<Copy> {
    return this.byKey(actor, accessionKeyId(orgId, accessionNumber));
  }

  /** Per school holding the title, what it holds: for anyone who may see the title. */
  async holdingsOf(actor: Actor, resourceId: string): Promise<SchoolHoldings[]> {
    await this.resources.load(actor, resourceId);
    return this.holdings.summary(resourceId);
  }

  /** The copies of a title one school owns, in accession order, for those who may see that school's copies. */
  async ofTitle(actor: Actor, resourceId: string, orgId: string): Promise<Copy[]> {
    await this.resources.load(actor, resourceId);
    if (!this.tree.get(orgId)) throw notFound();
    if (!canOnLibrary(actor, 'viewCopies', orgId, this.tree)) throw forbidden();
    return inAccessionOrder(await readAll(this.holdings.copyIds(resourceId, orgId), copyById));
  }

  /**
   * The rows of a title's holdings table for one school, in accession order: the title is the one the
   * caller loaded for the actor; the copies are read by id (their ids from the holdings read model),
   * only the columns the table shows.
   */
  async rowsOfTitle(actor: Actor, title: Resource, orgId: string): Promise<CopyRow[]> {
    if (!canOnLibrary(actor, 'viewCopies', orgId, this.tree)) throw forbidden();
    return inAccessionOrder(await readAll(this.holdings.copyIds(title.id, orgId), copyRowById));
  }

  /**
   * Moves a copy to another status, if that status may follow the current one (src/domain/copy.ts).
   * The desk's seam: `event` names the change in the history (a loan, a return…).
   */
  async changeStatus(
    actor: Actor,
    id: string,
    expectedVersion: number,
    to: CopyStatus,
    options: { note?: string | null } = {},
  ): Promise<Copy> {
    const current = await this.load(actor, id, 'changeStatus');
    if (expectedVersion !== current.version) throw conflict('errors.conflict', { current: current.version });
    return this.changeStatusOf(actor, current, to, options);
  }

  /**
   * As `changeStatus`, for a copy the caller has just read (the desk's scan): written only if it is
   * still at that version, without reading it again.
   */
  async changeStatusOf(actor: Actor, copy: Copy, to: CopyStatus, options: { note?: string | null } = {}) {
    if (!canOnCopy(actor, 'changeStatus', copy, this.tree)) throw forbidden();
    if (to === 'withdrawn') throw conflict('library.withdrawThroughRecord');
    if (!canChangeStatus(copy.status, to)) throw conflict('library.badTransition', { from: copy.status, to });
    return this.write(actor, copy, copy.version, { status: to, statusSince: new Date() }, [
      copyEvent(actor.personId, 'status', new Date(), { from: copy.status, to, note: options.note }),
    ]);
  }

  /**
   * One status step of a copy lent between schools (sent: in transit; received: on loan at the
   * borrowing school; back: on the shelf). The inter-library request's policy decided who may take
   * the step (the borrowing school's librarian receives a copy her school does not own), so no copy
   * policy is asked here. Only from `from`, once: a copy that moved meanwhile is a conflict.
   */
  async stepBetweenSchools(actorId: string | null, id: string, from: CopyStatus, to: CopyStatus, note: string) {
    const current = await copyById(id);
    if (!current) throw notFound('library.copyNotFound');
    if (current.status !== from) throw conflict('interLibrary.copyNotReady', { status: current.status });
    const now = new Date();
    const updated = await updateCopyIfVersion(id, current.version, { status: to, statusSince: now }, [
      copyEvent(actorId, 'status', now, { from, to, note }),
    ]);
    if (!updated) throw conflict('interLibrary.copyNotReady', { status: current.status });
    await this.changes.publish('copy', id);
    return updated;
  }

  /** Writes a copy off into a withdrawal record (biên bản thanh lý), existing or new. */
  async withdraw(
    actor: Actor,
    id: string,
    expectedVersion: number,
    input: WithdrawInput,
  ): Promise<{ copy: Copy; record: WithdrawalRecord }> {
    const current = await this.load(actor, id, 'withdraw');
    if (!canChangeStatus(current.status, 'withdrawn'))
      throw conflict('library.badTransition', { from: current.status, to: 'withdrawn' });
    if (expectedVersion !== current.version) throw conflict('errors.conflict', { current: current.version });
    const created = !('id' in input.record);
    const record =
      'id' in input.record
        ? await this.registers.withdrawalRecordFor(actor, input.record.id, current.orgId, 'record')
        : await this.registers.createWithdrawalRecord(actor, current.orgId, input.record);
    const withdrawal = {
      date: record.date,
      reason: input.reason ?? record.reason,
      recordId: record.id,
      note: input.note,
    };
    try {
      const copy = await this.write(
        actor,
        current,
        expectedVersion,
        { status: 'withdrawn', statusSince: new Date(), withdrawal },
        [
          copyEvent(actor.personId, 'withdrawn', new Date(), {
            from: current.status,
            to: 'withdrawn',
            note: input.note,
          }),
        ],
      );
      const value = current.acquisition.price ?? 0;
      await addToRegisterEntry(record.id, 1, value);
      return { copy, record: { ...record, copyCount: record.copyCount + 1, totalValue: record.totalValue + value } };
    } catch (err) {
      if (created) await deleteRegisterEntry(record.id);
      throw err;
    }
  }

  /** Relabels, moves or corrects a copy; a withdrawn copy is frozen. */
  async edit(actor: Actor, id: string, expectedVersion: number, changes: CopyChanges): Promise<Copy> {
    const current = await this.load(actor, id, 'edit');
    if (current.status === 'withdrawn') throw conflict('library.withdrawnFrozen');
    if (expectedVersion !== current.version) throw conflict('errors.conflict', { current: current.version });
    const now = new Date();
    const set: CopyUpdate = {};
    const events: CopyEvent[] = [];
    const barcode = changes.barcode === undefined ? current.barcode : normaliseLabel(changes.barcode);
    if (barcode !== current.barcode) {
      if (!isPrintableAscii(barcode)) throw invalid([{ field: 'barcode', messageKey: 'library.barcodeCharacters' }]);
      set.barcode = barcode;
      events.push(copyEvent(actor.personId, 'relabelled', now, { from: current.barcode, to: barcode }));
    }
    if (changes.location !== undefined && changes.location !== current.location) {
      requireLocation(await this.settings.settingsOf(current.orgId), changes.location);
      set.location = changes.location;
      events.push(copyEvent(actor.personId, 'moved', now, { from: current.location, to: changes.location }));
    }
    const before = { price: current.acquisition.price, volume: current.volume, note: current.note };
    const edited = (['price', 'volume', 'note'] as const).filter(
      (k) => changes[k] !== undefined && changes[k] !== before[k],
    );
    for (const k of edited) set[k] = changes[k] as never;
    if (edited.length) events.push(copyEvent(actor.personId, 'edited', now, { note: edited.join(', ') }));
    if (!events.length) return current;
    const relabelled = barcode !== current.barcode;
    if (relabelled) await this.claimBarcode(current, barcode);
    try {
      const copy = await this.write(actor, current, expectedVersion, set, events);
      if (relabelled) await releaseKeys([copyKey('barcode', current.orgId, current.barcode, id)]);
      return copy;
    } catch (err) {
      if (relabelled) await releaseKeys([copyKey('barcode', current.orgId, barcode, id)]);
      throw err;
    }
  }

  private async claimBarcode(copy: Copy, barcode: string): Promise<void> {
    const key = copyKey('barcode', copy.orgId, barcode, copy.id);
    if (!(await claimKeys([key])).length) return;
    const holder = await keyById(key.id);
    const other = holder ? await copyById(holder.copyId) : null;
    throw new DomainError('conflict', 'library.barcodeTaken', { barcode, accession: other?.accessionNumber ?? '?' }, [
      {
        field: 'barcode',
        messageKey: 'library.barcodeTaken',
        params: { barcode, accession: other?.accessionNumber ?? '?' },
      },
    ]);
  }

  /** Takes back an `add` whose action failed half way: the copy, its numbers and its new intake batch. */
  async undoAdd(added: AddedCopies): Promise<void> {
    for (const copy of added.copies) {
      await deleteCopy(copy.id);
      await releaseNumbers(copy.orgId, [{ copyId: copy.id, accessionNumber: copy.accessionNumber }]);
      await this.changes.publish('copy', copy.id);
    }
    await deleteRegisterEntry(added.batch.id);
  }

  private async byKey(actor: Actor, keyId: string): Promise<Copy> {
    const key = await keyById(keyId);
    if (!key) throw notFound('library.copyNotFound');
    return this.load(actor, key.copyId);
  }

  private async write(
    actor: Actor,
    current: Copy,
    expectedVersion: number,
    update: CopyUpdate,
    events: CopyEvent[],
  ): Promise<Copy> {
    if (expectedVersion !== current.version) throw conflict('errors.conflict', { current: current.version });
    const updated = await updateCopyIfVersion(current.id, expectedVersion, update, events);
    if (!updated)
      throw conflict('errors.conflict', { current: (await copyById(current.id))?.version ?? current.version });
    this.holdings.wrote(updated);
    await this.changes.publish('copy', current.id);
    return updated;
  }
}

const sumOfPrices = (copies: readonly Copy[]) => copies.reduce((sum, c) => sum + (c.acquisition.price ?? 0), 0);

const inAccessionOrder = <T extends { accessionNumber: string }>(read: { record: T | null }[]): T[] =>
  read
    .map((r) => r.record)
    .filter((c): c is T => c !== null)
    .sort((a, b) => a.accessionNumber.localeCompare(b.accessionNumber, 'en', { numeric: true }));
