/**
 * Facet counts in the memory engine. A facet with a filter of its own is counted as if that
 * filter were off, so the other values stay visible as alternatives (multi-select facets), as
 * OpenSearch's per-facet filter aggregations count them.
 */
import { byCountThenValue, facetNames, type FacetCounts, type FacetName, type Filters } from '../facets.js';
import { DEFAULT_FACET_SIZE, FACET_SIZE } from '../port.js';
import type { LeanEntry } from './entries.js';

/** Filters with their sets prepared once per query. */
export class FilterSet {
  /** [facet index, allowed values]. */
  readonly active: [number, ReadonlySet<string>][];

  constructor(filters: Filters) {
    this.active = facetNames.flatMap((f, i) => (filters[f]?.length ? [[i, new Set(filters[f])] as const] : [])) as [
      number,
      ReadonlySet<string>,
    ][];
  }

  get empty(): boolean {
    return this.active.length === 0;
  }

  /** Does the entry pass every filter, except possibly the one on facet index `ignored`? */
  passes(e: LeanEntry, ignored = -1): boolean {
    for (const [facet, allowed] of this.active) {
      if (facet === ignored) continue;
      const values = e.facetValues[facet]!;
      let found = false;
      for (let i = 0; i < values.length && !found; i++) found = allowed.has(values[i]!);
      if (!found) return false;
    }
    return true;
  }
}

/** Value → count, per facet index. */
export type Tallies = Map<string, number>[];

export const newTallies = (): Tallies => facetNames.map(() => new Map<string, number>());

export function addTo(tallies: Tallies, facet: number, values: readonly string[], by = 1): void {
  const map = tallies[facet]!;
  for (let i = 0; i < values.length; i++) map.set(values[i]!, (map.get(values[i]!) ?? 0) + by);
}

/**
 * Counts facets over `candidates` (every entry that passes at least all filters but one is among
 * them) and collects the entries passing every filter into `matching`.
 */
export function countCandidates(
  candidates: Iterable<LeanEntry>,
  filters: FilterSet,
  matching: LeanEntry[],
  skipFacet = -1,
): Tallies {
  const tallies = newTallies();
  const filtered = filters.active.map(([f]) => f);
  for (const e of candidates) {
    if (filters.passes(e)) {
      matching.push(e);
      for (let f = 0; f < facetNames.length; f++) if (f !== skipFacet) addTo(tallies, f, e.facetValues[f]!);
    } else {
      // Outside the selection, an entry still counts for a filtered facet whose own filter alone excludes it.
      for (const f of filtered) if (f !== skipFacet && filters.passes(e, f)) addTo(tallies, f, e.facetValues[f]!);
    }
  }
  return tallies;
}

export function presentTallies(tallies: Tallies): FacetCounts {
  return Object.fromEntries(
    facetNames.map((name: FacetName, i) => [
      name,
      [...tallies[i]!]
        .filter(([, count]) => count > 0)
        .map(([value, count]) => ({ value, count }))
        .sort(byCountThenValue)
        .slice(0, FACET_SIZE[name] ?? DEFAULT_FACET_SIZE),
    ]),
  ) as FacetCounts;
}
