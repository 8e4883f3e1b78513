/**
 * The memory engine's snapshot on disk: named sections, each either JSON (string tables, small
 * lists) or the raw bytes of a typed array (columns, postings), so that reading 100,000 entries
 * parses a few large arrays instead of 100,000 documents. Layout: a magic line, a 4-byte header
 * length, the header (JSON: format, the caller's facts, the sections' names, kinds and lengths),
 * the sections, and a CRC-32 of everything before it. Written to a temporary file, flushed and
 * renamed over the previous snapshot, so a crash mid-write leaves the previous one whole.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { setImmediate } from 'node:timers/promises';
import zlib from 'node:zlib';

export const SNAPSHOT_FORMAT = 1;
const MAGIC = Buffer.from('THUVIEN-MEMORY-INDEX\n');

export type SectionValue = unknown[] | Float64Array | Uint32Array | Int32Array;
type Kind = 'json' | 'f64' | 'u32' | 'i32';

interface Header {
  format: number;
  facts: Record<string, unknown>;
  sections: { name: string; kind: Kind; bytes: number }[];
}

export class SnapshotUnreadable extends Error {}

const kindOf = (v: SectionValue): Kind =>
  v instanceof Float64Array ? 'f64' : v instanceof Uint32Array ? 'u32' : v instanceof Int32Array ? 'i32' : 'json';

function bytesOf(v: SectionValue): Buffer {
  if (Array.isArray(v)) return Buffer.from(JSON.stringify(v));
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function valueOf(kind: Kind, bytes: Buffer): SectionValue {
  // A copy: typed arrays need their own aligned buffer.
  const copy = () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  switch (kind) {
    case 'json':
      return JSON.parse(bytes.toString('utf8')) as unknown[];
    case 'f64':
      return new Float64Array(copy());
    case 'u32':
      return new Uint32Array(copy());
    case 'i32':
      return new Int32Array(copy());
  }
}

/** Writes the sections under `file` atomically; returns the bytes written. */
export async function writeSnapshotFile(
  file: string,
  facts: Record<string, unknown>,
  sections: ReadonlyMap<string, SectionValue>,
): Promise<number> {
  const bodies: { name: string; kind: Kind; bytes: Buffer }[] = [];
  for (const [name, value] of sections) {
    bodies.push({ name, kind: kindOf(value), bytes: bytesOf(value) });
    await setImmediate(); // requests are answered between sections (the values are copies: nothing changes under us)
  }
  const header: Header = {
    format: SNAPSHOT_FORMAT,
    facts,
    sections: bodies.map((b) => ({ name: b.name, kind: b.kind, bytes: b.bytes.length })),
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const parts = [MAGIC, length, headerBytes, ...bodies.map((b) => b.bytes)];
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(parts.reduce((c, p) => zlib.crc32(p, c), 0));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await removeStaleTemporaries(file);
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await fs.open(temporary, 'w');
  try {
    for (const p of [...parts, crc]) await handle.write(p);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temporary, file);
  await syncDirectory(path.dirname(file));
  return parts.reduce((n, p) => n + p.length, 4);
}

/** A temporary file this old was left by a writer that died (another may be writing a younger one). */
const STALE_MS = 3600_000;

async function removeStaleTemporaries(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  for (const name of await fs.readdir(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const stale = path.join(dir, name);
    const { mtimeMs } = await fs.stat(stale).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > STALE_MS) await fs.rm(stale, { force: true });
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** What a snapshot holds: the caller's facts and each section, read one at a time. */
export interface SnapshotReader {
  facts: Record<string, unknown>;
  section(name: string): Promise<SectionValue>;
  /** The sections not read yet, by name (those a caller added after the index's). */
  rest(): Promise<Map<string, SectionValue>>;
  /** Reads what is left and checks the CRC of the whole file. */
  verify(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a snapshot, reading sections in order as they are asked for (the whole file is never
 * held at once). Throws SnapshotUnreadable for a file of another format or a damaged one.
 */
export async function openSnapshotFile(file: string): Promise<SnapshotReader> {
  const handle = await fs.open(file, 'r');
  let crc = 0;
  let offset = 0;
  const read = async (n: number): Promise<Buffer> => {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buffer, 0, n, offset);
    if (bytesRead !== n) throw new SnapshotUnreadable('the snapshot ends too early');
    offset += n;
    crc = zlib.crc32(buffer, crc);
    return buffer;
  };
  try {
    if (!(await read(MAGIC.length)).equals(MAGIC)) throw new SnapshotUnreadable('not a snapshot of this index');
    const headerLength = (await read(4)).readUInt32LE();
    const header = parseHeader(await read(headerLength));
    const pending = [...header.sections];
    return {
      facts: header.facts,
      async section(name) {
        for (;;) {
          const next = pending.shift();
          if (!next) throw new SnapshotUnreadable(`no section ${name}`);
          const bytes = await read(next.bytes);
          if (next.name === name) return valueOf(next.kind, bytes);
        }
      },
      async rest() {
        const rest = new Map<string, SectionValue>();
        for (const s of pending.splice(0)) rest.set(s.name, valueOf(s.kind, await read(s.bytes)));
        return rest;
      },
      async verify() {
        for (const s of pending.splice(0)) await read(s.bytes);
        const expected = crc;
        const stored = Buffer.alloc(4);
        const { bytesRead } = await handle.read(stored, 0, 4, offset);
        if (bytesRead !== 4 || stored.readUInt32LE() !== expected) throw new SnapshotUnreadable('checksum mismatch');
      },
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

function parseHeader(bytes: Buffer): Header {
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8')) as Header;
  } catch {
    throw new SnapshotUnreadable('unreadable header');
  }
  if (header.format !== SNAPSHOT_FORMAT) throw new SnapshotUnreadable(`format ${String(header.format)}`);
  return header;
}
