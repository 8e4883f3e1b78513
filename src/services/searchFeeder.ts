/**
 * Feeds the search engine (and, on the embedded default, the in-memory OAI-PMH list) from the
 * database: everything at start-up, streamed in batches while the server already answers, then
 * each resource the change feed names. With OpenSearch the index outlives the app: it is loaded
 * only when new, and otherwise caught up from the change feed's position stored beside it, so a
 * crash between a write and its indexing loses nothing (src/services/index.ts, startSearch).
 * Views follow the usage fold (`views.follow`): the rounds it counts, applied to the engine.
 */
import { readAll } from '../db/readAll.js';
import type { Resource } from '../domain/resource.js';
import type { Logger } from '../log.js';
import { allResourceBatches, resourceWithoutAudit, textId, toResource } from '../models/resource.js';
import { findResourceText } from '../models/resourceQueries.js';
import { allViews, viewsOf } from '../models/usage.js';
import { z } from 'zod';
import { oaiListImage, type MemoryOaiList } from './oaiMemoryList.js';
import { headerOf } from './oaiSource.js';
import { NO_PLACES, searchDocumentOf, type TitlePlaces } from '../search/document.js';
import type { SearchDocument, SearchEngine } from '../search/port.js';
import type { ChangeSubscriber } from './changeFeed.js';
import { FoldedViews } from './usageViews.js';

export interface FeedPositionStore {
  position(): Promise<number>;
  savePosition(position: number): Promise<void>;
}

const keptState = z.tuple([oaiListImage.nullable(), z.array(z.tuple([z.string(), z.string()]))]);
const OBJECT_ID = /^[0-9a-f]{24}$/i;
/** Titles kept for their places at most (a title whose copies never come is forgotten, then read). */
const MAX_AWAITING_PLACES = 2000;

/** Where copies of a title are now (src/services/library/holdings.ts); none: a catalogue without a library. */
export type PlacesOf = (titleId: string) => TitlePlaces;
const nowhere: PlacesOf = () => NO_PLACES;
const signatureOf = (p: TitlePlaces) => (p.holders.length ? `${p.holders.join(',')}|${p.availableAt.join(',')}` : '');

export class SearchFeeder implements ChangeSubscriber {
  private loaded = false;
  private savedPosition = 0;
  /** Resources changed while everything was loading: applied again once it is, lest an older read win. */
  private changedWhileLoading: Set<string> | null = null;
  readonly views: FoldedViews;
  /** The places each title was last indexed with (titles with copies only), to re-index only when they change. */
  private readonly indexedPlaces = new Map<string, string>();
  /** Titles this instance just created, as written, until their copies' places follow (see `apply`). */
  private readonly awaitingPlaces = new Map<string, Resource>();

  constructor(
    readonly engine: SearchEngine,
    private readonly log: Logger,
    /** The embedded default's OAI-PMH list; none when a search engine is configured. */
    readonly oaiList?: MemoryOaiList,
    /** Where the engine keeps the feed's position (OpenSearch); none for the memory engine. */
    private readonly positions?: FeedPositionStore,
    private readonly placesOf: PlacesOf = nowhere,
  ) {
    this.views = new FoldedViews((views) => this.engine.setViews(views));
  }

  get ready(): boolean {
    return this.loaded;
  }

  /** Loads every resource; `ready` from then on. */
  async loadAll(): Promise<void> {
    const started = Date.now();
    this.changedWhileLoading = new Set();
    let count = 0;
    await this.views.reload(async (views) => {
      count = await this.feedEverything(views);
    });
    await this.engine.refresh();
    const changed = [...this.changedWhileLoading];
    this.changedWhileLoading = null;
    await this.apply(changed);
    this.loaded = true;
    this.log.info({ resources: count, ms: Date.now() - started, engine: this.engine.name }, 'catalogue index loaded');
  }

  /** What the feeder keeps beside the index (the OAI-PMH list, the places indexed), for a snapshot of it. */
  attachment(): unknown[] {
    return [this.oaiList?.image() ?? null, [...this.indexedPlaces]];
  }

  /** Takes back what `attachment` gave, as a snapshot kept it; throws if it is not that. */
  restoreAttachment(attachment: unknown[]): void {
    const [list, places] = keptState.parse(attachment);
    if (this.oaiList && !list) throw new Error('the snapshot has no OAI-PMH list');
    if (this.oaiList?.length) throw new Error('the OAI-PMH list is not empty');
    if (list) this.oaiList?.restore(list);
    for (const [id, signature] of places) this.indexedPlaces.set(id, signature);
  }

  /** Nothing to load: the index is already there (OpenSearch, or a snapshot), caught up by the feed. */
  markLoaded(): void {
    this.loaded = true;
  }

  /**
   * The feed has a gap this instance cannot fill: re-read everything in place (no second copy of
   * the index is built beside the first) and drop what the database no longer has.
   */
  async reloadAll(): Promise<void> {
    const seen = new Set<string>();
    await this.views.reload((views) => this.feedEverything(views, seen).then(() => undefined));
    await this.engine.remove((await this.engine.ids()).filter((id) => !seen.has(id)));
    this.log.info({ resources: seen.size }, 'catalogue index reloaded');
  }

