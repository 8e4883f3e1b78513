/**
 * Text of a stored file, for search: PDF (pdf.js), DOCX (mammoth), PPTX (the slides' `a:t` runs,
 * read with a real XML parser) and plain text. Each extractor may throw on a broken file; the
 * queue (./textQueue.ts) records that as a failed extraction.
 */
import { StringDecoder } from 'node:string_decoder';
import { buffer } from 'node:stream/consumers';
import { SaxesParser } from 'saxes';
import mammoth from 'mammoth';
import { maxExtractedChars } from '../../../config/files.js';
import type { FileStorage, StoredFileInfo } from '../../domain/storage.js';
import type { TextJobRecord } from '../../models/file.js';
import { openStoredZip } from './zip.js';

export type ExtractMethod = TextJobRecord['method'];

const cap = (text: string) => (text.length > maxExtractedChars ? text.slice(0, maxExtractedChars) : text);

async function readWhole(storage: FileStorage, info: StoredFileInfo): Promise<Buffer> {
  return buffer(await storage.open(info.id));
}

async function pdfText(data: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(data),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    let length = 0;
    for (let n = 1; n <= document.numPages && length < maxExtractedChars; n++) {
      const page = await document.getPage(n);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
      pages.push(text);
      length += text.length;
      page.cleanup();
    }
    return pages.join('\n');
  } finally {
    await document.destroy();
  }
}

/** The text runs (`a:t`) of every slide, slides in order. */
async function pptxText(storage: FileStorage, info: StoredFileInfo): Promise<string> {
  const zip = await openStoredZip(storage, info.id, info.size);
  const slides: { n: number; text: string }[] = [];
  for await (const entry of zip.eachEntry()) {
    const match = /^ppt\/slides\/slide(\d+)\.xml$/.exec(entry.fileName);
    if (!match) continue;
    const runs: string[] = [];
    let inText = false;
    const parser = new SaxesParser();
    parser.on('opentag', (tag) => (inText = tag.name === 'a:t'));
    parser.on('closetag', () => (inText = false));
    parser.on('text', (text) => {
      if (inText) runs.push(text);
    });
    const decoder = new StringDecoder('utf8');
    for await (const chunk of await zip.openReadStreamPromise(entry)) parser.write(decoder.write(chunk as Buffer));
    parser.write(decoder.end()).close();
    slides.push({ n: Number(match[1]), text: runs.join(' ') });
  }
  return slides
    .sort((a, b) => a.n - b.n)
    .map((s) => s.text)
    .join('\n');
}

export async function extractText(method: ExtractMethod, storage: FileStorage, info: StoredFileInfo): Promise<string> {
  switch (method) {
    case 'pdf':
      return cap(await pdfText(await readWhole(storage, info)));
    case 'docx':
      return cap((await mammoth.extractRawText({ buffer: await readWhole(storage, info) })).value);
    case 'pptx':
      return cap(await pptxText(storage, info));
    case 'text':
      // At most four bytes a character: enough bytes for the capped text, and no more.
      return cap(
        (await buffer(await storage.open(info.id, { start: 0, end: maxExtractedChars * 4 - 1 }))).toString('utf8'),
      );
  }
}
