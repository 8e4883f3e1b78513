/**
 * The default storage backend: GridFS's layout (a files collection with length, chunkSize,
 * uploadDate, filename and metadata; a chunks collection with files_id, n and data), so MongoDB's
 * own tools can read what it stores, with one difference: a chunk's `_id` is `${fileId}:${n}`.
 * Reading chunk n, and so serving any byte range, is then a lookup by `_id`. (The driver's
 * GridFSBucket finds chunks with `{files_id}` sorted by `n`, which on FerretDB scans every chunk of
 * every file.) The files document is written last: it marks the file complete. A small pending
 * collection names the writes under way, so that chunks left by a process that died half way can
 * be found without scanning the chunks. A write touches its entry as it goes, so that a sweep takes
 * only writes that stopped, never a slow one still under way.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Binary, type Collection, type Db } from 'mongodb';
import {
  StorageNotFound,
  type ByteRange,
  type FileStorage,
  type PutOptions,
  type StoragePlugin,
  type StoredFileInfo,
} from '../../../src/domain/storage.js';

export interface GridFsOptions {
  /** The database, resolved when first used (the app connects after building its services). */
  db: () => Db;
  bucket?: string;
  chunkSizeBytes?: number;
}

interface FilesDoc {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: { contentType: string; sha256: string };
}

interface PendingDoc {
  _id: string;
  startedAt: Date;
  /** Last time the write stored a chunk (entries written before this field have only startedAt). */
  touchedAt?: Date;
}

/** How often a write under way says so: far below any sweep's age limit. */
const TOUCH_EVERY_MS = 1000;

interface ChunkDoc {
  _id: string;
  files_id: string;
  n: number;
  data: Binary;
}

const DEFAULT_CHUNK = 255 * 1024;

interface WriteOptions extends PutOptions {
  uploadDate: Date;
  /** Restoring: the bytes must hash to this, or nothing is kept. */
  expectedSha256?: string;
}

export const chunkId = (fileId: string, n: number) => `${fileId}:${n}`;

export class GridFsStorage implements FileStorage {
  private readonly bucket: string;
  private readonly chunkSize: number;

  constructor(private readonly options: GridFsOptions) {
    this.bucket = options.bucket ?? 'fs';
    this.chunkSize = options.chunkSizeBytes ?? DEFAULT_CHUNK;
  }

  private get files(): Collection<FilesDoc> {
    return this.options.db().collection<FilesDoc>(`${this.bucket}.files`);
  }

  private get chunks(): Collection<ChunkDoc> {
    return this.options.db().collection<ChunkDoc>(`${this.bucket}.chunks`);
  }

  /** Where the files live: a backup takes them through list and open, not as collections. */
  get collections(): string[] {
    return [`${this.bucket}.files`, `${this.bucket}.chunks`, `${this.bucket}.pending`];
  }

  private get pending(): Collection<PendingDoc> {
    return this.options.db().collection<PendingDoc>(`${this.bucket}.pending`);
  }

  put(stream: Readable, options: PutOptions): Promise<StoredFileInfo> {
    return this.write(randomBytes(12).toString('hex'), stream, { ...options, uploadDate: new Date() });
  }

  async restore(info: StoredFileInfo, stream: Readable): Promise<void> {
    const { filename, contentType, uploadedAt: uploadDate, sha256: expectedSha256 } = info;
    await this.write(info.id, stream, { filename, contentType, uploadDate, expectedSha256 });
  }

  async *list(): AsyncIterable<StoredFileInfo> {
    for await (const doc of this.files.find({}).sort({ _id: 1 })) yield infoOf(doc);
  }

  private async write(id: string, stream: Readable, options: WriteOptions): Promise<StoredFileInfo> {
    // Recorded before the first chunk lands; the pipeline is attached at once so that no error of the stream goes
    // unheard meanwhile.
    const startedAt = new Date();
    const marked = this.pending.insertOne({ _id: id, startedAt, touchedAt: startedAt });
    marked.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
    const sink = this.chunkSink(id, marked, startedAt.getTime());
    try {
      await pipeline(stream, sink.writable);
      await marked;
      const sha256 = sink.hash.digest('hex');
      if (options.expectedSha256 && options.expectedSha256 !== sha256)
        throw new Error(`stored file ${id}: SHA-256 ${sha256} instead of ${options.expectedSha256}`);
      const doc: FilesDoc = {
        _id: id,
        length: sink.size(),
        chunkSize: this.chunkSize,
        uploadDate: options.uploadDate,
        filename: options.filename,
        metadata: { contentType: options.contentType, sha256 },
      };
      await this.files.insertOne(doc);
      await this.pending.deleteOne({ _id: id });
      return infoOf(doc);
    } catch (err) {
      await marked.catch(() => undefined);
      await sink.inflight().catch(() => undefined);
      await this.deleteChunks(id, sink.written());
      await this.pending.deleteOne({ _id: id });
      throw err;
    }
  }

