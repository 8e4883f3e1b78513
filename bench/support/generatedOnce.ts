/**
 * Benchmark data generated once into a directory of its own and reused by later runs: the
 * embedded database under `dataDir`, a `generated.json` marker written when generation finished
 * (an interrupted generation is redone), `fresh` to start over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../config/index.js';
import { openDatabase, type Database } from '../../src/db/index.js';
import type { Logger } from '../../src/log.js';
import { allModels } from '../../src/models/index.js';

export function benchConfig(dataDir: string): Config {
  return loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, SEED_DEMO_DATA: 'false' });
}

export function openBenchDatabase(dataDir: string, log: Logger): Promise<Database> {
  return openDatabase(
    { uri: undefined, name: benchConfig(dataDir).database.name, dataDir, ferretdbBinary: undefined },
    log,
  );
}

export async function generatedOnce(
  dataDir: string,
  fresh: boolean,
  log: Logger,
  generate: () => Promise<Record<string, unknown>>,
): Promise<void> {
  const marker = path.join(dataDir, 'generated.json');
  if (!fresh && fs.existsSync(marker)) return;
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const db = await openBenchDatabase(dataDir, log);
  try {
    await db.prepare(allModels);
    const started = Date.now();
    const facts = await generate();
    await db.embedded?.indexIdPaths();
    fs.writeFileSync(marker, JSON.stringify({ ...facts, seconds: (Date.now() - started) / 1000 }));
  } finally {
    await db.close();
  }
}
