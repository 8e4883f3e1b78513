/**
 * The embedded default's OAI-PMH list (no search engine configured): the headers of harvestable
 * records (exposed, and tombstones of once-exposed ones) in (datestamp, id) order, in memory, so
 * that a list page is found by keyset without asking the embedded database to sort the catalogue.
 * Headers only: a page's records are read from the database (src/services/oaiSource.ts).
 */
import { intern } from '../search/intern.js';
import type { OaiHeader, OaiPosition } from '../domain/oaiRecord.js';

const compare = (a: OaiPosition, b: OaiPosition) =>
  a.datestamp - b.datestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const positionOf = (e: OaiHeader): OaiPosition => ({ datestamp: e.oai.datestamp!.getTime(), id: e.id });

export class MemoryOaiList {
  private readonly list: OaiHeader[] = [];
  /** Appended out of order since the last sort: loading 100,000 records appends, then sorts once. */
  private unsorted = false;
  /** Each listed record by id: its datestamp finds it again by binary search. */
  private readonly byId = new Map<string, OaiHeader>();
  /** Bumped by every change, so answers cached per list (its size) know when to recount. */
  generation = 0;

  put(header: OaiHeader): void {
    this.take(header.id);
    if (header.oai.state !== 'none' && header.oai.datestamp) {
      // Kept for as long as the record is listed: codes shared, nothing else of the record.
      const entry: OaiHeader = {
        id: header.id,
        orgId: intern(header.orgId),
        oai: { state: header.oai.state, datestamp: header.oai.datestamp },
        level: intern(header.level),
        subject: intern(header.subject),
        type: intern(header.type),
      };
      const last = this.list[this.list.length - 1];
      if (last && compare(positionOf(entry), positionOf(last)) < 0) this.unsorted = true;
      this.list.push(entry);
      this.byId.set(entry.id, entry);
    }
    this.generation++;
  }

  remove(id: string): void {
    this.take(id);
    this.generation++;
  }

  private take(id: string): void {
    const listed = this.byId.get(id);
    if (!listed) return;
    this.settle();
    const at = this.firstAfter(positionOf(listed), true);
    if (this.list[at]?.id === id) this.list.splice(at, 1);
    this.byId.delete(id);
  }

  get length(): number {
    return this.list.length;
  }

  earliest(): OaiHeader | undefined {
    this.settle();
    return this.list[0];
  }

  /** Entries after `after` (exclusive) with a datestamp in [from, until], as `accept` allows, up to `limit`. */
  page(options: {
    after?: OaiPosition;
    from?: number;
    until?: number;
    limit: number;
    accept: (e: OaiHeader) => boolean;
  }): { entries: OaiHeader[]; more: boolean } {
    this.settle();
    let i = options.after
      ? this.firstAfter(options.after, false)
      : options.from !== undefined
        ? this.firstAfter({ datestamp: options.from, id: '' }, true)
        : 0;
    const entries: OaiHeader[] = [];
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

  count(options: { from?: number; until?: number; accept: (e: OaiHeader) => boolean }): number {
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
