/**
 * Text of a file's bytes, for search: PDF (pdf.js), DOCX (mammoth), PPTX slides (their `a:t` runs,
 * read with a real XML parser) and plain text. These run in the extraction worker
 * (./extractWorker.ts), never on the request thread: a file may be built to take all the time or
 * memory a parser will give it. Each parser may throw on a broken file.
 */
import { SaxesParser } from 'saxes';
import mammoth from 'mammoth';
import { maxExtractedChars } from '../../../config/files.js';

/** What the main thread reads from storage and hands the worker. */
export type ExtractInput =
  { method: 'pdf' | 'docx' | 'text'; data: Uint8Array } | { method: 'pptx'; slides: { n: number; xml: Uint8Array }[] };

const cap = (text: string) => (text.length > maxExtractedChars ? text.slice(0, maxExtractedChars) : text);

async function pdfText(data: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data,
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

/** The text runs (`a:t`) of one slide's XML. */
function slideText(xml: Uint8Array): string {
  const runs: string[] = [];
  let inText = false;
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => (inText = tag.name === 'a:t'));
  parser.on('closetag', () => (inText = false));
  parser.on('text', (text) => {
    if (inText) runs.push(text);
  });
  parser.write(new TextDecoder('utf-8').decode(xml)).close();
  return runs.join(' ');
}

export async function parseText(input: ExtractInput): Promise<string> {
  switch (input.method) {
    case 'pdf':
      return cap(await pdfText(input.data));
    case 'docx':
      return cap((await mammoth.extractRawText({ buffer: Buffer.from(input.data) })).value);
    case 'pptx':
      return cap(
        [...input.slides]
          .sort((a, b) => a.n - b.n)
          .map((s) => slideText(s.xml))
          .join('\n'),
      );
    case 'text':
      return cap(new TextDecoder('utf-8').decode(input.data));
  }
}
