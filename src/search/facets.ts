import type { IndexEntry } from './entry.js';

export const facetNames = [
  'level',
  'grade',
  'subject',
  'type',
  'series',
  'org',
  'licence',
  'audience',
  'language',
] as const;
export type FacetName = (typeof facetNames)[number];
/** Values allowed per facet: any of them within a facet, every facet at once. */
export type Filters = Partial<Record<FacetName, readonly string[]>>;

export interface FacetCount {
  value: string;
  count: number;
}
export type FacetCounts = Record<FacetName, FacetCount[]>;

// Facet values are read for every candidate of every query: hand out shared, frozen lists rather than new arrays.
const none: readonly string[] = Object.freeze([]);
const singletons = new Map<string, readonly string[]>();
const one = (v: string | null): readonly string[] => {
  if (!v) return none;
  let list = singletons.get(v);
  if (!list) singletons.set(v, (list = Object.freeze([v])));
  return list;
};
const gradeLists = new Map<number, readonly string[]>();
/** Grades as strings; lists are few (a level's grades), so they are shared by their bit pattern. */
const gradesOf = (grades: readonly number[]): readonly string[] => {
  let key = 0;
  for (const g of grades) key |= 1 << g;
  let list = gradeLists.get(key);
  if (!list) gradeLists.set(key, (list = Object.freeze(grades.map(String))));
  return list;
};

export function facetValues(e: IndexEntry, facet: FacetName): readonly string[] {
  const m = e.metadata;
  switch (facet) {
    case 'level':
      return one(m.level);
    case 'grade':
      return gradesOf(m.grades);
    case 'subject':
      return one(m.subject);
    case 'type':
      return one(m.type);
    case 'series':
      return one(m.series);
    case 'org':
      return one(e.orgId);
    case 'licence':
      return one(m.licence);
    case 'audience':
      return m.audience;
    case 'language':
      return one(m.language);
  }
}

/** Filters with their sets prepared once per query. */
export class FilterSet {
  private readonly active: [FacetName, ReadonlySet<string>][];

  constructor(filters: Filters) {
    this.active = facetNames.filter((f) => filters[f]?.length).map((f) => [f, new Set(filters[f])]);
  }

  /** Does the entry pass every filter, except possibly `ignored`'s own? */
  passes(e: IndexEntry, ignored?: FacetName): boolean {
    for (const [facet, allowed] of this.active) {
      if (facet === ignored) continue;
      const values = facetValues(e, facet);
      let found = false;
      for (let i = 0; i < values.length && !found; i++) found = allowed.has(values[i]!);
      if (!found) return false;
    }
    return true;
  }

  get empty(): boolean {
    return this.active.length === 0;
  }

  has(facet: FacetName): boolean {
    return this.active.some(([f]) => f === facet);
  }
}

/**
 * Counts per facet value. A facet with a filter of its own is counted as if that filter were
 * off, so the other values stay visible as alternatives (multi-select facets). Entries passing
 * every filter are collected into `matching` on the way (one pass over the candidates).
 */
export function countFacets(
  candidates: readonly IndexEntry[],
  filters: FilterSet,
  matching: IndexEntry[] = [],
): FacetCounts {
  const counts = Object.fromEntries(facetNames.map((f) => [f, new Map<string, number>()])) as Record<
    FacetName,
    Map<string, number>
  >;
  const filtered = facetNames.filter((f) => filters.has(f));
  const add = (e: IndexEntry, facet: FacetName) => {
    const map = counts[facet];
    const values = facetValues(e, facet);
    for (let i = 0; i < values.length; i++) map.set(values[i]!, (map.get(values[i]!) ?? 0) + 1);
  };
  for (const e of candidates) {
    if (filters.empty || filters.passes(e)) {
      matching.push(e);
      for (const facet of facetNames) add(e, facet);
    } else {
      // Outside the selection, an entry still counts for a filtered facet whose own filter alone excludes it.
      for (const facet of filtered) if (filters.passes(e, facet)) add(e, facet);
    }
  }
  return Object.fromEntries(
    facetNames.map((f) => [
      f,
      [...counts[f]]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)),
    ]),
  ) as FacetCounts;
}
