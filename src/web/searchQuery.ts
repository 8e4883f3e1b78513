/**
 * A search as it arrives in a query string, and the one parser that turns it into what the search
 * service takes: for the search page, the API, the LTI picker and the work lists alike.
 */
import { z } from 'zod';
import { stripForbidden } from '../domain/text.js';
import { sortOrders, type SortOrder } from '../search/port.js';
import { facetNames, type Filters } from '../search/facets.js';
import type { SearchState } from '../presenters/searchPage.js';
import type { SearchParams } from '../services/search.js';

const many = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    v === undefined
      ? []
      : (Array.isArray(v) ? v : [v])
          .flatMap((x) => x.split(','))
          .map((x) => x.trim())
          .filter(Boolean)
          .slice(0, 50),
  );

/**
 * What people type into a search box: tidied, invisible and control characters dropped (no search
 * is refused for them).
 */
export const searchWords = z
  .string()
  .max(500)
  .overwrite((v) => stripForbidden(v))
  .optional()
  .default('');

export const searchQuerySchema = z.object({
  q: searchWords,
  sort: z
    .enum(sortOrders as unknown as [SortOrder, ...SortOrder[]])
    .optional()
    .default('relevance'),
  page: z.coerce.number().int().min(1).max(10_000).optional().default(1),
  limit: z.coerce.number().int().min(1).max(100).optional().default(20),
  /** Opaque cursor from a previous answer's `next` (API); takes precedence over `page`. */
  cursor: z.string().max(200).optional(),
  ...Object.fromEntries(facetNames.map((f) => [f, many])),
});

export type SearchQuery = z.output<typeof searchQuerySchema>;

/** A parsed query, or the part of one a list uses (the work lists have words and a page only). */
export type SearchInput = Pick<SearchQuery, 'q' | 'sort' | 'page' | 'limit'> & Partial<Record<string, unknown>>;

/** The facet values a query asks for (facets it leaves out are not in the result). */
export function filtersOf(query: Partial<Record<string, unknown>>): Filters {
  return Object.fromEntries(
    facetNames.map((f) => [f, (query[f] as string[] | undefined) ?? []] as const).filter(([, v]) => v.length),
  ) as Filters;
}

/** The search as the page shows it again: words trimmed, filters by facet, page and size. */
export function searchStateOf(query: SearchInput): SearchState {
  return { q: query.q.trim(), sort: query.sort, filters: filtersOf(query), page: query.page, limit: query.limit };
}

/**
 * What the search service is asked: the state's words, filters and order, its page as an offset;
 * `narrowing` adds what the caller restricts or positions (statuses, owner, a cursor, a larger limit).
 */
export function searchParamsOf(state: SearchState, narrowing: Partial<SearchParams> = {}): SearchParams {
  return {
    q: state.q,
    filters: state.filters,
    sort: state.sort,
    offset: (state.page - 1) * state.limit,
    limit: state.limit,
    ...narrowing,
  };
}
