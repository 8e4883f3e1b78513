/**
 * Where the bytes of uploaded files live. A backend streams in and out (a file is never held whole
 * in memory) and serves byte ranges, so video seeking and HTTP Range requests cost only what they
 * read. Backends are plugins (plugins/storage/*), listed in src/registry/storage.ts.
 */
import type { Readable } from 'node:stream';

export interface StoredFileInfo {
  id: string;
  /** Bytes. */
  size: number;
  sha256: string;
  filename: string;
  contentType: string;
  uploadedAt: Date;
}

export interface PutOptions {
  filename: string;
  contentType: string;
}

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

export interface FileStorage {
  /**
   * Stores everything `stream` yields. When the stream fails (or is destroyed) half way, whatever
   * was written is removed before the promise rejects: a failed upload leaves nothing behind.
   */
  put(stream: Readable, options: PutOptions): Promise<StoredFileInfo>;
  /** The bytes of a stored file, or of one range of it. Rejects with `StorageNotFound` for an unknown id. */
  open(id: string, range?: ByteRange): Promise<Readable>;
  stat(id: string): Promise<StoredFileInfo | null>;
  /** Removes the file; removing a file that is not there is not an error. */
  delete(id: string): Promise<void>;
  /**
   * Removes what writes left when their process died half way (the failure path of `put` never
   * ran): writes not heard from since `startedBefore` (a slow write under way keeps saying so).
   * Returns how many such writes it cleared.
   */
  sweepIncomplete(startedBefore: Date): Promise<number>;
  /** Every complete file, in id order (for backups). */
  list(): AsyncIterable<StoredFileInfo>;
  /**
   * Stores a file under the id and details it had (restoring a backup). Rejects, keeping nothing,
   * when the bytes do not hash to `info.sha256`.
   */
  restore(info: StoredFileInfo, stream: Readable): Promise<void>;
  /** The database collections the backend keeps files in (a backup reads files through `list` and `open` instead). */
  readonly collections: readonly string[];
}

export class StorageNotFound extends Error {
  override name = 'StorageNotFound';
  constructor(readonly id: string) {
    super(`stored file ${id} not found`);
  }
}

/**
 * What a storage plugin exports: a name and a factory that receives the database (or whatever else the backend needs)
 * from the app.
 */
export interface StoragePlugin<Deps> {
  name: string;
  create(deps: Deps): FileStorage;
}
