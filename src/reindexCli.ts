/**
 * `npm run search:reindex`: rebuilds the OpenSearch index (OPENSEARCH_URL, OPENSEARCH_INDEX) from
 * the database with a progress bar, while the app keeps searching the old one
 * (src/services/searchRebuild.ts). Run it after changing the index mapping or to repair an index.
 * On the embedded database, stop the app first: the embedded database belongs to one process.
 */
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../config/index.js';
import { databaseOptions, openDatabase } from './db/index.js';
import { createLogger } from './log.js';
import { OpenSearchEngine } from './search/opensearch/openSearchEngine.js';
import { rebuildSearchIndex } from './services/searchRebuild.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const url = config.search.openSearchUrl;
  if (!url) throw new Error('Chưa đặt OPENSEARCH_URL / OPENSEARCH_URL is not set: there is no search index to rebuild');
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await openDatabase(databaseOptions(config), log);
  const engine = new OpenSearchEngine({ url, alias: config.search.index });
  const bar = new SingleBar(
    { format: 'Đánh chỉ mục / Indexing [{bar}] {percentage}% | {value}/{total} | {eta_formatted}', etaBuffer: 2000 },
    Presets.shades_classic,
  );
  const started = Date.now();
  try {
    const result = await rebuildSearchIndex(engine, url, log, {
      start: (total) => bar.start(total, 0),
      advance: (n) => bar.increment(n),
      stop: () => bar.stop(),
    });
    process.stdout.write(
      `Xong / Done: ${result.documents} resources in ${result.index} (alias ${engine.alias}), ` +
        `change feed at ${result.position}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await engine.close();
    await db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
