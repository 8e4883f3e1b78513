/**
 * The embedded search engine: the whole catalogue in this process's memory, lean (see
 * entries.ts), for one machine with nothing else to install. It answers the search port exactly
 * as the OpenSearch adapter does (test/integration/search/contract.test.ts).
 */
import type { ResourceStatus } from '../../domain/resource.js';
import { facetNames } from '../facets.js';
import {
  MAX_OFFSET_WINDOW,
  textFields,
  type SearchCard,
  type SearchDocument,
  type SearchEngine,
  type SearchHit,
  type SearchPage,
  type SearchQuery,
  type Suggestion,
  type Tally,
  type Visibility,
} from '../port.js';
import { queryWords, type QueryWords } from '../queryWords.js';
import { tokenize } from '../text.js';
import { Buckets } from './buckets.js';
import { EntryStore, type LeanEntry } from './entries.js';
import { countCandidates, FilterSet, presentTallies, type Tallies } from './facetCounts.js';
import { Matcher } from './match.js';
import { captureImage, restoreImage, type EngineParts } from './engineImage.js';
import { PresortedList, SortValues, type BrowseOrder } from './orders.js';
import { Postings } from './postings.js';
import { openSnapshotFile, SnapshotUnreadable, writeSnapshotFile, type SectionValue } from './snapshotFile.js';
import { topK } from './topK.js';
import { visibilityTest, type EntryTest } from './visible.js';
import { ValueLists } from './valueLists.js';

const BULK = 64;

export class MemoryEngine implements SearchEngine {
  readonly name = 'memory' as const;
  // Not readonly: a snapshot is read into a fresh engine whose parts this one then takes (`adopt`).
  private store = new EntryStore();
  private postings = new Postings();
  private matcher = new Matcher(this.postings, this.store);
  private values = new SortValues(this.store);
  private lists: Record<BrowseOrder, PresortedList> = {
    newest: new PresortedList('newest', this.values),
    views: new PresortedList('views', this.values),
    title: new PresortedList('title', this.values),
  };
  private buckets = new Buckets();
  private valueLists = new ValueLists();
  /** Bumped by every change: a snapshot is written only when the index changed since the last one. */
  private changes = 0;

  get changeCount(): number {
    return this.changes;
  }

  /**
   * Writes the whole index, with `facts`, the caller's `attachment` and its `extra` sections (after
   * the index's), to `file` (atomically). The index is copied at once, before any write: what is
   * written is one moment's index.
   */
  writeSnapshot(
    file: string,
    facts: Record<string, unknown>,
    attachment: unknown[],
    extra: ReadonlyMap<string, SectionValue> = new Map(),
  ): Promise<number> {
    const sections = captureImage(this.parts());
    sections.set('attachment', attachment);
    for (const [name, value] of extra) sections.set(name, value);
    return writeSnapshotFile(file, { ...facts, changes: this.changes }, sections);
  }

  /**
   * Replaces this engine's contents with a snapshot's, if `accept` finds nothing wrong with its
   * facts (it returns why not), handing the attachment and the extra sections written with it
   * (none from a snapshot written before they were) to `take` first. Throws
   * (leaving this engine as it was) for a refused, foreign or damaged snapshot, or when `take`
   * throws; returns the snapshot's facts.
   */
  async readSnapshot(
    file: string,
    accept: (facts: Record<string, unknown>) => Promise<string | null>,
    take: (attachment: unknown[], extra: ReadonlyMap<string, SectionValue>) => void,
  ): Promise<Record<string, unknown>> {
    const reader = await openSnapshotFile(file);
    try {
      const refused = await accept(reader.facts);
      if (refused) throw new SnapshotUnreadable(refused);
      const fresh = new MemoryEngine();
      await restoreImage(
        (name) => reader.section(name),
        fresh.parts(),
        (e) => {
          fresh.buckets.add(e);
          fresh.valueLists.add(e);
        },
      );
      const attachment = await reader.section('attachment');
      const extra = await reader.rest();
      await reader.verify();
      if (!Array.isArray(attachment)) throw new SnapshotUnreadable('no attachment');
      take(attachment, extra);
      this.adopt(fresh);
      return reader.facts;
    } finally {
      await reader.close();
    }
  }

  private parts(): EngineParts {
    return { store: this.store, postings: this.postings, lists: this.lists };
  }

  private adopt(other: MemoryEngine): void {
    this.store = other.store;
    this.postings = other.postings;
    this.matcher = other.matcher;
    this.values = other.values;
    this.lists = other.lists;
    this.buckets = other.buckets;
    this.valueLists = other.valueLists;
    this.changes++;
  }

