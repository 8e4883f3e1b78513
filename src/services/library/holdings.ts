/**
 * Which schools hold copies of which title, and in what state: kept in memory by every instance,
 * loaded at start-up and followed through the change feed (topic `copy`, keyed by copy id), like the
 * catalogue index. It answers "available at …" on item pages and result cards, lists a title's
 * copies per school without a query (a query by title scans the whole collection on the embedded
 * database), and gives search documents their places (the union catalogue's filters): see
 * src/services/library/copyFollower.ts.
 */
import {
  copyStatuses,
  isInCollection,
  type CopyStatus,
  type SchoolAvailability,
  type SchoolHoldings,
} from '../../domain/copy.js';
import { readAll } from '../../db/readAll.js';
import type { Logger } from '../../log.js';
import { allCopyStates, copyState, stateOfCopy, type CopyState } from '../../models/copy.js';
import type { Copy } from '../../domain/copy.js';
import { NO_PLACES, type TitlePlaces } from '../../search/document.js';
import { CopySlots, type SlotsImage } from './copySlots.js';

export class HoldingsReadModel {
  /**
   * The copies, in typed arrays with each name once: as one object per copy with the strings its
   * read brought, a province's million copies took 523 MB of heap.
   */
  private slots = new CopySlots();
  /** Title → school → the slots of its copies there (the title and school strings are the slots' own). */
  private byTitle = new Map<string, Map<string, Set<number>>>();
  /** Copies this instance has just written, as written: the change it publishes next need not read them again. */
  private readonly written = new Map<string, CopyState>();

  /**
   * The copies changed before the holdings were first loaded or restored: a restored snapshot does
   * not have them (this instance's own changes are not replayed from the feed), so they are read again.
   */
  private changedBeforeLoad: Set<string> | null = new Set();

  constructor(private readonly log: Logger) {}

  /** Whether the holdings were loaded (or restored) since this instance started. */
  get loaded(): boolean {
    return this.changedBeforeLoad === null;
  }

  async reloadAll(): Promise<void> {
    const started = Date.now();
    const fresh = new HoldingsReadModel(this.log);
    for await (const state of allCopyStates()) fresh.put(state);
    this.slots = fresh.slots;
    this.byTitle = fresh.byTitle;
    this.changedBeforeLoad = null;
    this.log.info({ copies: this.slots.size, ms: Date.now() - started }, 'holdings loaded');
  }

  /** The copies as a snapshot keeps them. */
  image(): SlotsImage {
    return this.slots.image();
  }

  /**
   * Takes the copies of a snapshot's image (the change feed then replays what changed after it),
   * and reads again those this instance changed before. Throws, keeping what it held, for an image
   * that does not add up.
   */
  async restore(image: SlotsImage): Promise<void> {
    const started = Date.now();
    const slots = CopySlots.fromImage(image);
    this.slots = slots;
    this.byTitle = new Map();
    for (const slot of slots.inUse()) this.index(slot);
    try {
      await this.apply([...(this.changedBeforeLoad ?? [])]);
    } catch (err) {
      // Not loaded after all: the caller reads every copy.
      this.slots = new CopySlots();
      this.byTitle = new Map();
      throw err;
    }
    this.changedBeforeLoad = null;
    this.log.info({ copies: slots.size, ms: Date.now() - started }, 'holdings read from the snapshot');
  }

  /** This instance wrote the copy (the change it publishes follows at once). */
  wrote(copy: Copy): void {
    const earlier = this.written.get(copy.id);
    if (!earlier || earlier.version < copy.version) this.written.set(copy.id, stateOfCopy(copy));
  }

  /**
   * Re-reads these copies, unless this instance just wrote them (a few at once: an import step
   * publishes hundreds); returns the titles they belong (or belonged) to.
   */
  async apply(ids: string[]): Promise<Set<string>> {
    const titles = new Set<string>();
    const distinct = [...new Set(ids)];
    for (const id of distinct) this.changedBeforeLoad?.add(id);
    const unwritten = distinct.filter((id) => !this.written.has(id));
    const read = new Map((await readAll(unwritten, copyState)).map(({ key, record }) => [key, record]));
    for (const id of distinct) {
      const slot = this.slots.slot(id);
      if (slot !== undefined) titles.add(this.slots.held(slot).titleId);
      const state = this.written.get(id) ?? read.get(id) ?? null;
      this.written.delete(id);
      if (state) {
        this.put(state);
        titles.add(state.resourceId.toHexString());
      } else this.drop(id);
    }
    return titles;
  }

