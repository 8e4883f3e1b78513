/**
 * The search page as data: the query echoed back, facets whose values link to the same search with
 * that value toggled, the active filters each with a link that removes it, sort options and pages.
 * Every link is a plain GET URL, so the page works without JavaScript and can be bookmarked.
 */
import type { SchoolAvailability } from '../domain/copy.js';
import type { OrganisationTree } from '../domain/organisation.js';
import type { Language } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { sortOrders, type SearchPage, type SortOrder } from '../search/port.js';
import { compareVietnamese } from '../search/text.js';
import { facetNames, type FacetName, type Filters } from '../search/facets.js';
import type { AvailabilityView } from './copy.js';
import { presentFacets, presentSummary } from './resource.js';

export interface SearchState {
  q: string;
  sort: SortOrder;
  filters: Filters;
  page: number;
  limit: number;
}

/** What the union catalogue adds: where printed hits are held now, and the searcher's own schools. */
export interface UnionCatalogue {
  availability: ReadonlyMap<string, readonly SchoolAvailability[]>;
  mySchools: readonly { id: string; name: string }[];
  /** The searcher's latest inter-library request per printed hit, as its status label. */
  requests?: ReadonlyMap<string, string>;
}
const NO_UNION: UnionCatalogue = { availability: new Map(), mySchools: [] };
/** Schools named on a result card; the rest are counted. */
const HOLDERS_SHOWN = 3;

/** The page size of `searchQuerySchema` when none is asked for; links leave it out. */
export const DEFAULT_LIMIT = 20;
/** Values of a facet shown before "more"; chosen values are always shown. */
const FACET_VALUES_SHOWN = 12;

export function searchUrl(state: Omit<SearchState, 'limit'> & { limit?: number }, path = '/search'): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const facet of facetNames) for (const value of state.filters[facet] ?? []) params.append(facet, value);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.limit !== undefined && state.limit !== DEFAULT_LIMIT) params.set('limit', String(state.limit));
  if (state.page > 1) params.set('page', String(state.page));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

function toggled(filters: Filters, facet: FacetName, value: string): Filters {
  const current = filters[facet] ?? [];
  return { ...filters, [facet]: current.includes(value) ? current.filter((v) => v !== value) : [...current, value] };
}

export function presentSearchPage(
  state: SearchState,
  result: SearchPage,
  tree: OrganisationTree,
  lang: Language,
  union: UnionCatalogue = NO_UNION,
) {
  const t = translator(lang);
  const facets = presentFacets(result.facets, state.filters, tree, lang)
    .map((f) => {
      const values = f.values.map((v) => ({
        ...v,
        url: searchUrl({ ...state, filters: toggled(state.filters, f.name, v.value), page: 1 }),
      }));
      const shown = values.filter((v, i) => i < FACET_VALUES_SHOWN || v.selected);
      return { ...f, values: shown, hidden: values.length - shown.length };
    })
    .filter((f) => f.values.length > 0);
  const labelOf = new Map(facets.flatMap((f) => f.values.map((v) => [`${f.name}|${v.value}`, v.label] as const)));
  const active = facetNames.flatMap((facet) =>
    (state.filters[facet] ?? []).map((value) => ({
      facet,
      facetLabel: t(`search.facets.${facet}`),
      label: labelOf.get(`${facet}|${value}`) ?? value,
      removeUrl: searchUrl({ ...state, filters: toggled(state.filters, facet, value), page: 1 }),
    })),
  );
  return {
    q: state.q,
    total: result.total,
    from: result.total ? (state.page - 1) * state.limit + 1 : 0,
    to: Math.min(result.total, state.page * state.limit),
    hits: result.hits.map((h) => ({
      ...presentSummary(h.card, tree, lang),
      ...heldAt(union.availability.get(h.card.id) ?? [], tree),
      interLibraryStatus: union.requests?.get(h.card.id) ?? null,
    })),
    availableHere: union.mySchools.map((school) => ({
      name: school.name,
      selected: state.filters.available?.includes(school.id) ?? false,
      url: searchUrl({ ...state, filters: toggled(state.filters, 'available', school.id), page: 1 }),
    })),
    facets,
    active,
    clearUrl: searchUrl({ q: state.q, sort: state.sort, filters: {}, page: 1, limit: state.limit }),
    sorts: sortOrders.map((s) => ({ value: s, label: t(`web.search.sort.${s}`), selected: s === state.sort })),
    pagination: presentPagination(state, result.total),
  };
}

/** Links to the previous and next pages and to a few around this one (none when all fits on one). */
function presentPagination(state: SearchState, total: number) {
  const pages = Math.max(1, Math.ceil(total / state.limit));
  if (pages <= 1) return null;
  const pageLink = (n: number) => ({ number: n, url: searchUrl({ ...state, page: n }), current: n === state.page });
  const window = [...new Set([1, state.page - 2, state.page - 1, state.page, state.page + 1, state.page + 2, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  return {
    previous: state.page > 1 ? searchUrl({ ...state, page: state.page - 1 }) : null,
    next: state.page < pages ? searchUrl({ ...state, page: state.page + 1 }) : null,
    pages: window.map(pageLink),
  };
}

/**
 * A result card's "held at": the first few schools (those with a copy on the shelf first, then by
 * name) and how many more. Picked in one pass rather than by sorting every holder: a textbook is
 * held by nearly every school of the province, on every card of a page.
 */
function heldAt(availability: readonly SchoolAvailability[], tree: OrganisationTree) {
  const shown: AvailabilityView[] = [];
  for (const h of availability) {
    const view = { ...h, name: tree.get(h.orgId)?.name ?? '' };
    let at = shown.length;
    while (at > 0 && shownBefore(view, shown[at - 1]!)) at--;
    if (at < HOLDERS_SHOWN) shown.splice(at, 0, view);
    if (shown.length > HOLDERS_SHOWN) shown.pop();
  }
  return { heldAt: shown, heldAtMore: Math.max(0, availability.length - HOLDERS_SHOWN) };
}

/** Whether a school comes before another on a card: one with a copy on the shelf first, then by name. */
const shownBefore = (a: AvailabilityView, b: AvailabilityView): boolean =>
  a.available > 0 !== b.available > 0 ? a.available > 0 : compareVietnamese(a.name, b.name) < 0;
