/**
 * The search port on a real OpenSearch 2.19 cluster, for a province on several machines: app
 * instances keep nothing of the catalogue in memory. Documents live in an index reached through an
 * alias (`OPENSEARCH_INDEX`), so that `npm run search:reindex` can build a new index beside the
 * live one and swap; a small state index beside it keeps how far the change feed has been applied
 * (src/services/searchFeeder.ts catches up from there after a crash).
 *
 * With src/search/opensearch/mapping.ts and query.ts, the only code that knows OpenSearch. It talks
 * through the maintained official client, whose bulk helper gives indexing back-pressure (it pulls
 * documents only as fast as the cluster takes them, and retries what the cluster refuses for load).
 */
import { Client } from '@opensearch-project/opensearch';
import type { ResourceStatus } from '../../domain/resource.js';
import { byCountThenValue, facetNames, type FacetCounts } from '../facets.js';
import {
  MAX_OFFSET_WINDOW,
  type SearchCard,
  type SearchDocument,
  type SearchEngine,
  type SearchPage,
  type SearchQuery,
  type Suggestion,
  type Tally,
  type Visibility,
} from '../port.js';
import { queryWords } from '../queryWords.js';
import { fromSource, toSource } from './documents.js';
import { indexMappings, indexSettings, stateMappings } from './mapping.js';
import { searchBody, sortOf } from './query.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Source = Parameters<typeof fromSource>[0];

export interface OpenSearchOptions {
  url: string;
  /** The alias searched and written; indexes behind it are named `<alias>-<time>`. */
  alias: string;
}

export class OpenSearchEngine implements SearchEngine {
  readonly name = 'opensearch' as const;
  readonly client: Client;
  readonly alias: string;
  private readonly stateIndex: string;

  constructor(options: OpenSearchOptions) {
    this.client = new Client({ node: options.url, requestTimeout: 30_000, maxRetries: 3 });
    this.alias = options.alias;
    this.stateIndex = `${options.alias}-state`;
  }

  /** Creates the index (behind the alias) and the state index when missing; true when it created the index. */
  async prepare(): Promise<boolean> {
    const { body: exists } = await this.client.indices.existsAlias({ name: this.alias });
    if (!(await this.client.indices.exists({ index: this.stateIndex })).body)
      await this.client.indices.create({ index: this.stateIndex, body: { mappings: stateMappings as Json } });
    if (exists) {
      // Fields added since the index was made (new facets) are added to it; documents gain them as
      // they are indexed again (`npm run search:reindex` does all of them at once).
      await this.client.indices.putMapping({
        index: this.alias,
        body: { properties: indexMappings.properties } as Json,
      });
      return false;
    }
    await this.createIndex(this.alias, true);
    return true;
  }

  /** A new index named after the alias and the time; `aliased`: the alias points at it at once. */
  async createIndex(alias: string, aliased: boolean): Promise<string> {
    const index = `${alias}-${Date.now()}`;
    await this.client.indices.create({
      index,
      body: {
        settings: indexSettings as Json,
        mappings: indexMappings as Json,
        ...(aliased ? { aliases: { [alias]: {} } } : {}),
      },
    });
    return index;
  }

  async index(documents: readonly SearchDocument[], into = this.alias): Promise<void> {
    if (!documents.length) return;
    const body = documents.flatMap((d) => [{ index: { _index: into, _id: d.card.id } }, toSource(d)]);
    await this.bulk(body);
  }

