/**
 * The sort orders of the memory engine, the same as OpenSearch's (src/search/opensearch/query.ts):
 * each ends on the id, so every order is total and a cursor (the sort values of the last hit)
 * names one place in it. Entries are kept presorted in each browse order, so that browsing without
 * words reads the first entries of a list instead of sorting the catalogue.
 */
import type { SearchAfter, SortOrder } from '../port.js';
import { sortKey } from '../text.js';
import type { EntryStore, LeanEntry } from './entries.js';

export type BrowseOrder = 'newest' | 'views' | 'title';

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareValues = (a: SearchAfter, b: SearchAfter, descending: readonly boolean[]): number => {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const c = typeof x === 'number' ? x - (y as number) : byId(x, y as string);
    if (c !== 0) return descending[i] ? -c : c;
  }
  return 0;
};

/** How each order ranks (descending per value), and the values of an entry in it. */
export const descendingOf: Record<SortOrder, readonly boolean[]> = {
  relevance: [true, true, true],
  newest: [true, true],
  views: [true, true, true],
  title: [false, false],
};

export class SortValues {
  private titleKeys = new Map<number, string>();

  constructor(private readonly store: EntryStore) {}

  /** The values of a hit ranked by relevance: its score, then as newest. */
  ofRelevance(e: LeanEntry, score: number): SearchAfter {
    return [score, this.store.columns.newest[e.ordinal]!, e.id];
  }

  of(order: BrowseOrder, e: LeanEntry): SearchAfter {
    const cols = this.store.columns;
    switch (order) {
      case 'newest':
        return [cols.newest[e.ordinal]!, e.id];
      case 'views':
        return [cols.views[e.ordinal]!, cols.newest[e.ordinal]!, e.id];
      case 'title':
        return [this.titleKey(e), e.id];
    }
  }

  /** `relevance`: values from `ofRelevance` (score first). */
  compare(order: BrowseOrder, a: SearchAfter, b: SearchAfter, relevance = false): number {
    return compareValues(a, b, relevance ? descendingOf.relevance : descendingOf[order]);
  }

  titleKey(e: LeanEntry): string {
    let key = this.titleKeys.get(e.ordinal);
    if (key === undefined) key = sortKey(e.title);
    return key;
  }

  /** Keeps the keys of one sort at hand (settling a list compares each entry many times). */
  remember(entries: readonly LeanEntry[]): void {
    for (const e of entries) this.titleKeys.set(e.ordinal, sortKey(e.title));
  }

  forget(): void {
    this.titleKeys.clear();
  }
}

/** Live entries in one browse order; appended unsorted during loading, sorted once when first read. */
export class PresortedList {
  private list: LeanEntry[] = [];
  private unsorted = false;

  constructor(
    private readonly order: BrowseOrder,
    private readonly values: SortValues,
  ) {}

  add(e: LeanEntry, loading: boolean): void {
    if (loading || this.unsorted) {
      this.list.push(e);
      this.unsorted = true;
      return;
    }
    this.list.splice(this.positionOf(this.values.of(this.order, e)), 0, e);
  }

  remove(e: LeanEntry, before: SearchAfter = this.values.of(this.order, e)): void {
    if (this.unsorted) {
      const at = this.list.indexOf(e);
      if (at >= 0) this.list.splice(at, 1);
      return;
    }
    const at = this.positionOf(before);
    if (this.list[at] === e) this.list.splice(at, 1);
    else {
      const found = this.list.indexOf(e); // its sort values changed in place: find it the slow way
      if (found >= 0) this.list.splice(found, 1);
    }
  }

  /** Entries from the first one after `after` (or the start), in order. */
  *from(after?: SearchAfter): Generator<LeanEntry> {
    this.settle();
    for (let i = after ? this.positionAfter(after) : 0; i < this.list.length; i++) yield this.list[i]!;
  }

  private settle(): void {
    if (!this.unsorted) return;
    if (this.order === 'title') this.values.remember(this.list);
    const valued = this.list.map((e) => ({ e, v: this.values.of(this.order, e) }));
    valued.sort((a, b) => this.values.compare(this.order, a.v, b.v));
    this.list = valued.map((x) => x.e);
    this.values.forget();
    this.unsorted = false;
  }

  /** The first index whose entry sorts at or after `values`. */
  private positionOf(values: SearchAfter): number {
    return this.search(values, (c) => c < 0);
  }

  private positionAfter(values: SearchAfter): number {
    return this.search(values, (c) => c <= 0);
  }

  private search(values: SearchAfter, before: (c: number) => boolean): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(this.values.compare(this.order, this.values.of(this.order, this.list[mid]!), values))) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
