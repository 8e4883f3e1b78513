/**
 * Runs the migrations this database has not had yet, once, at start-up. One instance at a time
 * holds the lease and runs them; the others wait until they are recorded (or the lease holder
 * dies and its lease runs out, when one of them takes over). A migration that fails is not
 * recorded: the error stops the start-up, and the next start tries it again.
 */
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from 'mongodb';
import { ranMigrationIds, recordMigration, releaseMigrationLease, takeMigrationLease } from '../migration.js';
import type { Migration } from './migration.js';

/** Where progress is told: the app's logger fits. */
export interface MigrationLog {
  info(details: object, message: string): void;
}

export interface RunOptions {
  /** Who runs them, in the records and the lease. */
  holder?: string;
  /** How long a lease lasts without renewal (it is renewed before each migration). */
  leaseMs?: number;
  /** How long to wait for another instance's run before giving up. */
  waitMs?: number;
  pollMs?: number;
}

export class MigrationFailed extends Error {
  override name = 'MigrationFailed';
  constructor(
    readonly migrationId: string,
    failure: unknown,
  ) {
    super(
      `Nâng cấp dữ liệu ${migrationId} thất bại; bản trước vẫn chạy được trên dữ liệu này / ` +
        `migration ${migrationId} failed; the previous release can still run on this database: ` +
        (failure instanceof Error ? failure.message : String(failure)),
      { cause: failure },
    );
  }
}

/** Returns the ids of the migrations this call ran (none when another instance ran them). */
export async function runMigrations(
  db: Db,
  list: readonly Migration[],
  log: MigrationLog,
  options: RunOptions = {},
): Promise<string[]> {
  const holder = options.holder ?? `${os.hostname()}:${process.pid}`;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const deadline = Date.now() + (options.waitMs ?? 15 * 60_000);
  for (;;) {
    const pending = await pendingOf(db, list);
    if (!pending.length) return [];
    if (await takeMigrationLease(db, holder, leaseMs)) {
      try {
        return await runInOrder(db, await pendingOf(db, list), log, holder, leaseMs);
      } finally {
        await releaseMigrationLease(db, holder);
      }
    }
    if (Date.now() > deadline) throw new Error('another instance has been migrating for too long; its lease is held');
    log.info({ pending: pending.map((m) => m.id) }, 'another instance is migrating the database; waiting');
    await sleep(options.pollMs ?? 1000);
  }
}

async function pendingOf(db: Db, list: readonly Migration[]): Promise<Migration[]> {
  const ran = await ranMigrationIds(db);
  return list.filter((m) => !ran.has(m.id));
}

async function runInOrder(db: Db, pending: Migration[], log: MigrationLog, holder: string, leaseMs: number) {
  const ran: string[] = [];
  for (const migration of pending) {
    if (!(await takeMigrationLease(db, holder, leaseMs))) throw new Error('the migration lease was lost');
    const started = Date.now();
    log.info({ migration: migration.id }, `Đang nâng cấp dữ liệu / migrating: ${migration.description}`);
    try {
      await migration.run(db);
    } catch (err) {
      throw new MigrationFailed(migration.id, err);
    }
    const ms = Date.now() - started;
    await recordMigration(db, {
      _id: migration.id,
      description: migration.description,
      ranAt: new Date(),
      ms,
      by: holder,
    });
    log.info({ migration: migration.id, ms }, 'migration done');
    ran.push(migration.id);
  }
  return ran;
}
