/** An empty embedded database in a benchmark's own data directory, with every collection prepared. */
import fs from 'node:fs';
import { loadConfig, type Config } from '../../config/index.js';
import { openDatabase, type Database } from '../../src/db/index.js';
import type { Logger } from '../../src/log.js';
import { allModels } from '../../src/models/index.js';

export async function openFreshDatabase(dataDir: string, log: Logger): Promise<{ config: Config; db: Database }> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, SEED_DEMO_DATA: 'false' });
  const db = await openDatabase({ uri: undefined, name: config.database.name, dataDir, ferretdbBinary: undefined }, log);
  await db.prepare(allModels);
  return { config, db };
}
