/**
 * The default storage backend: GridFS's layout (a files collection with length, chunkSize,
 * uploadDate, filename and metadata; a chunks collection with files_id, n and data), so MongoDB's
 * own tools can read what it stores, with one difference: a chunk's `_id` is `${fileId}:${n}`.
 * Reading chunk n, and so serving any byte range, is then a lookup by `_id`. (The driver's
 * GridFSBucket finds chunks with `{files_id}` sorted by `n`, which on FerretDB scans every chunk of
 * every file.) The files document is written last: it marks the file complete.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Binary, type Collection, type Db } from 'mongodb';
import { StorageNotFound, type ByteRange, type FileStorage, type PutOptions, type StoragePlugin, type StoredFileInfo } from '../../../src/domain/storage.js';

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

interface ChunkDoc {
  _id: string;
  files_id: string;
  n: number;
  data: Binary;
}

const DEFAULT_CHUNK = 255 * 1024;

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

  async put(stream: Readable, options: PutOptions): Promise<StoredFileInfo> {
    const id = randomBytes(12).toString('hex');
    const chunkSize = this.chunkSize;
    const chunks = this.chunks;
    const hash = createHash('sha256');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let written = 0;
    let size = 0;

    const flush = async (buffer: Buffer) => {
      const n = written;
      await chunks.insertOne({ _id: chunkId(id, n), files_id: id, n, data: new Binary(buffer) });
      written = n + 1;
    };
    const sink = new Writable({
      write(data: Buffer, _encoding, callback) {
        hash.update(data);
        size += data.length;
        pending.push(data);
        pendingBytes += data.length;
        (async () => {
          while (pendingBytes >= chunkSize) {
            const all = Buffer.concat(pending);
            await flush(all.subarray(0, chunkSize));
            pending = [all.subarray(chunkSize)];
            pendingBytes -= chunkSize;
          }
        })().then(() => callback(), callback);
      },
      final(callback) {
        (pendingBytes > 0 ? flush(Buffer.concat(pending)) : Promise.resolve()).then(() => callback(), callback);
      },
    });

    try {
      await pipeline(stream, sink);
      const doc: FilesDoc = { _id: id, length: size, chunkSize, uploadDate: new Date(), filename: options.filename, metadata: { contentType: options.contentType, sha256: hash.digest('hex') } };
      await this.files.insertOne(doc);
      return infoOf(doc);
    } catch (err) {
      await this.deleteChunks(id, written);
      throw err;
    }
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
      await this.chunks.bulkWrite(ids.map((_id) => ({ deleteOne: { filter: { _id } } })), { ordered: false });
    }
  }
}

function infoOf(doc: FilesDoc): StoredFileInfo {
  return { id: doc._id, size: doc.length, sha256: doc.metadata.sha256, filename: doc.filename, contentType: doc.metadata.contentType, uploadedAt: doc.uploadDate };
}

export const gridfsStorage: StoragePlugin<GridFsOptions> = {
  name: 'gridfs',
  create: (options) => new GridFsStorage(options),
};
