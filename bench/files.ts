/**
 * `npm run bench:files`: the GridFS-layout storage on the embedded database (FerretDB on SQLite).
 *
 * 1. Stores `--files` files of `--mb` MB each (random bytes, streamed in 64 kB pieces), timing the
 *    upload throughput, so the chunks collection holds thousands of chunks.
 * 2. Reads `--reads` random 64 kB ranges (what a video seek or a pdf.js range request asks for)
 *    through FileStorage.open: each is one or two chunk lookups by `_id`.
 * 3. For comparison, reads the same ranges the way the driver's GridFSBucket finds chunks
 *    (`{files_id, n: {$gte}}` sorted by `n`), which FerretDB answers by scanning the collection.
 * 4. Writes the figures to bench/results/files.{json,md}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { createLogger } from '../src/log.js';
import { openDatabase } from '../src/db/index.js';
import { GridFsStorage } from '../plugins/storage/gridfs/index.js';
import { percentiles, writeResults } from './support/http.js';

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '40' },
    mb: { type: 'string', default: '8' },
    reads: { type: 'string', default: '300' },
    scanReads: { type: 'string', default: '20' },
  },
});
const fileCount = Number(args.files);
const bytesPerFile = Number(args.mb) * 1024 * 1024;
const PIECE = 64 * 1024;

function randomStream(size: number): Readable {
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(PIECE, left);
      left -= n;
      this.push(randomBytes(n));
    },
  });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-bench-files-'));
const log = createLogger('warn');
const db = await openDatabase({ uri: undefined, name: 'bench_files', dataDir, ferretdbBinary: undefined }, log);
try {
  const storage = new GridFsStorage({ db: () => db.connection.db! });
  const started = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < fileCount; i++)
    ids.push(
      (
        await storage.put(randomStream(bytesPerFile), {
          filename: `f${i}.bin`,
          contentType: 'application/octet-stream',
        })
      ).id,
    );
  const uploadSeconds = (Date.now() - started) / 1000;
  const totalMb = (fileCount * bytesPerFile) / (1024 * 1024);
  const chunkCount = await db.connection.db!.collection('fs.chunks').estimatedDocumentCount();

  const ranges = Array.from({ length: Number(args.reads) }, () => {
    const id = ids[Math.floor(Math.random() * ids.length)]!;
    const start = Math.floor(Math.random() * (bytesPerFile - PIECE));
    return { id, start, end: start + PIECE - 1 };
  });
  const byId: number[] = [];
  for (const r of ranges) {
    const t = performance.now();
    const got = await buffer(await storage.open(r.id, { start: r.start, end: r.end }));
    byId.push(performance.now() - t);
    if (got.length !== PIECE) throw new Error('short read');
  }

  const chunks = db.connection.db!.collection('fs.chunks');
  const scanned: number[] = [];
  for (const r of ranges.slice(0, Number(args.scanReads))) {
    const t = performance.now();
    const first = Math.floor(r.start / (255 * 1024));
    await chunks
      .find({ files_id: r.id, n: { $gte: first, $lte: first + 1 } })
      .sort({ n: 1 })
      .toArray();
    scanned.push(performance.now() - t);
  }

  const summary = {
    files: fileCount,
    mbPerFile: Number(args.mb),
    chunks: chunkCount,
    upload: { seconds: uploadSeconds, mbPerSecond: Math.round((totalMb / uploadSeconds) * 10) / 10 },
    rangeReadByIdMs: percentiles(byId),
    rangeReadByFilesIdScanMs: percentiles(scanned),
    at: new Date().toISOString(),
    cpus: os.cpus().length,
  };
  writeResults('files', summary, [
    '# bench:files — GridFS-layout storage on the embedded FerretDB (SQLite)',
    '',
    `${fileCount} files × ${args.mb} MB streamed in (${chunkCount} chunks of 255 kB): ${summary.upload.mbPerSecond} MB/s.`,
    '',
    '| 64 kB range read | p50 ms | p95 ms | p99 ms | max ms |',
    '| --- | --- | --- | --- | --- |',
    `| chunks by \`_id\` (\`\${fileId}:\${n}\`, ours) | ${summary.rangeReadByIdMs.p50} | ${summary.rangeReadByIdMs.p95} | ${summary.rangeReadByIdMs.p99} | ${summary.rangeReadByIdMs.max} |`,
    `| chunks by \`{files_id, n}\` sorted (the driver's GridFSBucket) | ${summary.rangeReadByFilesIdScanMs.p50} | ${summary.rangeReadByFilesIdScanMs.p95} | ${summary.rangeReadByFilesIdScanMs.p99} | ${summary.rangeReadByFilesIdScanMs.max} |`,
    '',
    `Machine: ${summary.cpus} CPU cores shared with other work; ${summary.at}.`,
  ]);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
} finally {
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
