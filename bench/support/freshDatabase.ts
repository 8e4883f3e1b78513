/** An empty embedded database in a benchmark's own data directory, with every collection prepared. */
import fs from 'node:fs';
import type { Config } from '../../config/index.js';
import type { Database } from '../../src/db/index.js';
import type { Logger } from '../../src/log.js';
import { allModels } from '../../src/models/index.js';
import { benchConfig, openBenchDatabase } from './generatedOnce.js';

export async function openFreshDatabase(dataDir: string, log: Logger): Promise<{ config: Config; db: Database }> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const db = await openBenchDatabase(dataDir, log);
  await db.prepare(allModels);
  return { config: benchConfig(dataDir), db };
}
