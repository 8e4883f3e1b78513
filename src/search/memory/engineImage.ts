/**
 * The memory engine as snapshot sections (src/search/memory/snapshotFile.ts) and back. Entries
 * are renumbered 0…n-1 in ordinal order (dead ones dropped), so posting lists stay sorted. Values
 * shared by many entries (organisations, owners, codes, facet value lists) are written once in a
 * table and referred to by number; dates, views and postings are typed arrays; the browse lists
 * are kept in their order, so a restored engine sorts nothing. What is derived cheaply (title word
 * numbers, facet buckets, value lists, postings per entry) is rebuilt, not stored.
 */
import type { ResourceStatus, SharingScope } from '../../domain/resource.js';
import type { EntryFields, EntryStore, LeanEntry } from './entries.js';
import type { BrowseOrder, PresortedList } from './orders.js';
import type { Postings } from './postings.js';
import type { SectionValue } from './snapshotFile.js';

export interface EngineParts {
  store: EntryStore;
  postings: Postings;
  lists: Record<BrowseOrder, PresortedList>;
}

const ORDERS: readonly BrowseOrder[] = ['newest', 'views', 'title'];
/** Per entry: organisation, owner, status, scope (numbers in the string table). */
const REFS = 4;
const EXTERNAL = 1;
const PRINTED = 2;

/** Numbers values by first appearance (by identity: interned values and lists are shared). */
class Table<T> {
  readonly values: T[] = [];
  private readonly numbers = new Map<T, number>();
  of(value: T): number {
    let n = this.numbers.get(value);
    if (n === undefined) this.numbers.set(value, (n = this.values.push(value) - 1));
    return n;
  }
}

/** Everything the engine holds, as sections; taken at once (no await), so it is one moment's index. */
export function captureImage(parts: EngineParts): Map<string, SectionValue> {
  const live = parts.store.byOrdinal.filter((e): e is LeanEntry => e !== undefined);
  const renumber = new Int32Array(parts.store.byOrdinal.length).fill(-1);
  live.forEach((e, i) => (renumber[e.ordinal] = i));
  const strings = new Table<string>();
  const lists = new Table<readonly string[]>();
  const grades = new Table<readonly number[]>();
  const listsPerEntry = live[0] ? live[0].facetValues.length + 1 : 0;
  const refs = new Uint32Array(live.length * REFS);
  const listRefs = new Uint32Array(live.length * listsPerEntry);
  const cols = parts.store.columns;
  const column = (of: Float64Array) => Float64Array.from(live, (e) => of[e.ordinal]!);
  live.forEach((e, i) => {
    refs.set([strings.of(e.orgId), strings.of(e.ownerId), strings.of(e.status), strings.of(e.scope)], i * REFS);
    listRefs.set([...e.facetValues.map((v) => lists.of(v)), lists.of(e.fileKinds)], i * listsPerEntry);
  });
  const postings = parts.postings.capture(renumber);
  return new Map<string, SectionValue>([
    ['ids', live.map((e) => e.id)],
    ['strings', strings.values],
    ['refs', refs],
    ['lists', lists.values],
    ['listRefs', listRefs],
    ['gradeRefs', Uint32Array.from(live, (e) => grades.of(e.grades))],
    ['grades', grades.values],
    ['versions', Float64Array.from(live, (e) => e.version)],
    ['flags', Uint32Array.from(live, (e) => (e.external ? EXTERNAL : 0) | (e.printed ? PRINTED : 0))],
    ['titles', live.map((e) => e.title)],
    ['descriptions', live.map((e) => e.description)],
    ['externalUrls', live.map((e) => e.externalUrl)],
    ['published', column(cols.published)],
    ['created', column(cols.created)],
    ['modified', column(cols.modified)],
    ['views', column(cols.views)],
    ...ORDERS.map((o): [string, SectionValue] => [
      `order:${o}`,
      Uint32Array.from(parts.lists[o].all(), (e) => renumber[e.ordinal]!),
    ]),
    ['tokens', postings.tokens],
    ['tokenCounts', postings.counts],
    ['postings', postings.postings],
  ]);
}

