/**
 * Reads a backup archive and checks it whole before anything is written: the zip's central
 * directory (a truncated file has none), the manifest, that the entries are exactly those the
 * manifest names, and every entry's SHA-256, size and line count.
 */
import { createHash } from 'node:crypto';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { MANIFEST_ENTRY, manifestSchema, type Manifest } from './manifest.js';

/** The archive cannot be restored; nothing has been written. */
export class ArchiveRefused extends Error {
  override name = 'ArchiveRefused';
  constructor(problem: string) {
    super(`Tệp sao lưu bị từ chối, chưa ghi gì / backup archive refused, nothing written: ${problem}`);
  }
}

export class ArchiveReader {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    readonly manifest: Manifest,
  ) {}

  static async open(file: string): Promise<ArchiveReader> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
    } catch (err) {
      throw new ArchiveRefused(`not a complete zip archive (truncated?): ${(err as Error).message}`);
    }
    try {
      const entries = new Map<string, yauzl.Entry>();
      for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
      const manifestEntry = entries.get(MANIFEST_ENTRY);
      if (!manifestEntry) throw new ArchiveRefused('no manifest.json');
      const parsed = manifestSchema.safeParse(JSON.parse(await text(await zip.openReadStreamPromise(manifestEntry))));
      if (!parsed.success) throw new ArchiveRefused(`manifest.json is not valid: ${parsed.error.issues[0]?.message}`);
      return new ArchiveReader(zip, entries, parsed.data);
    } catch (err) {
      zip.close();
      throw err instanceof ArchiveRefused ? err : new ArchiveRefused((err as Error).message);
    }
  }

  /** Refuses (ArchiveRefused) unless every entry is exactly what the manifest says. */
  async verify(): Promise<void> {
    const { collections, amendments, files } = this.manifest;
    const expected = new Map<string, { sha256: string; count?: number; size?: number }>([
      ...collections.map((c) => [c.entry, c] as const),
      [amendments.entry, amendments] as const,
      ...files.map((f) => [f.entry, f] as const),
    ]);
    const unknown = [...this.entries.keys()].filter((name) => name !== MANIFEST_ENTRY && !expected.has(name));
    if (unknown.length)
      throw new ArchiveRefused(`entries the manifest does not list: ${unknown.slice(0, 5).join(', ')}`);
    for (const [name, want] of expected) {
      const got = await this.measure(name);
      if (got.sha256 !== want.sha256) throw new ArchiveRefused(`${name}: SHA-256 does not match the manifest`);
      if (want.count !== undefined && got.lines !== want.count)
        throw new ArchiveRefused(`${name}: ${got.lines} documents instead of ${want.count}`);
      if (want.size !== undefined && got.bytes !== want.size)
        throw new ArchiveRefused(`${name}: ${got.bytes} bytes instead of ${want.size}`);
    }
  }

  async open(name: string): Promise<Readable> {
    const entry = this.entries.get(name);
    if (!entry) throw new ArchiveRefused(`missing entry ${name}`);
    try {
      return await this.zip.openReadStreamPromise(entry);
    } catch (err) {
      throw new ArchiveRefused(`${name}: ${(err as Error).message}`);
    }
  }

  /** The lines of an entry (one Extended JSON document each). */
  async *lines(name: string): AsyncIterable<string> {
    for await (const line of readline.createInterface({ input: await this.open(name), crlfDelay: Infinity }))
      if (line) yield line;
  }

  close(): void {
    this.zip.close();
  }

  private async measure(name: string) {
    const hash = createHash('sha256');
    let bytes = 0;
    let lines = 0;
    try {
      for await (const chunk of await this.open(name)) {
        const buffer = chunk as Buffer;
        hash.update(buffer);
        bytes += buffer.length;
        for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) lines += 1;
      }
    } catch (err) {
      throw err instanceof ArchiveRefused ? err : new ArchiveRefused(`${name}: ${(err as Error).message}`);
    }
    return { sha256: hash.digest('hex'), bytes, lines };
  }
}

async function text(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