  /**
   * Indexes these resources again: those the writer handed (`written`, src/services/changeFeed.ts)
   * as they are, the others read. A title just created (version 1) is kept until its copies' places
   * follow (an import adds them at once), so it is not read then either.
   */
  async apply(ids: string[], written?: ReadonlyMap<string, unknown>): Promise<void> {
    const valid = [...new Set(ids)].filter((id) => OBJECT_ID.test(id));
    const handed = new Map<string, Resource>();
    for (const id of valid) {
      this.changedWhileLoading?.add(id);
      this.awaitingPlaces.delete(id);
      const resource = written?.get(id) as Resource | undefined;
      if (resource) handed.set(id, resource);
      if (resource?.version === 1) this.awaitPlaces(resource);
    }
    await this.index(valid, handed);
  }

  /**
   * Copies of these titles changed: the titles whose places (who holds them, where one is on the
   * shelf) differ from what their documents say are indexed again. After a restart on OpenSearch,
   * a title not seen yet is indexed again once, which also repairs a change missed while down.
   */
  async followPlaces(titleIds: Iterable<string>): Promise<void> {
    const changed = [...titleIds].filter(
      (id) => !this.indexedPlaces.has(id) || signatureOf(this.placesOf(id)) !== this.indexedPlaces.get(id),
    );
    const handed = new Map<string, Resource>();
    for (const id of changed) {
      const resource = this.awaitingPlaces.get(id);
      if (resource) handed.set(id, resource);
      this.awaitingPlaces.delete(id);
    }
    if (changed.length) await this.index(changed, handed);
  }

  private awaitPlaces(resource: Resource): void {
    this.awaitingPlaces.set(resource.id, resource);
    if (this.awaitingPlaces.size > MAX_AWAITING_PLACES)
      this.awaitingPlaces.delete(this.awaitingPlaces.keys().next().value!);
  }

  /** Indexes these resources, reading those not handed; a new one handed has no views yet, nor text. */
  private async index(ids: readonly string[], handed: ReadonlyMap<string, Resource>): Promise<void> {
    const found = await readAll(
      ids.filter((id) => !handed.has(id)),
      (id) => resourceWithoutAudit(id),
    );
    const read = found.flatMap((f) => (f.record ? [toResource({ ...f.record, audit: [] })] : []));
    const resources = [...handed.values(), ...read];
    const present = new Set(resources.map((r) => r.id));
    const seen = resources.filter((r) => !handed.has(r.id) || r.version > 1).map((r) => r.id);
    await this.feed(resources, await viewsOf(seen));
    const gone = ids.filter((id) => !present.has(id));
    await this.engine.remove(gone);
    for (const id of gone) this.oaiList?.remove(id);
  }

  /** Every title indexed with places: with `followPlaces`, what a reload of the holdings must check. */
  titlesWithPlaces(): string[] {
    return [...this.indexedPlaces.keys()];
  }

  async positionReached(position: number): Promise<void> {
    if (!this.positions || position <= this.savedPosition) return;
    await this.positions.savePosition(position);
    this.savedPosition = position;
  }

  /** Every resource of the database, a batch at a time, with `views` as folded; returns how many. */
  private async feedEverything(views: ReadonlyMap<string, number>, seen?: Set<string>): Promise<number> {
    let count = 0;
    for await (const records of allResourceBatches(1000)) {
      const ids = await this.feed(
        records.map((r) => toResource({ ...r, audit: [] })),
        views,
      );
      for (const id of ids) seen?.add(id);
      count += records.length;
    }
    return count;
  }

  /**
   * Indexes these resources (a deleted one leaves the engine; OAI-PMH keeps its tombstone); returns the ids indexed.
   */
  private async feed(resources: readonly Resource[], views: ReadonlyMap<string, number>): Promise<string[]> {
    const texts = await fullTexts(resources);
    const documents = resources.flatMap((r) => {
      const places = this.placesOf(r.id);
      const signature = signatureOf(places);
      if (signature) this.indexedPlaces.set(r.id, signature);
      else this.indexedPlaces.delete(r.id);
      return searchDocumentOf(r, texts.get(r.id) ?? '', views.get(r.id) ?? 0, places) ?? [];
    });
    await this.engine.index(documents);
    const indexed = new Set(documents.map((d) => d.card.id));
    await this.engine.remove(resources.filter((r) => !indexed.has(r.id)).map((r) => r.id));
    if (this.oaiList) {
      for (const r of resources) {
        const header = headerOf(r);
        if (header) this.oaiList.put(header);
        else this.oaiList.remove(r.id);
      }
    }
    return [...indexed];
  }
}

/** Every resource's search document, one at a time (for a stream that pulls at its own pace). */
export async function* documentStream(placesOf: PlacesOf = nowhere): AsyncGenerator<SearchDocument> {
  const views = await allViews();
  for await (const records of allResourceBatches(500)) {
    const resources = records.map((r) => toResource({ ...r, audit: [] }));
    const texts = await fullTexts(resources);
    for (const r of resources) {
      const d = searchDocumentOf(r, texts.get(r.id) ?? '', views.get(r.id) ?? 0, placesOf(r.id));
      if (d) yield d;
    }
  }
}

/** Extracted text of every file of these resources, by resource (read by `_id`: see src/db/readAll.ts). */
async function fullTexts(resources: readonly Resource[]): Promise<Map<string, string>> {
  const ids = resources.flatMap((r) => r.files.filter((f) => f.text === 'done').map((f) => textId(r.id, f.id)));
  const texts = new Map<string, string>();
  for (const { record } of await readAll(ids, findResourceText)) {
    if (!record) continue;
    const key = record.resourceId;
    texts.set(key, texts.has(key) ? `${texts.get(key)}\n${record.text}` : record.text);
  }
  return texts;
}