  /** The schools holding copies of the title (in the collection), and those with one available now. */
  placesOf(titleId: string): TitlePlaces {
    const schools = this.byTitle.get(titleId);
    if (!schools) return NO_PLACES;
    const holders: string[] = [];
    const availableAt: string[] = [];
    for (const [orgId, slots] of schools) {
      const statuses = [...slots].map((slot) => this.slots.statusAt(slot));
      if (statuses.some(isInCollection)) holders.push(orgId);
      if (statuses.includes('available')) availableAt.push(orgId);
    }
    return { holders: holders.sort(), availableAt: availableAt.sort() };
  }

  /** Every title some school holds copies of (withdrawn ones included). */
  titleIds(): string[] {
    return [...this.byTitle.keys()];
  }

  /** Per school holding the title: counts by status and location. */
  summary(titleId: string): SchoolHoldings[] {
    const schools = this.byTitle.get(titleId);
    if (!schools) return [];
    return [...schools].map(([orgId, slots]) => {
      const byStatus = Object.fromEntries(copyStatuses.map((s) => [s, 0])) as Record<CopyStatus, number>;
      const byLocation: Record<string, number> = {};
      for (const slot of slots) {
        const status = this.slots.statusAt(slot);
        byStatus[status]++;
        const location = this.slots.locationAt(slot);
        if (isInCollection(status)) byLocation[location] = (byLocation[location] ?? 0) + 1;
      }
      const total = copyStatuses.filter(isInCollection).reduce((sum, s) => sum + byStatus[s], 0);
      return { orgId, total, available: byStatus.available, byStatus, byLocation };
    });
  }

  /**
   * Per school holding copies of the title in its collection: how many, and how many are available
   * now (a result card's line: counted without the per-status and per-location tallies of `summary`).
   */
  availability(titleId: string): SchoolAvailability[] {
    const schools = this.byTitle.get(titleId);
    if (!schools) return [];
    const found: SchoolAvailability[] = [];
    for (const [orgId, slots] of schools) {
      let total = 0;
      let available = 0;
      for (const slot of slots) {
        const status = this.slots.statusAt(slot);
        if (isInCollection(status)) total++;
        if (status === 'available') available++;
      }
      if (total > 0) found.push({ orgId, total, available });
    }
    return found;
  }

  /** How many titles a school holds copies of, and its copies by status. */
  ofSchool(orgId: string): { titles: number; byStatus: Record<CopyStatus, number> } {
    const byStatus = Object.fromEntries(copyStatuses.map((s) => [s, 0])) as Record<CopyStatus, number>;
    let titles = 0;
    for (const schools of this.byTitle.values()) {
      const slots = schools.get(orgId);
      if (!slots) continue;
      titles++;
      for (const slot of slots) byStatus[this.slots.statusAt(slot)]++;
    }
    return { titles, byStatus };
  }

  copyIds(titleId: string, orgId: string): string[] {
    return [...(this.byTitle.get(titleId)?.get(orgId) ?? [])].map((slot) => this.slots.idAt(slot));
  }

  /**
   * Whether any school holds copies of the title, withdrawn ones included (they stay in the
   * registers). Yes while the holdings are not loaded yet (the server answers while the search
   * snapshot is read): a title's printed edition is never removed on a guess.
   */
  hasCopies(titleId: string): boolean {
    return !this.loaded || (this.byTitle.get(titleId)?.size ?? 0) > 0;
  }

  /** Up to `limit` of the titles a school holds copies of, withdrawn ones included (for a register to read ahead). */
  titlesOfSchool(orgId: string, limit: number): string[] {
    const titles: string[] = [];
    for (const [titleId, schools] of this.byTitle) {
      if (titles.length >= limit) break;
      if (schools.has(orgId)) titles.push(titleId);
    }
    return titles;
  }

  private put(state: CopyState): void {
    const id = state._id.toHexString();
    if (this.slots.versionOf(id) > state.version) return;
    this.drop(id);
    this.index(
      this.slots.set(id, {
        titleId: state.resourceId.toHexString(),
        orgId: state.orgId.toHexString(),
        status: state.status,
        location: state.location,
        version: state.version,
      }),
    );
  }

  private index(slot: number): void {
    const { titleId, orgId } = this.slots.held(slot);
    let schools = this.byTitle.get(titleId);
    if (!schools) this.byTitle.set(titleId, (schools = new Map()));
    let slots = schools.get(orgId);
    if (!slots) schools.set(orgId, (slots = new Set()));
    slots.add(slot);
  }

  private drop(id: string): void {
    const slot = this.slots.slot(id);
    if (slot === undefined) return;
    const { titleId, orgId } = this.slots.held(slot);
    this.slots.remove(id);
    const schools = this.byTitle.get(titleId);
    const slots = schools?.get(orgId);
    slots?.delete(slot);
    if (slots && !slots.size) schools!.delete(orgId);
    if (schools && !schools.size) this.byTitle.delete(titleId);
  }
}
