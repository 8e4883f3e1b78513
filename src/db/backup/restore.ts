/**
 * Restores a backup archive into a database: checks the archive whole first (nothing is written
 * from an archive that is truncated or altered), refuses a database that holds anything unless
 * forced, then writes every collection, the amendments and every file.
 *
 * Restore with the app stopped: instances that keep running would keep serving what they had in
 * memory. On the embedded database the restore takes DATA_DIR's lock, so it cannot run beside the app.
 */
import { BSON, type Db, type Document } from 'mongodb';
import type { FileStorage } from '../../domain/storage.js';
import { ArchiveReader, ArchiveRefused } from './archiveReader.js';
import type { Manifest } from './manifest.js';

export interface RestoreTarget {
  db: Db;
  storage: FileStorage;
  /** The migrations this release knows: an archive that had one it does not know comes from a newer release. */
  knownMigrations: readonly string[];
}

export interface RestoreOptions {
  /** Empty a database that holds documents instead of refusing it. */
  force?: boolean;
  progress?: { collection?(name: string, count: number): void; file?(done: number, total: number): void };
}

/** The database holds documents and the restore was not forced: nothing was written. */
export class DatabaseNotEmpty extends Error {
  override name = 'DatabaseNotEmpty';
  constructor(readonly collections: string[]) {
    super(
      `Cơ sở dữ liệu đã có dữ liệu (${collections.join(', ')}); thêm --force để xoá và khôi phục đè / ` +
        `the database is not empty (${collections.join(', ')}); add --force to empty it and restore over it`,
    );
  }
}

const BATCH = 500;

export async function restoreBackup(
  target: RestoreTarget,
  file: string,
  options: RestoreOptions = {},
): Promise<Manifest> {
  const archive = await ArchiveReader.open(file);
  try {
    const { manifest } = archive;
    const unknown = manifest.migrations.filter((id) => !target.knownMigrations.includes(id));
    if (unknown.length)
      throw new ArchiveRefused(`it comes from a newer release (migrations ${unknown.join(', ')}): upgrade first`);
    await archive.verify();
    const occupied = await nonEmptyCollections(target.db);
    if (occupied.length && !options.force) throw new DatabaseNotEmpty(occupied);
    for (const name of occupied) await target.db.collection(name).deleteMany({});

    for (const { name, entry } of manifest.collections) {
      const count = await insertLines(target.db, name, archive.lines(entry));
      options.progress?.collection?.(name, count);
    }
    for await (const line of archive.lines(manifest.amendments.entry)) await amend(target.db, parse(line));
    let done = 0;
    for (const file of manifest.files) {
      const { id, filename, contentType, size, sha256 } = file;
      await target.storage.restore(
        { id, filename, contentType, size, sha256, uploadedAt: new Date(file.uploadedAt) },
        await archive.open(file.entry),
      );
      options.progress?.file?.((done += 1), manifest.files.length);
    }
    return manifest;
  } finally {
    archive.close();
  }
}

async function nonEmptyCollections(db: Db): Promise<string[]> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  const occupied: string[] = [];
  for (const name of names.filter((n) => !n.startsWith('system.')).sort())
    if (await db.collection(name).findOne({}, { projection: { _id: 1 } })) occupied.push(name);
  return occupied;
}

const parse = (line: string) => BSON.EJSON.parse(line, { relaxed: false }) as Document;

async function insertLines(db: Db, name: string, lines: AsyncIterable<string>): Promise<number> {
  const collection = db.collection(name);
  let batch: Document[] = [];
  let count = 0;
  for await (const line of lines) {
    batch.push(parse(line));
    if (batch.length === BATCH) {
      await collection.insertMany(batch);
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length) await collection.insertMany(batch);
  return count + batch.length;
}

async function amend(db: Db, { collection, _id, doc }: Document): Promise<void> {
  const target = db.collection(collection as string);
  if (doc) await target.replaceOne({ _id }, doc as Document, { upsert: true });
  else await target.deleteOne({ _id });
}
