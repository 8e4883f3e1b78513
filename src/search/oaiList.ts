/**
 * Harvestable records (exposed, and tombstones of once-exposed ones) in (datestamp, id) order:
 * OAI-PMH lists are read from here with keyset pagination, never by skipping.
 */
import type { IndexEntry } from './entry.js';

export interface OaiPosition {
  datestamp: number;
  id: string;
}

const compare = (a: OaiPosition, b: OaiPosition) =>
  a.datestamp - b.datestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const positionOf = (e: IndexEntry): OaiPosition => ({ datestamp: e.oai.datestamp!.getTime(), id: e.id });

export class OaiList {
  private readonly list: IndexEntry[] = [];
  /** Appended out of order since the last sort: loading 100,000 records appends, then sorts once. */
  private unsorted = false;
  /** Where each listed record sits, to find it again by binary search. */
  private readonly positions = new Map<string, OaiPosition>();
  /** Bumped by every change, so answers cached per list (its size) know when to recount. */
  generation = 0;

  put(entry: IndexEntry): void {
    this.take(entry.id);
    if (entry.oai.state !== 'none' && entry.oai.datestamp) {
      const position = positionOf(entry);
      const last = this.list[this.list.length - 1];
      if (last && compare(position, positionOf(last)) < 0) this.unsorted = true;
      this.list.push(entry);
      this.positions.set(entry.id, position);
    }
    this.generation++;
  }

  remove(entry: IndexEntry): void {
    this.take(entry.id);
    this.generation++;
  }

  private take(id: string): void {
    const position = this.positions.get(id);
    if (!position) return;
    this.settle();
    const at = this.firstAfter(position, true);
    if (this.list[at]?.id === id) this.list.splice(at, 1);
    this.positions.delete(id);
  }

  get length(): number {
    return this.list.length;
  }

  earliest(): IndexEntry | undefined {
    this.settle();
    return this.list[0];
  }

  /** Entries after `after` (exclusive) with a datestamp in [from, until], as `accept` allows, up to `limit`. */
  page(options: {
    after?: OaiPosition;
    from?: number;
    until?: number;
    limit: number;
    accept: (e: IndexEntry) => boolean;
  }): { entries: IndexEntry[]; more: boolean } {
    this.settle();
    let i = options.after
      ? this.firstAfter(options.after, false)
      : options.from !== undefined
        ? this.firstAfter({ datestamp: options.from, id: '' }, true)
        : 0;
    const entries: IndexEntry[] = [];
    for (; i < this.list.length; i++) {
      const e = this.list[i]!;
      if (options.from !== undefined && e.oai.datestamp!.getTime() < options.from) continue;
      if (options.until !== undefined && e.oai.datestamp!.getTime() > options.until) break;
      if (!options.accept(e)) continue;
      if (entries.length === options.limit) return { entries, more: true };
      entries.push(e);
    }
    return { entries, more: false };
  }

  count(options: { from?: number; until?: number; accept: (e: IndexEntry) => boolean }): number {
    let n = 0;
    for (const e of this.list) {
      const t = e.oai.datestamp!.getTime();
      if ((options.from !== undefined && t < options.from) || (options.until !== undefined && t > options.until))
        continue;
      if (options.accept(e)) n++;
    }
    return n;
  }

  private settle(): void {
    if (!this.unsorted) return;
    this.list.sort((a, b) => compare(positionOf(a), positionOf(b)));
    this.unsorted = false;
  }

  /** Index of the first entry at or after (`inclusive`) / strictly after `position`. */
  private firstAfter(position: OaiPosition, inclusive: boolean): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = compare(positionOf(this.list[mid]!), position);
      if (c < 0 || (!inclusive && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
