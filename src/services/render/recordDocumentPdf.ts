/**
 * A record document (src/presenters/recordDocument.ts) as an A4 PDF: issuer and motto side by side, the heading,
 * labelled facts, tables that continue on the next page with their header repeated, and the
 * signature block. Text in DejaVu Sans (Debian's fonts-dejavu-core), which has every Vietnamese letter.
 */
import type { RecordDocument, RecordTable } from '../../presenters/recordDocument.js';
import { dejaVuPdf, pdfBuffer, type PdfDoc } from './pdfBuffer.js';

type Doc = PdfDoc;
const MARGIN = 50;
const ROW_PAD = 3;
const FONT_SIZE = 9.5;

export async function recordDocumentPdf(record: RecordDocument): Promise<Buffer> {
  const doc = dejaVuPdf({ size: 'A4', margin: MARGIN, info: { Title: record.title }, compress: true });
  const bytes = pdfBuffer(doc);
  drawTop(doc, record);
  for (const [label, value] of record.facts)
    doc.font('bold').fontSize(10).text(`${label}: `, MARGIN, doc.y, { continued: true }).font('regular').text(value);
  for (const table of record.tables) drawTable(doc, table);
  drawSignatures(doc, record);
  doc.end();
  return bytes;
}

const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;

function drawTop(doc: Doc, record: RecordDocument): void {
  const half = contentWidth(doc) / 2;
  const top = doc.y;
  doc.font('bold').fontSize(10);
  record.issuer.forEach((line, i) =>
    doc.font(i === 0 ? 'regular' : 'bold').text(line, MARGIN, doc.y, { width: half, align: 'center' }),
  );
  const leftEnd = doc.y;
  doc.y = top;
  record.motto.forEach((line, i) =>
    doc.font(i === 0 ? 'bold' : 'regular').text(line, MARGIN + half, doc.y, { width: half, align: 'center' }),
  );
  doc
    .font('regular')
    .fontSize(9)
    .text(record.placeAndDate, MARGIN + half, doc.y + 6, { width: half, align: 'center' });
  doc.y = Math.max(leftEnd, doc.y) + 18;
  doc
    .font('bold')
    .fontSize(15)
    .text(record.heading, MARGIN, doc.y, { width: contentWidth(doc), align: 'center' });
  if (record.subheading)
    doc
      .font('regular')
      .fontSize(11)
      .text(record.subheading, MARGIN, doc.y, { width: contentWidth(doc), align: 'center' });
  doc.moveDown(1);
}

function drawTable(doc: Doc, table: RecordTable): void {
  const width = contentWidth(doc);
  const xs = table.columns.reduce<number[]>((acc, c) => [...acc, acc.at(-1)! + c.width * width], [MARGIN]);
  doc.moveDown(0.6);
  ensureRoom(doc, 60);
  doc.font('bold').fontSize(11).text(table.heading, MARGIN, doc.y);
  doc.moveDown(0.3);
  if (!table.rows.length) {
    doc
      .font('regular')
      .fontSize(FONT_SIZE)
      .text(table.empty ?? '—', MARGIN, doc.y);
    return;
  }
  const header = table.columns.map((c) => c.header);
  drawRow(doc, table, xs, header, true);
  for (const row of table.rows) {
    if (doc.y + rowHeight(doc, table, xs, row.map(String), false) > doc.page.height - MARGIN) {
      doc.addPage();
      drawRow(doc, table, xs, header, true);
    }
    drawRow(doc, table, xs, row.map(String), false);
  }
}

function rowHeight(doc: Doc, table: RecordTable, xs: number[], cells: string[], bold: boolean): number {
  doc.font(bold ? 'bold' : 'regular').fontSize(FONT_SIZE);
  const heights = cells.map((text, i) => doc.heightOfString(text, { width: xs[i + 1]! - xs[i]! - 2 * ROW_PAD }));
  return Math.max(...heights) + 2 * ROW_PAD;
}

function drawRow(doc: Doc, table: RecordTable, xs: number[], cells: string[], bold: boolean): void {
  const height = rowHeight(doc, table, xs, cells, bold);
  const y = doc.y;
  cells.forEach((text, i) => {
    const [x, w] = [xs[i]!, xs[i + 1]! - xs[i]!];
    doc.rect(x, y, w, height).lineWidth(0.5).stroke();
    doc.text(text, x + ROW_PAD, y + ROW_PAD, {
      width: w - 2 * ROW_PAD,
      align: bold ? 'center' : (table.columns[i]!.align ?? 'left'),
    });
  });
  doc.x = MARGIN;
  doc.y = y + height;
}

function drawSignatures(doc: Doc, record: RecordDocument): void {
  doc.moveDown(2);
  ensureRoom(doc, 110);
  const width = contentWidth(doc) / record.signatures.length;
  const top = doc.y;
  record.signatures.forEach((s, i) => {
    const x = MARGIN + i * width;
    doc.font('bold').fontSize(10).text(s.role, x, top, { width, align: 'center' });
    doc.font('regular').fontSize(8.5).text(s.hint, x, doc.y, { width, align: 'center' });
  });
  doc.x = MARGIN;
}

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}
