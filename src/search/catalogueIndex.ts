/**
 * The catalogue's search index, kept in memory by every instance and fed from the database
 * (src/services/catalogueReadModel.ts). It answers Vietnamese full-text queries with facets,
 * sorting and pagination without `$text`, and lists OAI-PMH records in datestamp order, on
 * MongoDB and on FerretDB alike.
 */
import type { Resource } from '../domain/resource.js';
import { buildEntry, weightedTokens, type IndexEntry } from './entry.js';
import { countFacets, FilterSet, type FacetCounts, type Filters } from './facets.js';
import { InvertedIndex } from './invertedIndex.js';
import { OaiList } from './oaiList.js';
import { topK } from './topK.js';
import { compareVietnamese, exactWords, fold, tokenize } from './text.js';

export type SortOrder = 'relevance' | 'newest' | 'title' | 'views';
export const sortOrders: readonly SortOrder[] = ['relevance', 'newest', 'title', 'views'];

export interface SearchRequest {
  text: string;
  filters: Filters;
  sort: SortOrder;
  offset: number;
  limit: number;
  /** The authorisation rule: only entries it accepts are found, counted or shown. */
  visible: (entry: IndexEntry) => boolean;
}

export interface SearchHit {
  entry: IndexEntry;
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  facets: FacetCounts;
}

const MAX_QUERY_TOKENS = 8;
const PREFIX_FACTOR = 0.6;

export class CatalogueIndex {
  private readonly byId = new Map<string, IndexEntry>();
  private byOrdinal: (IndexEntry | undefined)[] = [];
  private readonly inverted = new InvertedIndex();
  readonly oai = new OaiList();
  /** Ordinals of live entries in Vietnamese title order; rebuilt lazily. */
  private titleRank: Int32Array | undefined;
  private scratch = CatalogueIndex.newScratch(0);

  get size(): number {
    return this.byId.size;
  }

  get(id: string): IndexEntry | undefined {
    return this.byId.get(id);
  }

  /** Adds or replaces the resource. Deleted resources stay: OAI-PMH reports them as deleted. */
  upsert(resource: Resource, fullText = '', views?: number): IndexEntry {
    const previous = this.byId.get(resource.id);
    if (previous) this.retire(previous);
    const ordinal = this.byOrdinal.length;
    const tokens = resource.status === 'deleted' ? new Map<string, number>() : weightedTokens(resource, fullText);
    const entry = buildEntry(resource, ordinal, views ?? previous?.views ?? 0, tokens.size);
    this.byOrdinal.push(entry);
    this.byId.set(entry.id, entry);
    this.inverted.add(ordinal, tokens);
    this.oai.put(entry);
    this.titleRank = undefined;
    return entry;
  }

  remove(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.retire(entry);
    this.byId.delete(id);
    this.oai.remove(entry);
  }

  /** Views change often; they do not re-index the entry. */
  setViews(id: string, views: number): void {
    const entry = this.byId.get(id);
    if (entry) entry.views = views;
  }

  entries(): IterableIterator<IndexEntry> {
    return this.byId.values();
  }

  search(request: SearchRequest): SearchResult {
    const filters = new FilterSet(request.filters);
    const queryTokens = [...new Set(tokenize(request.text))].slice(0, MAX_QUERY_TOKENS);
    let candidates: IndexEntry[];
    let scores: Float64Array | undefined;
    if (queryTokens.length === 0) {
      candidates = [];
      for (const e of this.byId.values()) if (request.visible(e)) candidates.push(e);
    } else {
      ({ candidates, scores } = this.match(queryTokens, request));
    }

    const matching: IndexEntry[] = [];
    const facets = countFacets(candidates, filters, matching);
    if (scores && request.sort === 'relevance') this.addBonuses(matching, scores, request.text);
    const scoreOf = (e: IndexEntry) => (scores ? scores[e.ordinal]! : 0);
    const ordered = topK(
      matching,
      request.offset + request.limit,
      this.comparator(request.sort, scoreOf, request.text),
    );
    const page = ordered.slice(request.offset, request.offset + request.limit);
    return { hits: page.map((entry) => ({ entry, score: scoreOf(entry) })), total: matching.length, facets };
  }

