/**
 * Reading a PDF back as a person would see it printed: the text on each page with its position
 * (pdfjs-dist), and the barcodes on a page rendered as an image by poppler's pdftoppm (Debian
 * poppler-utils) and decoded by ZXing (zxing-wasm, its WebAssembly loaded from node_modules, never
 * from a CDN). Positions are in millimetres from the page's top left corner.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

const MM_PER_PT = 25.4 / 72;

export interface PlacedText {
  text: string;
  /** Left end of the text's baseline. */
  x: number;
  y: number;
  width: number;
}

export async function textOnPages(pdf: Buffer): Promise<PlacedText[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, verbosity: 0 }).promise;
  const pages: PlacedText[][] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n);
    const height = page.view[3]!;
    const content = await page.getTextContent();
    pages.push(
      content.items.flatMap((item) =>
        'str' in item && item.str.trim()
          ? [
              {
                text: item.str,
                x: item.transform[4] * MM_PER_PT,
                y: (height - item.transform[5]) * MM_PER_PT,
                width: item.width * MM_PER_PT,
              },
            ]
          : [],
      ),
    );
  }
  await document.destroy();
  return pages;
}

export interface FoundBarcode {
  text: string;
  format: string;
  /** Centre of the symbol. */
  x: number;
  y: number;
}

let zxingReady = false;
async function useLocalWasm(): Promise<void> {
  if (zxingReady) return;
  const wasm = await fs.readFile(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
  await prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  zxingReady = true;
}

/** The barcodes ZXing reads on one page (from 1) of the PDF rendered at `dpi`. */
export async function barcodesOnPage(pdf: Buffer, pageNumber: number, dpi = 300): Promise<FoundBarcode[]> {
  await useLocalWasm();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'labels-'));
  try {
    const file = path.join(dir, 'labels.pdf');
    await fs.writeFile(file, pdf);
    const out = path.join(dir, 'page');
    const page = String(pageNumber);
    await promisify(execFile)('pdftoppm', [
      '-r',
      String(dpi),
      '-png',
      '-f',
      page,
      '-l',
      page,
      '-singlefile',
      file,
      out,
    ]);
    const image = await fs.readFile(`${out}.png`);
    const results = await readBarcodes(new Uint8Array(image), {
      formats: ['Code128'],
      maxNumberOfSymbols: 255,
      tryHarder: true,
    });
    const mm = (px: number) => (px * 25.4) / dpi;
    return results
      .filter((r) => r.isValid)
      .map((r) => {
        const p = r.position;
        const xs = [p.topLeft.x, p.topRight.x, p.bottomLeft.x, p.bottomRight.x];
        const ys = [p.topLeft.y, p.topRight.y, p.bottomLeft.y, p.bottomRight.y];
        const mid = (v: number[]) => (Math.min(...v) + Math.max(...v)) / 2;
        return { text: r.text, format: r.format, x: mm(mid(xs)), y: mm(mid(ys)) };
      });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
