/**
 * Which schools hold copies of which title, and in what state: kept in memory by every instance,
 * loaded at start-up and followed through the change feed (topic `copy`, keyed by copy id), like the
 * catalogue index. It answers "available at …" on item pages and result cards, lists a title's
 * copies per school without a query (a query by title scans the whole collection on the embedded
 * database), and gives search documents their places (the union catalogue's filters): see
 * src/services/library/copyFollower.ts.
 */
import { copyStatuses, isInCollection, type CopyStatus, type SchoolHoldings } from '../../domain/copy.js';
import { readAll } from '../../db/readAll.js';
import type { Logger } from '../../log.js';
import { allCopyStates, copyState, type CopyState } from '../../models/copy.js';
import { NO_PLACES, type TitlePlaces } from '../../search/document.js';

interface Held {
  titleId: string;
  orgId: string;
  status: CopyStatus;
  location: string;
}

export class HoldingsReadModel {
  private copies = new Map<string, Held>();
  private byTitle = new Map<string, Map<string, Set<string>>>();

  constructor(private readonly log: Logger) {}

  async reloadAll(): Promise<void> {
    const started = Date.now();
    const fresh = new HoldingsReadModel(this.log);
    for await (const state of allCopyStates()) fresh.put(state);
    this.copies = fresh.copies;
    this.byTitle = fresh.byTitle;
    this.log.info({ copies: this.copies.size, ms: Date.now() - started }, 'holdings loaded');
  }

  /**
   * Re-reads these copies (a few at once: an import step publishes hundreds); returns the titles
   * they belong (or belonged) to.
   */
  async apply(ids: string[]): Promise<Set<string>> {
    const titles = new Set<string>();
    for (const { key: id, record: state } of await readAll(ids, copyState)) {
      const before = this.copies.get(id)?.titleId;
      if (before) titles.add(before);
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
    for (const [orgId, ids] of schools) {
      const statuses = [...ids].map((id) => this.copies.get(id)!.status);
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
    return [...schools].map(([orgId, ids]) => {
      const byStatus = Object.fromEntries(copyStatuses.map((s) => [s, 0])) as Record<CopyStatus, number>;
      const byLocation: Record<string, number> = {};
      for (const id of ids) {
        const held = this.copies.get(id)!;
        byStatus[held.status]++;
        if (isInCollection(held.status)) byLocation[held.location] = (byLocation[held.location] ?? 0) + 1;
      }
      const total = copyStatuses.filter(isInCollection).reduce((sum, s) => sum + byStatus[s], 0);
      return { orgId, total, available: byStatus.available, byStatus, byLocation };
    });
  }

  /** How many titles a school holds copies of, and its copies by status. */
  ofSchool(orgId: string): { titles: number; byStatus: Record<CopyStatus, number> } {
    const byStatus = Object.fromEntries(copyStatuses.map((s) => [s, 0])) as Record<CopyStatus, number>;
    let titles = 0;
    for (const schools of this.byTitle.values()) {
      const ids = schools.get(orgId);
      if (!ids) continue;
      titles++;
      for (const id of ids) byStatus[this.copies.get(id)!.status]++;
    }
    return { titles, byStatus };
  }

  copyIds(titleId: string, orgId: string): string[] {
    return [...(this.byTitle.get(titleId)?.get(orgId) ?? [])];
  }

  /** Whether any school holds copies of the title, withdrawn ones included (they stay in the registers). */
  hasCopies(titleId: string): boolean {
    return (this.byTitle.get(titleId)?.size ?? 0) > 0;
  }

  private put(state: CopyState): void {
    const id = state._id.toHexString();
    this.drop(id);
    const held: Held = {
      titleId: state.resourceId.toHexString(),
      orgId: state.orgId.toHexString(),
      status: state.status,
      location: state.location,
    };
    this.copies.set(id, held);
    let schools = this.byTitle.get(held.titleId);
    if (!schools) this.byTitle.set(held.titleId, (schools = new Map()));
    let ids = schools.get(held.orgId);
    if (!ids) schools.set(held.orgId, (ids = new Set()));
    ids.add(id);
  }

  private drop(id: string): void {
    const held = this.copies.get(id);
    if (!held) return;
    this.copies.delete(id);
    const schools = this.byTitle.get(held.titleId);
    const ids = schools?.get(held.orgId);
    ids?.delete(id);
    if (ids && !ids.size) schools!.delete(held.orgId);
    if (schools && !schools.size) this.byTitle.delete(held.titleId);
  }
}
