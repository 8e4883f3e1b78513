/**
 * Writes a backup archive: a zip (readable by any unzip tool) whose entries are streamed one
 * after another, each hashed and counted as it is written; the manifest goes last. The archive is
 * written to `<file>.partial` and renamed when complete, so a backup that dies leaves no file that
 * looks whole.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { MANIFEST_ENTRY, type Manifest } from './manifest.js';

export interface WrittenEntry {
  sha256: string;
  bytes: number;
}

export class ArchiveWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly partial: string;
  private readonly done: Promise<void>;
  private readonly out: fs.WriteStream;

  constructor(private readonly file: string) {
    this.partial = `${file}.partial`;
    this.out = fs.createWriteStream(this.partial, { mode: 0o600 });
    this.done = finished(this.zip.outputStream.pipe(this.out));
    this.done.catch(() => undefined); // awaited by finish or abandon
  }

  /** Adds an entry with the bytes `chunks` yields, once they are all written. */
  async add(name: string, chunks: AsyncIterable<Buffer>, options: { compress: boolean }): Promise<WrittenEntry> {
    const hash = createHash('sha256');
    let bytes = 0;
    const source = Readable.from(
      (async function* () {
        for await (const chunk of chunks) {
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      })(),
    );
    this.zip.addReadStream(source, name, { compress: options.compress, mtime: new Date() });
    await finished(source);
    return { sha256: hash.digest('hex'), bytes };
  }

  async finish(manifest: Manifest): Promise<void> {
    this.zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 1)), MANIFEST_ENTRY, { mtime: new Date() });
    this.zip.end();
    await this.done;
    fs.renameSync(this.partial, this.file);
  }

  /** Stops and removes the partial file. */
  async abandon(): Promise<void> {
    this.out.destroy();
    await this.done.catch(() => undefined);
    fs.rmSync(this.partial, { force: true });
  }
}
