/**
 * Rebuilding the OpenSearch index without stopping search: a new index is filled beside the live
 * one (streamed from the database with the bulk helper's back-pressure), the changes made
 * meanwhile are replayed into it from the change feed, the alias moves to it, the changes made
 * during the move are replayed once more, and the old index goes. The feed position is then
 * stored with the index, so app instances catch up from there.
 */
import type { Logger } from '../log.js';
import { countResources } from '../models/resource.js';
import { OpenSearchEngine } from '../search/opensearch/openSearchEngine.js';
import { ChangeFeed } from './changeFeed.js';
import { documentStream, SearchFeeder } from './searchFeeder.js';
import { CopyFollower } from './library/copyFollower.js';
import { HoldingsReadModel } from './library/holdings.js';

export interface RebuildProgress {
  start(total: number): void;
  advance(n: number): void;
  stop(): void;
}

export async function rebuildSearchIndex(
  live: OpenSearchEngine,
  url: string,
  log: Logger,
  progress: RebuildProgress,
): Promise<{ index: string; documents: number; position: number }> {
  await live.prepare();
  const feed = new ChangeFeed(log, 60_000);
  const from = await feed.latest();
  // Documents carry where copies of printed titles are: the holdings as they stand from `from` on.
  const holdings = new HoldingsReadModel(log);
  await holdings.reloadAll();
  const placesOf = (id: string) => holdings.placesOf(id);
  const index = await live.createIndex(live.alias, false);
  let documents = 0;
  progress.start(await countResources());
  await live.indexStream(documentStream(placesOf), index, (n) => {
    documents += n;
    progress.advance(n);
  });
  progress.stop();

  // Changes made while it filled, then those made while the alias moved: written into the new index itself.
  const fresh = new OpenSearchEngine({ url, alias: index });
  const feeder = new SearchFeeder(fresh, log, undefined, undefined, placesOf);
  feed.subscribe('resource', feeder);
  feed.subscribe('copy', new CopyFollower(holdings, feeder));
  feed.resumeFrom(from);
  await feed.poll();
  await live.swapAlias(index);
  await feed.poll();
  const position = await feed.latest();
  await feed.poll();
  await live.savePosition(position);
  await live.refresh();
  await fresh.close();
  return { index, documents, position };
}
