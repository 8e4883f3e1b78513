/**
 * SearchQuery → OpenSearch request body, scoring exactly as src/search/port.ts defines relevance:
 * every clause that scores is a constant_score whose boost is an integer, so the engine's score
 * is the same integer sum the memory engine computes (no BM25, no float drift).
 */
import { facetNames, type FacetName, type Filters } from '../facets.js';
import {
  DEFAULT_FACET_SIZE,
  EXACT,
  FACET_SIZE,
  fieldWeight,
  LEADING_PHRASE_BONUS,
  MIN_PREFIX_LENGTH,
  PHRASE_BONUS,
  PREFIX,
  textFields,
  TONE_BONUS,
  type SearchQuery,
  type SortOrder,
  type Visibility,
} from '../port.js';
import type { QueryWords } from '../queryWords.js';

type Clause = Record<string, unknown>;
const constant = (filter: Clause, boost: number): Clause => ({ constant_score: { filter, boost } });
const terms = (field: string, values: readonly string[]): Clause => ({ terms: { [field]: values } });
const term = (field: string, value: string): Clause => ({ term: { [field]: value } });

/** One query word: the best of whole word or beginning, over the fields, by weight. */
function wordClause(word: string): Clause {
  const queries = textFields.flatMap((f) => [
    constant(term(f, word), EXACT * fieldWeight[f]),
    ...(word.length >= MIN_PREFIX_LENGTH ? [constant({ prefix: { [f]: word } }, PREFIX * fieldWeight[f])] : []),
  ]);
  return { dis_max: { queries, tie_breaker: 0 } };
}

function bonusClauses(words: QueryWords): Clause[] {
  const spans = words.phrase.map((w) => ({ span_term: { title: w } }));
  const phrase = spans.length === 1 ? spans[0]! : { span_near: { clauses: spans, slop: 0, in_order: true } };
  return [
    constant(phrase, PHRASE_BONUS),
    constant({ span_first: { match: phrase, end: spans.length } }, LEADING_PHRASE_BONUS - PHRASE_BONUS),
    ...words.typed.map((w) => constant(term('title.typed', w), TONE_BONUS)),
  ];
}

export function visibilityFilter(v: Visibility): Clause {
  if (!v.rules.length) return { match_none: {} };
  const should = v.rules.map((r) => {
    const filter: Clause[] = [term('scope', r.scope), term('status', r.status)];
    const not: Clause[] = [];
    if (v.personId) (r.owned ? filter : not).push(term('ownerId', v.personId));
    if (v.grantedIds.length) (r.granted ? filter : not).push(terms('id', v.grantedIds));
    if (r.orgIds) filter.push(terms('org', r.orgIds));
    return { bool: { filter, must_not: not } };
  });
  return { bool: { should, minimum_should_match: 1 } };
}

function facetFilters(filters: Filters, except?: FacetName): Clause[] {
  return facetNames.filter((f) => f !== except && filters[f]?.length).map((f) => terms(f, filters[f]!));
}

/** Each facet counted with every filter but its own (multi-select facets). */
function facetAggregations(filters: Filters): Clause {
  return Object.fromEntries(
    facetNames.map((f) => [
      f,
      {
        filter: { bool: { filter: facetFilters(filters, f) } },
        aggs: {
          values: {
            terms: {
              field: f,
              size: FACET_SIZE[f] ?? DEFAULT_FACET_SIZE,
              order: [{ _count: 'desc' }, { _key: 'asc' }],
            },
          },
        },
      },
    ]),
  );
}

export function sortOf(order: SortOrder, hasWords: boolean): Clause[] {
  switch (order) {
    case 'relevance':
      return hasWords
        ? [{ _score: 'desc' }, { newestAt: 'desc' }, { id: 'desc' }]
        : [{ newestAt: 'desc' }, { id: 'desc' }];
    case 'newest':
      return [{ newestAt: 'desc' }, { id: 'desc' }];
    case 'views':
      return [{ views: 'desc' }, { newestAt: 'desc' }, { id: 'desc' }];
    case 'title':
      return [{ titleKey: 'asc' }, { id: 'asc' }];
  }
}

export function searchBody(query: SearchQuery, words: QueryWords): Clause {
  const hasWords = words.required.length > 0;
  const filter: Clause[] = [visibilityFilter(query.visibility)];
  if (query.ownerId !== undefined) filter.push(term('ownerId', query.ownerId));
  if (query.orgIds !== undefined) filter.push(terms('org', query.orgIds));
  const relevance = hasWords && query.sort === 'relevance';
  return {
    query: {
      bool: {
        filter,
        must: words.required.map(wordClause),
        should: relevance ? bonusClauses(words) : [],
      },
    },
    post_filter: { bool: { filter: facetFilters(query.filters) } },
    aggs: facetAggregations(query.filters),
    sort: sortOf(query.sort, hasWords),
    track_total_hits: true,
    _source: ['card', 'views'],
  };
}
