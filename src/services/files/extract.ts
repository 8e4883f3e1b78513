/**
 * Text of a stored file, for search. The bytes are read from storage here, on the main thread
 * (reading is I/O), and parsed in a worker thread with time and memory limits
 * (./extractionWorker.ts, ./textParsers.ts). Throws on a broken file or a limit; the queue
 * (./textQueue.ts) records that as a failed extraction with its reason.
 */
import { buffer } from 'node:stream/consumers';
import { maxExtractedChars, maxExtractSourceBytes } from '../../../config/files.js';
import type { FileStorage, StoredFileInfo } from '../../domain/storage.js';
import type { TextJobRecord } from '../../models/file.js';
import { defaultExtractionLimits, extractInWorker, type ExtractionLimits } from './extractionWorker.js';
import type { ExtractInput } from './textParsers.js';
import { openStoredZip } from './zip.js';

export type ExtractMethod = TextJobRecord['method'];

/** Bytes the worker may own: a Buffer from Node's shared pool must not be transferred (it would empty the pool). */
const owned = (bytes: Buffer): Uint8Array =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);

/** Each slide's XML; the slides' total is bounded like any file read whole. */
async function pptxSlides(storage: FileStorage, info: StoredFileInfo): Promise<{ n: number; xml: Uint8Array }[]> {
  const zip = await openStoredZip(storage, info.id, info.size);
  const slides: { n: number; xml: Uint8Array }[] = [];
  let total = 0;
  for await (const entry of zip.eachEntry()) {
    const match = /^ppt\/slides\/slide(\d+)\.xml$/.exec(entry.fileName);
    if (!match) continue;
    total += entry.uncompressedSize;
    if (total > maxExtractSourceBytes) throw new Error('the slides are too large to extract');
    slides.push({ n: Number(match[1]), xml: owned(await buffer(await zip.openReadStreamPromise(entry))) });
  }
  return slides;
}

async function inputOf(method: ExtractMethod, storage: FileStorage, info: StoredFileInfo): Promise<ExtractInput> {
  switch (method) {
    case 'pdf':
    case 'docx':
      return { method, data: owned(await buffer(await storage.open(info.id))) };
    case 'pptx':
      return { method, slides: await pptxSlides(storage, info) };
    case 'text':
      // At most four bytes a character: enough bytes for the capped text, and no more.
      return {
        method,
        data: owned(await buffer(await storage.open(info.id, { start: 0, end: maxExtractedChars * 4 - 1 }))),
      };
  }
}

export async function extractText(
  method: ExtractMethod,
  storage: FileStorage,
  info: StoredFileInfo,
  limits: ExtractionLimits = defaultExtractionLimits,
): Promise<string> {
  return extractInWorker(await inputOf(method, storage, info), limits);
}