type Read = (name: string) => Promise<SectionValue>;

async function readAs<T extends SectionValue>(read: Read, name: string, type: new () => T): Promise<T> {
  const value = await read(name);
  if (!(value instanceof type)) throw new Error(`section ${name} is not what it should be`);
  return value;
}

/** The entries' own fields, from the sections `captureImage` wrote first: how many, and entry i's. */
async function readEntryFields(read: Read): Promise<{ n: number; fieldsOf: (i: number) => EntryFields }> {
  const ids = (await readAs(read, 'ids', Array)) as string[];
  const strings = (await readAs(read, 'strings', Array)) as string[];
  const refs = await readAs(read, 'refs', Uint32Array);
  const lists = (await readAs(read, 'lists', Array)) as string[][];
  const listRefs = await readAs(read, 'listRefs', Uint32Array);
  const gradeRefs = await readAs(read, 'gradeRefs', Uint32Array);
  const grades = (await readAs(read, 'grades', Array)) as number[][];
  const versions = await readAs(read, 'versions', Float64Array);
  const flags = await readAs(read, 'flags', Uint32Array);
  const titles = (await readAs(read, 'titles', Array)) as string[];
  const descriptions = (await readAs(read, 'descriptions', Array)) as (string | null)[];
  const externalUrls = (await readAs(read, 'externalUrls', Array)) as (string | null)[];
  const [published, created, modified, views] = [
    await readAs(read, 'published', Float64Array),
    await readAs(read, 'created', Float64Array),
    await readAs(read, 'modified', Float64Array),
    await readAs(read, 'views', Float64Array),
  ];
  const n = ids.length;
  const listsPerEntry = n ? listRefs.length / n : 0;
  const string = (at: number) => strings[refs[at]!]!;
  const fieldsOf = (i: number): EntryFields => ({
    id: ids[i]!,
    orgId: string(i * REFS),
    ownerId: string(i * REFS + 1),
    status: string(i * REFS + 2) as ResourceStatus,
    scope: string(i * REFS + 3) as SharingScope,
    version: versions[i]!,
    title: titles[i]!,
    description: descriptions[i]!,
    externalUrl: externalUrls[i]!,
    external: (flags[i]! & EXTERNAL) !== 0,
    printed: (flags[i]! & PRINTED) !== 0,
    facetValues: Array.from({ length: listsPerEntry - 1 }, (_, f) => lists[listRefs[i * listsPerEntry + f]!]!),
    fileKinds: lists[listRefs[i * listsPerEntry + listsPerEntry - 1]!]!,
    grades: grades[gradeRefs[i]!]!,
    published: published[i]!,
    created: created[i]!,
    modified: modified[i]!,
    views: views[i]!,
  });
  return { n, fieldsOf };
}

/** Fills empty parts from sections read in the order `captureImage` wrote them; `added` sees each entry. */
export async function restoreImage(read: Read, parts: EngineParts, added: (e: LeanEntry) => void): Promise<void> {
  const { n, fieldsOf } = await readEntryFields(read);
  const orders: Uint32Array[] = [];
  for (const o of ORDERS) orders.push(await readAs(read, `order:${o}`, Uint32Array));
  const perEntry = parts.postings.restore(
    {
      tokens: (await readAs(read, 'tokens', Array)) as string[],
      counts: await readAs(read, 'tokenCounts', Uint32Array),
      postings: await readAs(read, 'postings', Int32Array),
    },
    n,
  );
  const entries: LeanEntry[] = [];
  for (let i = 0; i < n; i++) {
    const e = parts.store.insert(fieldsOf(i), perEntry[i]!);
    entries.push(e);
    added(e);
  }
  ORDERS.forEach((o, k) => {
    const order = Array.from(orders[k]!, (i) => entries[i]);
    if (order.length !== n || order.includes(undefined)) throw new Error(`the ${o} order does not hold every entry`);
    parts.lists[o].restore(order as LeanEntry[]);
  });
}