  /** Indexes a stream of documents with back-pressure; `onIndexed` hears of each batch. */
  async indexStream(documents: AsyncIterable<SearchDocument>, into: string, onIndexed?: (n: number) => void) {
    let failed = 0;
    const stats = await this.client.helpers.bulk<SearchDocument>({
      datasource: documents[Symbol.asyncIterator](),
      onDocument: (d) => {
        onIndexed?.(1);
        return [{ index: { _index: into, _id: d.card.id } }, toSource(d)] as never;
      },
      flushBytes: 5_000_000,
      concurrency: 2,
      retries: 5,
      wait: 2000,
      onDrop: () => failed++,
    });
    if (failed) throw new Error(`OpenSearch refused ${failed} of ${stats.total} documents`);
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length) await this.bulk(ids.map((id) => ({ delete: { _index: this.alias, _id: id } })));
  }

  async setViews(views: ReadonlyMap<string, number>): Promise<void> {
    const body = [...views].flatMap(([id, n]) => [
      { update: { _index: this.alias, _id: id, retry_on_conflict: 3 } },
      { doc: { views: n } },
    ]);
    if (body.length) await this.bulk(body, true);
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    const offset = query.after ? 0 : (query.offset ?? 0);
    const inWindow = offset + query.limit <= MAX_OFFSET_WINDOW;
    const body = {
      ...searchBody(query, queryWords(query.text)),
      // Past the result window there are no pages by offset (cursors go on): totals and facets only.
      from: inWindow ? offset : 0,
      size: inWindow ? query.limit : 0,
      ...(query.after ? { search_after: query.after } : {}),
    };
    const { body: answer } = await this.client.search({ index: this.alias, body: body as Json });
    const hits = (answer.hits.hits as Json[]).map((h) => ({
      card: fromSource(h._source as Source),
      score: typeof h._score === 'number' ? h._score : 0,
      sortValues: h.sort as (number | string)[],
    }));
    const total = (answer.hits.total as { value: number }).value;
    return { hits, total, facets: facetsOf(answer.aggregations as Json) };
  }

  async suggest(prefix: string, visibility: Visibility, limit: number): Promise<Suggestion[]> {
    const page = await this.search({ text: prefix, filters: {}, sort: 'relevance', visibility, limit });
    return page.hits.map((h) => ({ id: h.card.id, title: h.card.title }));
  }

  async cards(ids: readonly string[]): Promise<Map<string, SearchCard>> {
    const found = new Map<string, SearchCard>();
    if (!ids.length) return found;
    const { body } = await this.client.mget({
      index: this.alias,
      body: { ids: [...ids] },
      _source: ['card', 'views'],
    } as never);
    for (const d of (body as Json).docs as Json[]) if (d.found) found.set(d._id, fromSource(d._source as Source));
    return found;
  }

  async tally(orgIds: readonly string[], statuses: readonly ResourceStatus[]): Promise<Tally> {
    const agg = (field: string) => ({ terms: { field, size: 1000, missing: '' } });
    const { body } = await this.client.search({
      index: this.alias,
      body: {
        size: 0,
        track_total_hits: true,
        query: { bool: { filter: [{ terms: { org: orgIds } }, { terms: { status: statuses } }] } },
        aggs: { byStatus: agg('status'), byType: agg('type'), bySubject: agg('subject'), byLevel: agg('level') },
      } as Json,
    });
    const a = body.aggregations as Json;
    const mapOf = (name: string) =>
      new Map((a[name].buckets as Json[]).map((b) => [String(b.key), b.doc_count as number]));
    return {
      total: (body.hits.total as { value: number }).value,
      byStatus: mapOf('byStatus'),
      byType: mapOf('byType'),
      bySubject: mapOf('bySubject'),
      byLevel: mapOf('byLevel'),
    };
  }

  async mostViewed(orgIds: readonly string[], statuses: readonly ResourceStatus[], limit: number) {
    const { body } = await this.client.search({
      index: this.alias,
      body: {
        size: limit,
        query: { bool: { filter: [{ terms: { org: orgIds } }, { terms: { status: statuses } }] } },
        sort: sortOf('views', false),
        _source: ['card', 'views'],
      } as Json,
    });
    return (body.hits.hits as Json[]).map((h) => fromSource(h._source as Source));
  }

  async ids(): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of this.client.helpers.scrollSearch({
      index: this.alias,
      scroll: '1m',
      body: { size: 5000, _source: false, sort: ['_doc'] },
    } as never))
      for (const h of page.body.hits.hits as Json[]) ids.push(h._id as string);
    return ids;
  }

  async count(): Promise<number> {
    const { body } = await this.client.count({ index: this.alias });
    return body.count;
  }

  async refresh(): Promise<void> {
    await this.client.indices.refresh({ index: this.alias });
  }

  /** How far the change feed has been applied to the index (0: never). */
  async position(): Promise<number> {
    const { body } = await this.client.get({ index: this.stateIndex, id: this.alias }, { ignore: [404] });
    return ((body as Json)?._source?.position as number | undefined) ?? 0;
  }

  async savePosition(position: number): Promise<void> {
    await this.client.index({
      index: this.stateIndex,
      id: this.alias,
      body: { position, at: new Date().toISOString() },
    });
  }

  /** Points the alias at `index` alone and deletes the indexes it pointed at before. */
  async swapAlias(index: string): Promise<void> {
    const { body } = await this.client.indices.getAlias({ name: this.alias }, { ignore: [404] });
    const previous = Object.keys((body as Json) ?? {}).filter((i) => i !== index && !('error' in (body as Json)));
    await this.client.indices.updateAliases({
      body: {
        actions: [
          ...previous.map((i) => ({ remove: { index: i, alias: this.alias } })),
          { add: { index, alias: this.alias } },
        ],
      },
    });
    for (const i of previous) await this.client.indices.delete({ index: i });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async bulk(body: Json[], ignoreMissing = false): Promise<void> {
    const { body: answer } = await this.client.bulk({ body });
    if (!answer.errors) return;
    const failures = (answer.items as Json[])
      .map((item) => Object.values(item)[0] as Json)
      .filter((r) => r.error && !(r.status === 404 && (ignoreMissing || r.result === 'not_found')));
    if (failures.length)
      throw new Error(`OpenSearch bulk: ${failures.length} failed, e.g. ${JSON.stringify(failures[0]!.error)}`);
  }
}

function facetsOf(aggregations: Json): FacetCounts {
  return Object.fromEntries(
    facetNames.map((f) => [
      f,
      (aggregations[f].values.buckets as Json[])
        .map((b) => ({ value: String(b.key), count: b.doc_count as number }))
        .sort(byCountThenValue),
    ]),
  ) as FacetCounts;
}