  /** A stream that cuts what it is given into chunks and stores them in order, hashing as it goes. */
  private chunkSink(id: string, marked: Promise<unknown>, startedAt: number) {
    const chunkSize = this.chunkSize;
    const chunks = this.chunks;
    const hash = createHash('sha256');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let written = 0;
    let size = 0;
    // The chunk write under way: a failed upload waits for it before deleting, or it would land after the clean-up.
    let inflight: Promise<void> = Promise.resolve();
    let touched = startedAt;
    const flush = async (buffer: Buffer) => {
      await marked;
      if (Date.now() - touched >= TOUCH_EVERY_MS) touched = await this.touch(id);
      const n = written;
      await chunks.insertOne({ _id: chunkId(id, n), files_id: id, n, data: new Binary(buffer) });
      written = n + 1;
    };
    const writable = new Writable({
      write(data: Buffer, _encoding, callback) {
        hash.update(data);
        size += data.length;
        pending.push(data);
        pendingBytes += data.length;
        inflight = (async () => {
          while (pendingBytes >= chunkSize) {
            const all = Buffer.concat(pending);
            await flush(all.subarray(0, chunkSize));
            pending = [all.subarray(chunkSize)];
            pendingBytes -= chunkSize;
          }
        })();
        inflight.then(() => callback(), callback);
      },
      final(callback) {
        inflight = pendingBytes > 0 ? flush(Buffer.concat(pending)) : Promise.resolve();
        inflight.then(() => callback(), callback);
      },
    });
    return { writable, hash, size: () => size, written: () => written, inflight: () => inflight };
  }

  /**
   * Marks a write as still under way; one whose entry a sweep has taken stops here instead of leaving chunks no one
   * names.
   */
  private async touch(id: string): Promise<number> {
    const now = new Date();
    const { matchedCount } = await this.pending.updateOne({ _id: id }, { $set: { touchedAt: now } });
    if (matchedCount === 0) throw new Error(`stored file ${id}: the write was swept as abandoned`);
    return now.getTime();
  }

  async sweepIncomplete(startedBefore: Date): Promise<number> {
    // The pending collection holds only writes under way: reading it whole is cheap.
    const stale = (await this.pending.find({}).toArray()).filter((p) => (p.touchedAt ?? p.startedAt) < startedBefore);
    for (const { _id: id } of stale) {
      if (!(await this.files.findOne({ _id: id }))) {
        // Chunks are written in order from 0: the first one missing ends them.
        for (let n = 0; (await this.chunks.deleteOne({ _id: chunkId(id, n) })).deletedCount === 1; n++);
      }
      await this.pending.deleteOne({ _id: id });
    }
    return stale.length;
  }

  async stat(id: string): Promise<StoredFileInfo | null> {
    const doc = await this.files.findOne({ _id: id });
    return doc ? infoOf(doc) : null;
  }

  async open(id: string, range?: ByteRange): Promise<Readable> {
    const doc = await this.files.findOne({ _id: id });
    if (!doc) throw new StorageNotFound(id);
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? doc.length - 1, doc.length - 1);
    if (end < start) return Readable.from([]);
    const first = Math.floor(start / doc.chunkSize);
    const last = Math.floor(end / doc.chunkSize);
    const chunks = this.chunks;
    let n = first;
    // One chunk per read: backpressure holds memory to about one chunk per open stream.
    return new Readable({
      async read() {
        if (n > last) return void this.push(null);
        try {
          const chunk = await chunks.findOne({ _id: chunkId(id, n) });
          if (!chunk) throw new Error(`stored file ${id} is missing chunk ${n}`);
          const data = Buffer.from(chunk.data.buffer);
          const from = n === first ? start - n * doc.chunkSize : 0;
          const to = n === last ? end - n * doc.chunkSize + 1 : data.length;
          n += 1;
          this.push(data.subarray(from, to));
        } catch (err) {
          this.destroy(err as Error);
        }
      },
    });
  }

  async delete(id: string): Promise<void> {
    const doc = await this.files.findOne({ _id: id });
    if (!doc) return;
    // Chunks first: a failure half way leaves a files document to retry with, never unreachable chunks.
    await this.deleteChunks(id, Math.ceil(doc.length / doc.chunkSize));
    await this.files.deleteOne({ _id: id });
  }

  private async deleteChunks(id: string, count: number): Promise<void> {
    for (let n = 0; n < count; n += 100) {
      const ids = Array.from({ length: Math.min(100, count - n) }, (_, i) => chunkId(id, n + i));
      await this.chunks.bulkWrite(
        ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
        { ordered: false },
      );
    }
  }
}

function infoOf(doc: FilesDoc): StoredFileInfo {
  return {
    id: doc._id,
    size: doc.length,
    sha256: doc.metadata.sha256,
    filename: doc.filename,
    contentType: doc.metadata.contentType,
    uploadedAt: doc.uploadDate,
  };
}

export const gridfsStorage: StoragePlugin<GridFsOptions> = {
  name: 'gridfs',
  create: (options) => new GridFsStorage(options),
};
