/** Entry point: configuration, database, services, HTTP server, graceful shutdown. */
import { once } from 'node:events';
import { loadConfig, ConfigError } from '../config/index.js';
import { createLogger } from './log.js';
import { openDatabase, databaseOptions } from './db/index.js';
import { Lifecycle } from './lifecycle.js';
import { createApp } from './app.js';
import { createHttpServer } from './http/server.js';
import { allModels, expiringCollections } from './models/index.js';
import { schedulePurges } from './db/expiry.js';
import { createServices, startSearch, startServices, stopServices } from './services/index.js';
import { seedDemoDataOnFirstStart } from './seed/index.js';
import { scheduleMetadataRefresh } from './services/samlIdps.js';
import { checkStoragePlugins } from './registry/storage.js';
import { assertPluginsValid } from './registry/check.js';
import { checkMetadataFormats } from './registry/formats.js';
import { checkSourcePlugins } from './registry/sources.js';
import { checkClassificationSchemes } from './registry/classification.js';
import { checkLabelSheets } from './registry/labelSheets.js';
import { scheduleHarvests } from './services/harvest/scheduler.js';
import { migrations } from './models/migrations/index.js';
import { runMigrations } from './models/migrations/runner.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, config.logFormat, 'behind');
  const lifecycle = new Lifecycle(log);
  const startedAt = Date.now();
  assertPluginsValid([
    ...checkMetadataFormats(),
    ...checkSourcePlugins(),
    ...checkClassificationSchemes(),
    ...checkLabelSheets(),
  ]);

  const db = await openDatabase(databaseOptions(config), log);
  await db.prepare(allModels);
  await runMigrations(db.native(), migrations, log);
  assertPluginsValid(checkStoragePlugins({ db: () => db.native() }));
  const services = createServices(config, log);
  await startServices(services, { holdingsWithSearch: true });
  if (config.seedDemoData) await seedDemoDataOnFirstStart(services, log);
  services.files.texts.start();
  // Also resumes an import that a crash interrupted, once the crashed instance's lease runs out.
  services.imports.worker.start();
  lifecycle.onShutdown({ name: 'imports', run: () => services.imports.worker.stop() });
  const sweepAfterMs = config.uploadSweepAfterMs;
  lifecycle.onShutdown({
    name: 'upload sweeps',
    run: services.files.scheduleSweeps(Math.min(3600_000, sweepAfterMs), sweepAfterMs),
  });
  lifecycle.onShutdown({ name: 'text extraction', run: () => services.files.texts.stop() });
  const stopPurges = schedulePurges(expiringCollections, 10 * 60_000, log);
  lifecycle.onShutdown({ name: 'purges', run: stopPurges });
  lifecycle.onShutdown({ name: 'hold expiry', run: services.circulation.scheduleHoldExpiry(log) });
  // Also resumes a harvest that a crash interrupted: at start, or as soon as the crashed instance's lease runs out.
  const stopHarvests = scheduleHarvests(services.harvester, Math.min(60_000, config.harvestLeaseMs), log);
  lifecycle.onShutdown({ name: 'harvests', run: stopHarvests });
  const stopMetadataRefresh = scheduleMetadataRefresh(services.samlIdps, 6 * 3600_000, log);
  lifecycle.onShutdown({ name: 'SAML metadata refresh', run: stopMetadataRefresh });
  if (config.libraryStatsWarmMs > 0)
    lifecycle.onShutdown({ name: 'statistics warm-up', run: services.figuresWarmer.start(config.libraryStatsWarmMs) });
  lifecycle.onShutdown({ name: 'services', run: () => stopServices(services) });
  lifecycle.onShutdown({ name: 'database', run: () => db.close() });

  const app = createApp({ config, db, log, lifecycle, services });
  const server = createHttpServer(app, config.http).listen(config.port, config.host);
  await once(server, 'listening');
  lifecycle.handleSignals(server, config.shutdownGraceMs);
  log.info(
    { url: config.baseUrl, seconds: (Date.now() - startedAt) / 1000 },
    `Thư viện số đang chạy / is running at ${config.baseUrl}`,
  );
  // The search index loads while the server answers: /healthz at once, /readyz once it is loaded.
  await startSearch(services);
  log.info({ seconds: (Date.now() - startedAt) / 1000 }, 'Thư viện số sẵn sàng / ready');
}

main().catch((err: unknown) => {
  // One clear line for the person starting the process; no stack trace for a configuration mistake.
  const message =
    err instanceof ConfigError ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  process.stderr.write(`${message}\n`);
  process.exit(err instanceof ConfigError ? 78 : 1);
});
