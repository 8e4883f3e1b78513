/**
 * What migrations leave behind: one record per migration that ran (`migrations`), and the lease
 * that lets one instance at a time run them (`migration_leases`). Written through the driver's
 * collections of the database given, so that a migration run can be pointed at any database (tests
 * use one of their own) and does not depend on the models it migrates.
 */
import type { Db } from 'mongodb';
import { insertedFirst } from '../db/errors.js';

export interface MigrationRecord {
  _id: string;
  description: string;
  ranAt: Date;
  ms: number;
  /** The instance that ran it (host:pid). */
  by: string;
}

interface MigrationLeaseRecord {
  _id: 'migrations';
  holder: string;
  expiresAt: Date;
}

const records = (db: Db) => db.collection<MigrationRecord>('migrations');
const leases = (db: Db) => db.collection<MigrationLeaseRecord>('migration_leases');

export async function ranMigrationIds(db: Db): Promise<Set<string>> {
  const done = await records(db)
    .find({}, { projection: { _id: 1 } })
    .toArray();
  return new Set(done.map((r) => r._id));
}

export async function recordMigration(db: Db, record: MigrationRecord): Promise<void> {
  await records(db).replaceOne({ _id: record._id }, record, { upsert: true });
}

/**
 * Takes the lease for `ms`, or renews it for its holder; false while another instance holds it.
 * An expired lease (its holder died) is taken over.
 */
export async function takeMigrationLease(db: Db, holder: string, ms: number): Promise<boolean> {
  const expiresAt = new Date(Date.now() + ms);
  const lease = { _id: 'migrations' as const, holder, expiresAt };
  if (await insertedFirst(() => leases(db).insertOne(lease))) return true;
  const taken = await leases(db).updateOne(
    { _id: 'migrations', $or: [{ holder }, { expiresAt: { $lt: new Date() } }] },
    { $set: { holder, expiresAt } },
  );
  return taken.modifiedCount === 1;
}

export async function releaseMigrationLease(db: Db, holder: string): Promise<void> {
  await leases(db).deleteOne({ _id: 'migrations', holder });
}
