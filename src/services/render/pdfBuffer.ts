/**
 * What the PDFs made whole in memory share (labels, slips, records): a document with DejaVu Sans
 * registered (Debian's fonts-dejavu-core, which has every Vietnamese letter), and its bytes once
 * it has ended. Streamed documents (documentPdf.ts) pipe instead.
 */
import fs from 'node:fs';
import { buffer } from 'node:stream/consumers';
import PDFDocument from 'pdfkit';

export const DEJAVU_FONTS = {
  regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
};

export type PdfDoc = InstanceType<typeof PDFDocument>;

/** A new document with the fonts `regular` and `bold`; a clear error when the fonts are not installed. */
export function dejaVuPdf(options: PDFKit.PDFDocumentOptions): PdfDoc {
  for (const font of Object.values(DEJAVU_FONTS))
    if (!fs.existsSync(font)) throw new Error(`font missing: ${font} (Debian package fonts-dejavu-core)`);
  const doc = new PDFDocument(options);
  doc.registerFont('regular', DEJAVU_FONTS.regular).registerFont('bold', DEJAVU_FONTS.bold);
  return doc;
}

/**
 * The document's bytes, once `doc.end()` has been called: ask for them before drawing, so that
 * nothing is missed and an error of the document rejects this promise.
 */
export function pdfBuffer(doc: PdfDoc): Promise<Buffer> {
  return buffer(doc);
}
