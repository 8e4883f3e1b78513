/**
 * Facet value → entries holding it (ordinals, ascending, dead ones skipped and compacted away as
 * in postings.ts): a browse with a facet filter starts from the entries of the chosen values
 * instead of visiting the whole catalogue.
 */
import type { LeanEntry } from './entries.js';
import { filterInts, forEachInt, push, sizeOf, type IntList } from './intList.js';

const keyOf = (facet: number, value: string) => `${facet}\u0001${value}`;

export class ValueLists {
  private readonly lists = new Map<string, IntList>();
  private live = 0;
  private dead = 0;

  add(e: LeanEntry): void {
    e.facetValues.forEach((values, facet) => {
      for (const value of values) {
        const key = keyOf(facet, value);
        const list = this.lists.get(key);
        const grown = push(list ?? [], e.ordinal);
        if (grown !== list) this.lists.set(key, grown);
        this.live++;
      }
    });
  }

  forget(e: LeanEntry, alive: (ordinal: number) => boolean): void {
    const n = e.facetValues.reduce((sum, values) => sum + values.length, 0);
    this.live -= n;
    this.dead += n;
    if (this.dead > 50_000 && this.dead > this.live / 4) this.compact(alive);
  }

  /**
   * Entries holding a chosen value of one of the `take` most selective filtered facets, each
   * once. `filters`: [facet index, chosen values].
   */
  *union(
    filters: readonly [number, ReadonlySet<string>][],
    take: number,
    lookup: (ordinal: number) => LeanEntry | undefined,
  ): Generator<LeanEntry> {
    const sized = filters.map(([facet, values]) => {
      const lists = [...values].map((v) => this.lists.get(keyOf(facet, v)) ?? []);
      return { lists, size: lists.reduce((n, l) => n + sizeOf(l), 0) };
    });
    sized.sort((a, b) => a.size - b.size);
    const seen = new Set<number>();
    for (const { lists } of sized.slice(0, take)) {
      for (const list of lists) {
        const found: LeanEntry[] = [];
        forEachInt(list, (ordinal) => {
          if (seen.has(ordinal)) return;
          seen.add(ordinal);
          const e = lookup(ordinal);
          if (e) found.push(e);
        });
        yield* found;
      }
    }
  }

  private compact(alive: (ordinal: number) => boolean): void {
    for (const [key, list] of this.lists) {
      const kept = filterInts(list, alive);
      if (sizeOf(kept)) this.lists.set(key, kept);
      else this.lists.delete(key);
    }
    this.dead = 0;
  }
}
