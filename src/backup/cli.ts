/**
 * What the backup and restore commands share: the database from the app's configuration, the storage backend, progress.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, projectRoot, ConfigError } from '../../config/index.js';
import { storageBackend } from '../../config/files.js';
import { openDatabase, databaseOptions, type Database } from '../db/index.js';
import { createLogger, type Logger } from '../log.js';
import { allModels } from '../models/index.js';
import { createStorage } from '../registry/storage.js';
import type { FileStorage } from '../domain/storage.js';
import { ArchiveRefused } from '../db/backup/archiveReader.js';
import { DatabaseNotEmpty } from '../db/backup/restore.js';

export interface Opened {
  db: Database;
  storage: FileStorage;
  log: Logger;
}

export async function openForTool(options: { shareRunning: boolean }): Promise<Opened> {
  const config = loadConfig();
  // Warnings and errors only: the command's progress and answer are what the person reads.
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await openDatabase(databaseOptions(config), log, options);
  await db.prepare(allModels);
  return { db, storage: createStorage(storageBackend, { db: () => db.native() }), log };
}

export function appVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A one-line bar on a terminal, a line per step otherwise. */
export function progressLine(label: string, done: number, total: number | undefined, extra = ''): void {
  const share = total ? Math.min(1, done / total) : undefined;
  const bar =
    share === undefined ? '' : `[${'#'.repeat(Math.round(share * 30)).padEnd(30, '.')}] ${Math.round(share * 100)}% `;
  const text = `${label} ${bar}${done}${total ? `/${total}` : ''} ${extra}`.trimEnd();
  if (process.stderr.isTTY) process.stderr.write(`\r${text.padEnd(100)}${total && done >= total ? '\n' : ''}`);
  else process.stderr.write(`${text}\n`);
}

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Runs a command: a clear line and an exit code for what the person can act on, no stack trace. */
export function runTool(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      const known = err instanceof ConfigError || err instanceof ArchiveRefused || err instanceof DatabaseNotEmpty;
      process.stderr.write(
        `\n${known ? (err as Error).message : err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n`,
      );
      process.exit(err instanceof ConfigError ? 78 : known ? 3 : 1);
    },
  );
}