  /** Entries holding every query token (a prefix of a word counts, less than the whole word). */
  private match(queryTokens: string[], request: SearchRequest): { candidates: IndexEntry[]; scores: Float64Array } {
    const s = this.prepareScratch();
    const query = ++s.query;
    let matched: number[] = [];
    queryTokens.forEach((queryToken, i) => {
      const generation = ++s.generation;
      const touched: number[] = [];
      const prefix = queryToken.length >= 2 || queryTokens.length === 1;
      for (const token of this.inverted.expand(queryToken, prefix)) {
        const factor = token === queryToken ? 1 : PREFIX_FACTOR;
        this.inverted.forEachPosting(token, (ordinal, weight) => {
          // From the second token on, only documents that held every earlier token stay in.
          if (i > 0 && (s.queryOf[ordinal] !== query || s.hits[ordinal] !== i)) return;
          const score = weight * factor;
          if (s.stamp[ordinal] !== generation) {
            s.stamp[ordinal] = generation;
            s.best[ordinal] = score;
            touched.push(ordinal);
          } else if (score > s.best[ordinal]!) s.best[ordinal] = score;
        });
      }
      for (const ordinal of touched) {
        s.total[ordinal] = (i === 0 ? 0 : s.total[ordinal]!) + s.best[ordinal]!;
        s.hits[ordinal] = i + 1;
        s.queryOf[ordinal] = query;
      }
      matched = touched;
    });

    const candidates: IndexEntry[] = [];
    for (const ordinal of matched) {
      const e = this.byOrdinal[ordinal];
      // Replaced and removed entries leave their ordinal empty (retire), so no stale entry is found here.
      if (e && request.visible(e)) candidates.push(e);
    }
    return { candidates, scores: s.total };
  }

  /** Ranks by more than word weights: the phrase in the title, words typed with their diacritics, popularity. Only for what is shown in order. */
  private addBonuses(entries: readonly IndexEntry[], scores: Float64Array, text: string): void {
    const phrase = fold(text).trim().replace(/\s+/g, ' ');
    const accented = exactWords(text);
    for (const e of entries) {
      let bonus = 0;
      if (e.titleFolded.startsWith(phrase)) bonus += 4;
      else if (e.titleFolded.includes(phrase)) bonus += 2;
      for (const w of accented) if (e.titleWords.has(w)) bonus += 0.5;
      scores[e.ordinal] = scores[e.ordinal]! + bonus + Math.log1p(e.views) * 0.05;
    }
  }

  private comparator(
    order: SortOrder,
    scoreOf: (e: IndexEntry) => number,
    text: string,
  ): (a: IndexEntry, b: IndexEntry) => number {
    const newest = (a: IndexEntry, b: IndexEntry) =>
      (b.publishedAt ?? b.createdAt).getTime() - (a.publishedAt ?? a.createdAt).getTime() || b.ordinal - a.ordinal;
    switch (order) {
      case 'relevance':
        return text.trim() ? (a, b) => scoreOf(b) - scoreOf(a) || newest(a, b) : newest;
      case 'newest':
        return newest;
      case 'views':
        return (a, b) => b.views - a.views || newest(a, b);
      case 'title': {
        const rank = this.titleRanks();
        return (a, b) => rank[a.ordinal]! - rank[b.ordinal]!;
      }
    }
  }

  private titleRanks(): Int32Array {
    if (!this.titleRank || this.titleRank.length < this.byOrdinal.length) {
      const live = [...this.byId.values()].sort(
        (a, b) => compareVietnamese(a.metadata.title, b.metadata.title) || a.ordinal - b.ordinal,
      );
      const rank = new Int32Array(this.byOrdinal.length);
      live.forEach((e, i) => (rank[e.ordinal] = i));
      this.titleRank = rank;
    }
    return this.titleRank;
  }

  private retire(entry: IndexEntry): void {
    this.byOrdinal[entry.ordinal] = undefined;
    this.inverted.forget(entry.postingCount, (ordinal) => this.byOrdinal[ordinal] !== undefined);
  }

  /** Per-ordinal work arrays, reused by every query; stamps tell this query's values from stale ones. */
  private static newScratch(size: number) {
    return {
      best: new Float64Array(size),
      stamp: new Uint32Array(size),
      total: new Float64Array(size),
      hits: new Uint8Array(size),
      queryOf: new Uint32Array(size),
      generation: 0,
      query: 0,
    };
  }

  private prepareScratch() {
    if (this.scratch.best.length < this.byOrdinal.length)
      this.scratch = CatalogueIndex.newScratch(Math.max(this.byOrdinal.length * 2, 1024));
    return this.scratch;
  }
}
