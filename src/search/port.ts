/**
 * The search port: what the catalogue asks of a search engine, whichever engine answers. Two
 * adapters implement it — `memory` (src/search/memory, the embedded default) and `opensearch`
 * (src/search/opensearch, when OPENSEARCH_URL is set) — and one contract suite
 * (test/integration/search/contract.test.ts) checks that both give the same hits, order, totals
 * and facet counts on the same data.
 *
 * Relevance is defined here, as integers, so that both engines can compute it exactly: per query
 * word, the best weight of the fields it occurs in (a whole word counts `EXACT` times the weight,
 * a word it begins `PREFIX` times), summed over the words; plus bonuses for the words standing as
 * a phrase in the title and for words typed with their tones as the title has them. Ties (and
 * every other sort order) end on the resource id, so that every order is total.
 */
import type { FileKind, ResourceStatus, SharingScope } from '../domain/resource.js';
import type { FacetCounts, Filters } from './facets.js';

export type SortOrder = 'relevance' | 'newest' | 'title' | 'views';
export const sortOrders: readonly SortOrder[] = ['relevance', 'newest', 'title', 'views'];

/** The weight classes of indexed text, from most to least telling. */
export const textFields = ['title', 'tag', 'creator', 'description', 'fullText'] as const;
export type TextField = (typeof textFields)[number];
export const fieldWeight: Record<TextField, number> = { title: 7, tag: 5, creator: 4, description: 3, fullText: 1 };
/** Score of a query word found whole / as the beginning of a word, per unit of field weight. */
export const EXACT = 10;
export const PREFIX = 6;
/** Query words shorter than this match whole words only (one letter would match half the catalogue). */
export const MIN_PREFIX_LENGTH = 2;
/** Title bonuses: the query's words in a row in the title, at its start; each word typed with the title's tones. */
export const PHRASE_BONUS = 20;
export const LEADING_PHRASE_BONUS = 40;
export const TONE_BONUS = 5;
export const MAX_QUERY_WORDS = 8;
/** No engine pages by offset beyond this many hits (OpenSearch's result window); cursors go on. */
export const MAX_OFFSET_WINDOW = 10_000;
/** Facet values counted per facet (most frequent first). */
export const FACET_SIZE: Record<string, number> = { org: 2000, holder: 2000, available: 2000 };
export const DEFAULT_FACET_SIZE = 200;

/** What a result card shows, and what the policy needs to decide about it. */
export interface SearchCard {
  id: string;
  orgId: string;
  ownerId: string;
  status: ResourceStatus;
  scope: SharingScope;
  /** The resource's version (review forms send it back). */
  version: number;
  title: string;
  /** Shortened for the card (see `CARD_DESCRIPTION_LENGTH`). */
  description: string | null;
  type: string;
  level: string | null;
  grades: readonly number[];
  subject: string | null;
  series: string | null;
  fileKinds: readonly FileKind[];
  externalUrl: string | null;
  external: boolean;
  /** A printed title (it has a print edition: schools may hold copies of it). */
  printed: boolean;
  publishedAt: Date | null;
  createdAt: Date;
  modifiedAt: Date;
  views: number;
}

/** What an engine indexes for one resource: built in one place, src/search/document.ts. */
export interface SearchDocument {
  card: SearchCard;
  facets: Record<keyof FacetCounts, readonly string[]>;
  /** The words of each weight class, as text: engines tokenise and fold it themselves. */
  text: Record<TextField, string>;
  /** Byte-order sort key of the title in Vietnamese alphabetical order (src/search/text.ts). */
  titleKey: string;
}

/**
 * Who may see what, worked out by the policy (src/policies/resourceVisibility.ts) for one search:
 * a resource is visible when one rule matches its scope, status, whether the searcher owns it and
 * whether an LTI grant names it, and its organisation is among the rule's (or the rule says any).
 */
export interface Visibility {
  personId: string | null;
  grantedIds: readonly string[];
  rules: readonly VisibilityRule[];
}

export interface VisibilityRule {
  scope: SharingScope;
  status: ResourceStatus;
  owned: boolean;
  granted: boolean;
  /** `null`: any organisation. */
  orgIds: readonly string[] | null;
}

/** The position after which a page starts: the sort values of the last hit shown. */
export type SearchAfter = readonly (number | string)[];

/** What the sort values of an order are: a cursor of another shape was not made for this search. */
export function sortValueKinds(sort: SortOrder, hasWords: boolean): readonly ('number' | 'string')[] {
  if (sort === 'title') return ['string', 'string'];
  if (sort === 'views' || (sort === 'relevance' && hasWords)) return ['number', 'number', 'string'];
  return ['number', 'string'];
}

export interface SearchQuery {
  text: string;
  filters: Filters;
  sort: SortOrder;
  visibility: Visibility;
  /** Narrowings beyond what the person may see. */
  ownerId?: string;
  orgIds?: readonly string[];
  limit: number;
  /** Either an offset (pages) or a position (cursors); `after` wins. */
  offset?: number;
  after?: SearchAfter;
}

export interface SearchHit {
  card: SearchCard;
  score: number;
  /** Pass back as `after` for the page that follows this hit. */
  sortValues: SearchAfter;
}

export interface SearchPage {
  hits: SearchHit[];
  total: number;
  facets: FacetCounts;
}

export interface Suggestion {
  id: string;
  title: string;
}

/** Counts for the statistics report: every resource of some organisations, whoever asks. */
export interface Tally {
  total: number;
  byStatus: Map<string, number>;
  byType: Map<string, number>;
  bySubject: Map<string, number>;
  byLevel: Map<string, number>;
}

export interface SearchEngine {
  readonly name: 'memory' | 'opensearch';
  /** Adds or replaces documents. */
  index(documents: readonly SearchDocument[]): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
  /** Views change often: they do not re-index the document. */
  setViews(views: ReadonlyMap<string, number>): Promise<void>;
  search(query: SearchQuery): Promise<SearchPage>;
  /** Titles beginning with what was typed, best first, as far as `visibility` allows. */
  suggest(prefix: string, visibility: Visibility, limit: number): Promise<Suggestion[]>;
  /** Cards of these ids (any status, no visibility applied: callers ask the policy). */
  cards(ids: readonly string[]): Promise<Map<string, SearchCard>>;
  tally(orgIds: readonly string[], statuses: readonly ResourceStatus[]): Promise<Tally>;
  /** The most viewed resources of some organisations, with any of `statuses`. */
  mostViewed(orgIds: readonly string[], statuses: readonly ResourceStatus[], limit: number): Promise<SearchCard[]>;
  /** The ids of every document it holds. */
  ids(): Promise<string[]>;
  /** How many documents it holds (deleted resources are not held). */
  count(): Promise<number>;
  /** Makes everything indexed so far searchable (OpenSearch refreshes; memory is always so). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}
