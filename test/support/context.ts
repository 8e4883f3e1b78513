/**
 * The real database every test uses: the embedded FerretDB, started once per run with its data in
 * a temporary directory and a fresh database name (or TEST_MONGODB_URI, when set, with a fresh
 * database that is dropped at the end).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig, type Config } from '../../config/index.js';
import { createLogger, type Logger } from '../../src/log.js';
import { openDatabase, type Database } from '../../src/db/index.js';
import { allModels } from '../../src/models/index.js';
import { Lifecycle } from '../../src/lifecycle.js';
import { createApp } from '../../src/app.js';
import { createHttpServer } from '../../src/http/server.js';
import { appOnOpenSearch, searchNode, uniqueAlias } from './searchNode.js';
import { createServices, startSearch, startServices, stopServices, type Services } from '../../src/services/index.js';

export interface TestContext {
  config: Config;
  db: Database;
  log: Logger;
  dataDir: string;
  services: Services;
}

let current: TestContext | undefined;

export function testContext(): TestContext {
  if (!current) throw new Error('the test database is not started (test/support/hooks.ts)');
  return current;
}

export function testConfig(dataDir: string, overrides: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    DB_NAME: `test_${randomBytes(4).toString('hex')}`,
    MONGODB_URI: process.env.TEST_MONGODB_URI,
    // Tests fold usage when they need the counts (test/support/usage.ts), not on a timer.
    USAGE_FOLD_SECONDS: '3600',
    // The test platforms, portals and harvest sources all listen on loopback.
    OUTBOUND_ALLOW: '127.0.0.1,::1,localhost',
    ...overrides,
  });
}

export async function startTestDatabase(): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-test-'));
  const config = testConfig(
    dataDir,
    appOnOpenSearch() ? { OPENSEARCH_URL: (await searchNode()).url, OPENSEARCH_INDEX: uniqueAlias('app') } : {},
  );
  const log = createLogger(config.logLevel);
  const db = await openDatabase(
    { uri: config.database.uri, name: config.database.name, dataDir, ferretdbBinary: config.ferretdbBinary },
    log,
  );
  await db.prepare(allModels);
  const services = createServices(config, log, { pollMs: 200 });
  await startServices(services);
  await startSearch(services);
  current = { config, db, log, dataDir, services };
  return current;
}

export async function stopTestDatabase(): Promise<void> {
  if (!current) return;
  const { db, dataDir, config, services } = current;
  await stopServices(services);
  if (config.database.uri) await db.connection.dropDatabase();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  current = undefined;
}

export interface TestServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The whole app over real HTTP on a free loopback port, on the shared test database. */
export async function startTestServer(configOverrides: Partial<Config> = {}, port = 0): Promise<TestServer> {
  const ctx = testContext();
  const config = { ...ctx.config, ...configOverrides };
  const lifecycle = new Lifecycle(ctx.log);
  const app = createApp({ config, db: ctx.db, log: ctx.log, lifecycle, services: ctx.services });
  // A fixed port lets a test give the app its own address as BASE_URL (SAML endpoints are absolute).
  const server = createHttpServer(app, config.http).listen(port, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port: listening } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${listening}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
