/** The facets of a search: names, the filters a query sets on them, and their counts. */
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
  /** Schools holding copies of a printed title (the union catalogue), and those with a copy on the shelf now. */
  'holder',
  'available',
] as const;
export type FacetName = (typeof facetNames)[number];
/** Values allowed per facet: any of them within a facet, every facet at once. */
export type Filters = Partial<Record<FacetName, readonly string[]>>;

export interface FacetCount {
  value: string;
  count: number;
}
export type FacetCounts = Record<FacetName, FacetCount[]>;

/** Most frequent first, then by value: the order both engines give. */
export const byCountThenValue = (a: FacetCount, b: FacetCount): number =>
  b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
