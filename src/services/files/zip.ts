/**
 * Reading a zip (an HTML5 simulation package, an Office document) straight from storage: yauzl
 * reads the central directory and each entry through byte ranges, so the package is never loaded
 * whole.
 */
import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { FileStorage } from '../../domain/storage.js';

class StoredFileReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly storage: FileStorage,
    private readonly id: string,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const out = new PassThrough();
    if (end <= start) {
      out.end();
      return out;
    }
    this.storage.open(this.id, { start, end: end - 1 }).then(
      (stream) => {
        stream.once('error', (err) => out.destroy(err));
        stream.pipe(out);
      },
      (err: Error) => out.destroy(err),
    );
    return out;
  }
}

/** Opens a stored zip; rejects when it is not a readable zip (no central directory, bad entries). */
export function openStoredZip(storage: FileStorage, id: string, size: number): Promise<yauzl.ZipFile> {
  return yauzl.fromRandomAccessReaderPromise(new StoredFileReader(storage, id), size, {
    lazyEntries: true,
    autoClose: true,
    strictFileNames: true,
    validateEntrySizes: true,
  });
}

/** Every entry's name and size, after checking the whole central directory. */
export async function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  const entries: yauzl.Entry[] = [];
  for await (const entry of zip.eachEntry()) entries.push(entry);
  return entries;
}