  index(documents: readonly SearchDocument[]): Promise<void> {
    // A large batch (loading) is appended to the browse lists, sorted once when next read.
    const bulk = documents.length > BULK;
    for (const d of documents) this.put(d, bulk);
    return Promise.resolve();
  }

  ids(): Promise<string[]> {
    return Promise.resolve([...this.store.byId.keys()]);
  }

  remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const e = this.store.byId.get(id);
      if (e) this.retire(e);
    }
    return Promise.resolve();
  }

  setViews(views: ReadonlyMap<string, number>): Promise<void> {
    for (const [id, n] of views) {
      const e = this.store.byId.get(id);
      if (!e || this.store.columns.views[e.ordinal] === n) continue;
      this.changes++;
      const before = this.values.of('views', e);
      this.lists.views.remove(e, before);
      this.store.columns.views[e.ordinal] = n;
      this.lists.views.add(e, views.size > BULK);
    }
    return Promise.resolve();
  }

  search(query: SearchQuery): Promise<SearchPage> {
    const visible = visibilityTest(query.visibility, query.ownerId, query.orgIds);
    const filters = new FilterSet(query.filters);
    const words = queryWords(query.text);
    const page = words.required.length
      ? this.searchWords(query, words, visible, filters)
      : this.browse(query, visible, filters);
    return Promise.resolve(page);
  }

  async suggest(prefix: string, visibility: Visibility, limit: number): Promise<Suggestion[]> {
    const page = await this.search({ text: prefix, filters: {}, sort: 'relevance', visibility, limit });
    return page.hits.map((h) => ({ id: h.card.id, title: h.card.title }));
  }

  cards(ids: readonly string[]): Promise<Map<string, SearchCard>> {
    const found = new Map<string, SearchCard>();
    for (const id of ids) {
      const e = this.store.byId.get(id);
      if (e) found.set(id, this.store.card(e));
    }
    return Promise.resolve(found);
  }

  tally(orgIds: readonly string[], statuses: readonly ResourceStatus[]): Promise<Tally> {
    const orgs = new Set(orgIds);
    const wanted = new Set(statuses);
    const t: Tally = { total: 0, byStatus: new Map(), byType: new Map(), bySubject: new Map(), byLevel: new Map() };
    const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    for (const e of this.store.byId.values()) {
      if (!orgs.has(e.orgId) || !wanted.has(e.status)) continue;
      t.total++;
      bump(t.byStatus, e.status);
      bump(t.byType, e.facetValues[3]![0] ?? '');
      bump(t.bySubject, e.facetValues[2]![0] ?? '');
      bump(t.byLevel, e.facetValues[0]![0] ?? '');
    }
    return Promise.resolve(t);
  }

  mostViewed(orgIds: readonly string[], statuses: readonly ResourceStatus[], limit: number): Promise<SearchCard[]> {
    const orgs = new Set(orgIds);
    const wanted = new Set(statuses);
    const found: SearchCard[] = [];
    for (const e of this.lists.views.from()) {
      if (found.length === limit) break;
      if (orgs.has(e.orgId) && wanted.has(e.status)) found.push(this.store.card(e));
    }
    return Promise.resolve(found);
  }

  count(): Promise<number> {
    return Promise.resolve(this.store.byId.size);
  }

  refresh(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private put(d: SearchDocument, bulk: boolean): void {
    this.changes++;
    const previous = this.store.byId.get(d.card.id);
    if (previous) this.retire(previous);
    const tokens = weightedTokens(d);
    const e = this.store.add(d, facetNames, tokens.size);
    this.postings.add(e.ordinal, tokens);
    if (bulk) this.values.keep(e, d.titleKey);
    for (const list of Object.values(this.lists)) list.add(e, bulk);
    this.buckets.add(e);
    this.valueLists.add(e);
  }

  private retire(e: LeanEntry): void {
    this.changes++;
    for (const list of Object.values(this.lists)) list.remove(e);
    this.buckets.remove(e);
    this.store.retire(e);
    const alive = (ordinal: number) => this.store.byOrdinal[ordinal] !== undefined;
    this.postings.forget(e.postingCount, alive);
    this.valueLists.forget(e, alive);
  }

  private searchWords(query: SearchQuery, words: QueryWords, visible: EntryTest, filters: FilterSet): SearchPage {
    const { ordinals, scores } = this.matcher.match(words.required);
    const candidates: LeanEntry[] = [];
    for (const ordinal of ordinals) {
      const e = this.store.byOrdinal[ordinal];
      if (e && visible(e)) candidates.push(e);
    }
    const matching: LeanEntry[] = [];
    const tallies = countCandidates(candidates, filters, matching);
    const order: BrowseOrder = query.sort === 'relevance' ? 'newest' : query.sort;
    const relevance = query.sort === 'relevance';
    if (relevance) this.matcher.addBonuses(matching, scores, words.phrase, words.typed);
    const valuesOf = (e: LeanEntry) =>
      relevance ? this.values.ofRelevance(e, scores[e.ordinal]!) : this.values.of(order, e);
    return this.ordered(
      query,
      matching,
      tallies,
      valuesOf,
      order,
      (e) => (relevance ? scores[e.ordinal]! : 0),
      relevance,
    );
  }

  private browse(query: SearchQuery, visible: EntryTest, filters: FilterSet): SearchPage {
    const order: BrowseOrder = query.sort === 'relevance' ? 'newest' : query.sort;
    const narrowed = query.ownerId !== undefined || query.orgIds !== undefined;
    if (filters.empty && !narrowed) {
      const { total, tallies } = this.buckets.tally(query.visibility, visible, (id) => this.store.byId.get(id));
      const hits: SearchHit[] = [];
      let skip = query.after ? 0 : (query.offset ?? 0);
      if (skip + query.limit <= MAX_OFFSET_WINDOW)
        for (const e of this.lists[order].from(query.after)) {
          if (hits.length === query.limit) break;
          if (!visible(e) || skip-- > 0) continue;
          hits.push(this.hit(e, this.values.of(order, e), 0));
        }
      return { hits, total, facets: presentTallies(tallies) };
    }
    const matching: LeanEntry[] = [];
    const tallies = this.countFiltered(query, visible, filters, matching);
    return this.ordered(
      query,
      matching,
      tallies,
      (e) => this.values.of(order, e),
      order,
      () => 0,
    );
  }

  /**
   * Facet counts and matching entries of a browse with filters or narrowings, from the smallest lists that hold them.
   */
  private countFiltered(query: SearchQuery, visible: EntryTest, filters: FilterSet, matching: LeanEntry[]): Tallies {
    const visibleOf = (entries: Iterable<LeanEntry>) => filterIterable(entries, visible);
    if (query.ownerId !== undefined)
      return countCandidates(visibleOf(this.buckets.ownedBy(query.ownerId)), filters, matching);
    if (query.orgIds !== undefined || filters.empty)
      return countCandidates(visibleOf(this.store.byId.values()), filters, matching);
    const lookup = (o: number) => this.store.byOrdinal[o];
    if (filters.active.length === 1) {
      // The filtered facet's own counts are everything visible (its filter off): the buckets have them.
      const [facet] = filters.active[0]!;
      const all = this.buckets.tally(query.visibility, visible, (id) => this.store.byId.get(id)).tallies;
      const tallies = countCandidates(
        visibleOf(this.valueLists.union(filters.active, 1, lookup)),
        filters,
        matching,
        facet,
      );
      tallies[facet] = all[facet]!;
      return tallies;
    }
    // Whatever passes all filters but one passes one of the two most selective.
    return countCandidates(visibleOf(this.valueLists.union(filters.active, 2, lookup)), filters, matching);
  }

  private ordered(
    query: SearchQuery,
    matching: LeanEntry[],
    tallies: Tallies,
    valuesOf: (e: LeanEntry) => readonly (number | string)[],
    order: BrowseOrder,
    scoreOf: (e: LeanEntry) => number,
    relevance = false,
  ): SearchPage {
    const after = query.after;
    const compare = (a: LeanEntry, b: LeanEntry) => this.values.compare(order, valuesOf(a), valuesOf(b), relevance);
    const eligible = after
      ? matching.filter((e) => this.values.compare(order, valuesOf(e), after, relevance) > 0)
      : matching;
    const offset = after ? 0 : (query.offset ?? 0);
    const inWindow = offset + query.limit <= MAX_OFFSET_WINDOW;
    const page = inWindow ? topK(eligible, offset + query.limit, compare).slice(offset) : [];
    return {
      hits: page.map((e) => this.hit(e, valuesOf(e), scoreOf(e))),
      total: matching.length,
      facets: presentTallies(tallies),
    };
  }

  private hit(e: LeanEntry, sortValues: readonly (number | string)[], score: number): SearchHit {
    return { card: this.store.card(e), score, sortValues };
  }
}

/** Every token of the document with the best field (index in `textFields`) it occurs in. */
function weightedTokens(d: SearchDocument): Map<string, number> {
  const tokens = new Map<string, number>();
  for (let field = textFields.length - 1; field >= 0; field--) {
    for (const token of tokenize(d.text[textFields[field]!])) tokens.set(token, field);
  }
  return tokens;
}

function* filterIterable<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}
