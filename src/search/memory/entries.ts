/**
 * The memory engine's resources, kept lean: each entry holds what search, facets and a result
 * card need and nothing more. Vocabulary codes, organisation and owner ids and small lists are
 * interned (one copy shared by every entry); dates and views live in typed columns by ordinal;
 * the title's words live as numbers in one shared pool; the full text is not kept at all (only
 * its postings, src/search/memory/postings.ts).
 *
 * Every change gives the resource a new ordinal (the old one dies), so posting lists stay sorted
 * by ordinal without ever being re-sorted.
 */
import type { FileKind, ResourceStatus, SharingScope } from '../../domain/resource.js';
import type { FacetName } from '../facets.js';
import type { SearchCard, SearchDocument } from '../port.js';
import { intern, internList } from '../intern.js';
import { exactWords, tokenize } from '../text.js';

const gradeLists = new Map<string, readonly number[]>();
const internGrades = (grades: readonly number[]): readonly number[] => {
  const key = grades.join(',');
  let list = gradeLists.get(key);
  if (!list) gradeLists.set(key, (list = Object.freeze([...grades])));
  return list;
};

/** Words of titles, as numbers: folded words for the phrase bonus, words as typed for the tone bonus. */
class WordNumbers {
  private readonly ids = new Map<string, number>();
  of(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) this.ids.set(word, (id = this.ids.size));
    return id;
  }
  find(word: string): number {
    return this.ids.get(word) ?? -1;
  }
}

export class LeanEntry {
  constructor(
    readonly ordinal: number,
    readonly id: string,
    readonly orgId: string,
    readonly ownerId: string,
    readonly status: ResourceStatus,
    readonly scope: SharingScope,
    readonly version: number,
    readonly title: string,
    readonly description: string | null,
    readonly externalUrl: string | null,
    readonly external: boolean,
    readonly printed: boolean,
    /** Facet values, in `facetNames` order, each an interned list. */
    readonly facetValues: readonly (readonly string[])[],
    readonly grades: readonly number[],
    readonly fileKinds: readonly string[],
    /** Where the title's words start in the pool, and how many there are. */
    readonly titleAt: number,
    readonly titleLength: number,
    /** Postings this entry added (to know when to compact). */
    readonly postingCount: number,
  ) {}
}

const GROW = 1.5;

/** Per-ordinal numbers: dates as epoch milliseconds (NaN: none) and views. */
export class Columns {
  newest = new Float64Array(1024);
  published = new Float64Array(1024);
  created = new Float64Array(1024);
  modified = new Float64Array(1024);
  views = new Float64Array(1024);

  ensure(ordinal: number): void {
    if (ordinal < this.newest.length) return;
    const size = Math.ceil((ordinal + 1) * GROW);
    const grow = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.newest = grow(this.newest);
    this.published = grow(this.published);
    this.created = grow(this.created);
    this.modified = grow(this.modified);
    this.views = grow(this.views);
  }
}

export class EntryStore {
  readonly byOrdinal: (LeanEntry | undefined)[] = [];
  readonly byId = new Map<string, LeanEntry>();
  readonly columns = new Columns();
  readonly folded = new WordNumbers();
  readonly exact = new WordNumbers();
  /** Title words of every entry: folded word numbers, then the same count of as-typed word numbers. */
  private pool = new Int32Array(1 << 16);
  private poolLength = 0;

  get nextOrdinal(): number {
    return this.byOrdinal.length;
  }

  add(document: SearchDocument, facetNames: readonly FacetName[], postingCount: number): LeanEntry {
    const c = document.card;
    const ordinal = this.byOrdinal.length;
    const folded = tokenize(c.title);
    const typed = exactWords(c.title);
    const titleLength = Math.min(folded.length, typed.length);
    const titleAt = this.reserve(titleLength * 2);
    for (let i = 0; i < titleLength; i++) {
      this.pool[titleAt + i] = this.folded.of(folded[i]!);
      this.pool[titleAt + titleLength + i] = this.exact.of(typed[i]!);
    }
    const entry = new LeanEntry(
      ordinal,
      c.id,
      intern(c.orgId),
      intern(c.ownerId),
      c.status,
      c.scope,
      c.version,
      c.title,
      c.description,
      c.externalUrl,
      c.external,
      c.printed,
      facetNames.map((f) => internList(document.facets[f])),
      internGrades(c.grades),
      internList(c.fileKinds),
      titleAt,
      titleLength,
      postingCount,
    );
    this.columns.ensure(ordinal);
    const cols = this.columns;
    cols.published[ordinal] = c.publishedAt ? c.publishedAt.getTime() : NaN;
    cols.created[ordinal] = c.createdAt.getTime();
    cols.newest[ordinal] = (c.publishedAt ?? c.createdAt).getTime();
    cols.modified[ordinal] = c.modifiedAt.getTime();
    cols.views[ordinal] = c.views;
    this.byOrdinal.push(entry);
    this.byId.set(entry.id, entry);
    return entry;
  }

  retire(entry: LeanEntry): void {
    this.byOrdinal[entry.ordinal] = undefined;
    if (this.byId.get(entry.id) === entry) this.byId.delete(entry.id);
  }

  /** The title's folded (or as-typed) word numbers. */
  titleWords(entry: LeanEntry, typed: boolean): Int32Array {
    const from = entry.titleAt + (typed ? entry.titleLength : 0);
    return this.pool.subarray(from, from + entry.titleLength);
  }

  card(entry: LeanEntry): SearchCard {
    const cols = this.columns;
    const o = entry.ordinal;
    const published = cols.published[o]!;
    return {
      id: entry.id,
      orgId: entry.orgId,
      ownerId: entry.ownerId,
      status: entry.status,
      scope: entry.scope,
      version: entry.version,
      title: entry.title,
      description: entry.description,
      type: entry.facetValues[3]![0]!,
      level: entry.facetValues[0]![0] ?? null,
      grades: entry.grades,
      subject: entry.facetValues[2]![0] ?? null,
      series: entry.facetValues[4]![0] ?? null,
      fileKinds: entry.fileKinds as readonly FileKind[],
      externalUrl: entry.externalUrl,
      external: entry.external,
      printed: entry.printed,
      publishedAt: Number.isNaN(published) ? null : new Date(published),
      createdAt: new Date(cols.created[o]!),
      modifiedAt: new Date(cols.modified[o]!),
      views: cols.views[o]!,
    };
  }

  private reserve(length: number): number {
    if (this.poolLength + length > this.pool.length) {
      const bigger = new Int32Array(Math.ceil((this.poolLength + length) * GROW));
      bigger.set(this.pool.subarray(0, this.poolLength));
      this.pool = bigger;
    }
    const at = this.poolLength;
    this.poolLength += length;
    return at;
  }
}
