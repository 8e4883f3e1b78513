/**
 * Takes a backup while the app runs. Without transactions (FerretDB v1 has none) there is no
 * snapshot to read from, so the archive is built in three steps and says what it guarantees:
 *
 * 1. the change feed's position is noted (`from`);
 * 2. every collection is read in `_id` order, then every stored file (a file is complete once its
 *    record exists and never changes after: files are written whole or not at all);
 * 3. the feed's position is noted again (`to`), and every resource, organisation and person the
 *    feed names between the two is read again into the amendments, which a restore applies last.
 *
 * So the catalogue (resources, organisations, people) is restored as it was at `to`. Every other
 * document is restored as it was when its collection was read, each document whole: a usage
 * event, a session or a harvest run written during the backup may be in it or not. A file deleted
 * during the backup is listed in `filesGone`. For a copy that is exact to the instant on a large
 * MongoDB deployment, use mongodump --oplog (docs/operations.md).
 */
import { BSON, type Db, type Document } from 'mongodb';
import type { FileStorage } from '../../domain/storage.js';
import { StorageNotFound } from '../../domain/storage.js';
import { ArchiveWriter } from './archiveWriter.js';
import {
  AMENDMENTS_ENTRY,
  ARCHIVE_FORMAT,
  collectionEntryName,
  fileEntryName,
  type CollectionEntry,
  type FileEntry,
  type Manifest,
} from './manifest.js';

export interface BackupProgress {
  /** Called after each collection is read (and awaited: tests write in between to show the amendments at work). */
  collection?(name: string, count: number): void | Promise<void>;
  file?(done: number, bytes: number): void;
}

/** The change feed, as the backup reads it (src/models/change.ts provides it). */
export interface ChangeFeedReader {
  position(): Promise<number>;
  /** The documents the feed names after `from` up to `to`, each once. */
  changedBetween(from: number, to: number): AsyncIterable<{ collection: string; _id: unknown }>;
}

export interface BackupSource {
  db: Db;
  storage: FileStorage;
  appVersion: string;
  /** The migrations the database has had. */
  migrations: readonly string[];
  changes: ChangeFeedReader;
}

const LINES_PER_CHUNK = 200;

export async function takeBackup(source: BackupSource, file: string, progress: BackupProgress = {}): Promise<Manifest> {
  const { db, storage } = source;
  const writer = new ArchiveWriter(file);
  try {
    const from = await source.changes.position();
    const migrations = [...source.migrations].sort();
    const collections: CollectionEntry[] = [];
    for (const name of await collectionNames(db, storage)) {
      const entry = await writeCollection(writer, db, name);
      collections.push(entry);
      await progress.collection?.(name, entry.count);
    }
    const { files, filesGone } = await writeFiles(writer, storage, progress);
    const to = await source.changes.position();
    const amendments = await writeLines(writer, AMENDMENTS_ENTRY, amendmentsOf(db, source.changes, from, to));
    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      formatVersion: 1,
      createdAt: new Date().toISOString(),
      app: { version: source.appVersion },
      database: { name: db.databaseName },
      migrations,
      changeFeed: { from, to },
      collections,
      amendments: { entry: AMENDMENTS_ENTRY, ...amendments },
      files,
      filesGone,
    };
    await writer.finish(manifest);
    return manifest;
  } catch (err) {
    await writer.abandon();
    throw err;
  }
}

/** Every collection but the storage backend's (its files are taken through the backend) and the server's own. */
async function collectionNames(db: Db, storage: FileStorage): Promise<string[]> {
  const all = await db.listCollections({}, { nameOnly: true }).toArray();
  return all
    .map((c) => c.name)
    .filter((name) => !name.startsWith('system.') && !storage.collections.includes(name))
    .sort();
}

async function writeCollection(writer: ArchiveWriter, db: Db, name: string): Promise<CollectionEntry> {
  const cursor = db.collection(name).find({}).sort({ _id: 1 }).batchSize(1000);
  const written = await writeLines(writer, collectionEntryName(name), cursor);
  return { name, entry: collectionEntryName(name), ...written };
}

/**
 * One canonical Extended JSON document a line: every BSON type (ObjectId, Date, Binary, Int64…) comes back as it was.
 */
async function writeLines(writer: ArchiveWriter, entry: string, docs: AsyncIterable<Document>) {
  let count = 0;
  const chunks = async function* () {
    let lines: string[] = [];
    for await (const doc of docs) {
      lines.push(BSON.EJSON.stringify(doc, { relaxed: false }));
      count += 1;
      if (lines.length === LINES_PER_CHUNK) {
        yield Buffer.from(`${lines.join('\n')}\n`);
        lines = [];
      }
    }
    if (lines.length) yield Buffer.from(`${lines.join('\n')}\n`);
  };
  const { sha256 } = await writer.add(entry, chunks(), { compress: true });
  return { count, sha256 };
}

async function writeFiles(writer: ArchiveWriter, storage: FileStorage, progress: BackupProgress) {
  const files: FileEntry[] = [];
  const filesGone: string[] = [];
  let bytes = 0;
  for await (const info of storage.list()) {
    let stream;
    try {
      stream = await storage.open(info.id);
    } catch (err) {
      if (!(err instanceof StorageNotFound)) throw err;
      filesGone.push(info.id);
      continue;
    }
    const entry = fileEntryName(info.id);
    const written = await writer.add(entry, stream, { compress: false });
    if (written.sha256 !== info.sha256 || written.bytes !== info.size)
      throw new Error(`stored file ${info.id} does not match its record (SHA-256 or size): storage is damaged`);
    const { id, filename, contentType, size, sha256 } = info;
    files.push({ id, entry, filename, contentType, size, sha256, uploadedAt: info.uploadedAt.toISOString() });
    bytes += size;
    progress.file?.(files.length, bytes);
  }
  return { files, filesGone };
}

/** The documents the feed names between `from` and `to`, as they are now (null: deleted). */
async function* amendmentsOf(db: Db, changes: ChangeFeedReader, from: number, to: number): AsyncIterable<Document> {
  for await (const { collection, _id } of changes.changedBetween(from, to)) {
    const doc = await db.collection(collection).findOne({ _id: _id as never });
    yield { collection, _id, doc };
  }
}
