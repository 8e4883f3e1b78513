/** Helpers for the backup tests: a database of its own on the test server, and a whole-database comparison. */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { BSON, type Db } from 'mongodb';
import { storageBackend } from '../../../config/files.js';
import type { FileStorage } from '../../../src/domain/storage.js';
import { createStorage } from '../../../src/registry/storage.js';
import { testContext } from '../../support/context.js';

export function freshDatabase(prefix: string): { db: Db; storage: FileStorage } {
  const db = testContext()
    .db.connection.getClient()
    .db(`${prefix}_${randomBytes(4).toString('hex')}`);
  return { db, storage: createStorage(storageBackend, { db: () => db }) };
}

/** Every document of every collection (canonical Extended JSON, by `_id`), and every stored file's bytes. */
export interface Contents {
  collections: Record<string, string[]>;
  files: Record<string, { info: string; bytes: Buffer }>;
}

export async function contentsOf(db: Db, storage: FileStorage, only?: readonly string[]): Promise<Contents> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((n) => !storage.collections.includes(n) && (!only || only.includes(n)));
  const collections: Contents['collections'] = {};
  for (const name of names.sort()) {
    const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    if (docs.length) collections[name] = docs.map((d) => BSON.EJSON.stringify(d, { relaxed: false }));
  }
  const files: Contents['files'] = {};
  if (!only) {
    for await (const info of storage.list()) {
      const parts: Buffer[] = [];
      for await (const chunk of await storage.open(info.id)) parts.push(chunk as Buffer);
      files[info.id] = { info: JSON.stringify(info), bytes: Buffer.concat(parts) };
    }
  }
  return { collections, files };
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Documents of many BSON types and files of awkward sizes (empty, one byte, exactly a chunk, several chunks). */
export async function fillWithEverything(db: Db, storage: FileStorage): Promise<void> {
  await db.collection('probes').insertMany([
    {
      _id: new BSON.ObjectId(),
      text: 'Trường THCS Nguyễn Du — “sách giáo khoa” ✓',
      int: 42,
      long: BSON.Long.fromString('9007199254740993'),
      double: 0.1 + 0.2,
      date: new Date('2026-03-01T07:30:00.123Z'),
      binary: new BSON.Binary(randomBytes(300)),
      nested: { list: [1, 'hai', null, { ba: true }], empty: {} },
      nothing: null,
    },
    { _id: 'string-id' as never, text: 'line\nbreak and \ttab', flag: false },
    { _id: 7 as never, arr: [] },
  ]);
  await db
    .collection('resources')
    .insertOne({ _id: new BSON.ObjectId(), metadata: { title: 'Toán 6' }, schemaVersion: 1 });
  for (const size of [0, 1, 255 * 1024, 700 * 1024 + 3]) {
    await storage.put(Readable.from([randomBytes(size)]), {
      filename: `tệp-${size}.bin`,
      contentType: 'application/octet-stream',
    });
  }
}
