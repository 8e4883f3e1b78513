/**
 * Prints slips on A4 paper as a PDF, three to a page with a dashed line to cut along: each slip a
 * heading, a title, a few lines and a small table. It knows nothing of libraries: the caller says
 * what each slip reads. Text in DejaVu Sans (Debian's fonts-dejavu-core), which has every
 * Vietnamese letter.
 */
import { dejaVuPdf, pdfBuffer, type PdfDoc } from './pdfBuffer.js';

export interface Slip {
  /** Small, at the top (the school's name). */
  heading: string;
  title: string;
  lines: string[];
  table: { headers: string[]; widths: number[]; rows: string[][] };
  /** Under the table, right-aligned (date and signature). */
  footer: string[];
}

const PT_PER_MM = 72 / 25.4;
const A4 = { width: 210 * PT_PER_MM, height: 297 * PT_PER_MM };
const MARGIN = 12 * PT_PER_MM;
const SLIPS_PER_PAGE = 3;
const SLIP_HEIGHT = (A4.height - 2 * MARGIN) / SLIPS_PER_PAGE;
/** Rows of the table a slip has room for; a reader with more gets a second slip. */
export const SLIP_TABLE_ROWS = 6;

type Doc = PdfDoc;

export async function slipsPdf(slips: readonly Slip[], title: string): Promise<Buffer> {
  const doc = dejaVuPdf({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: title }, compress: true });
  const bytes = pdfBuffer(doc);
  slips.forEach((slip, i) => {
    const place = i % SLIPS_PER_PAGE;
    if (place === 0) doc.addPage();
    const top = MARGIN + place * SLIP_HEIGHT;
    if (place > 0) cutLine(doc, top);
    drawSlip(doc, slip, top + 8);
  });
  if (slips.length === 0) doc.addPage();
  doc.end();
  return bytes;
}

function cutLine(doc: Doc, y: number): void {
  doc
    .save()
    .moveTo(MARGIN, y)
    .lineTo(A4.width - MARGIN, y)
    .dash(4, { space: 3 })
    .lineWidth(0.5)
    .stroke('#888')
    .restore();
}

function drawSlip(doc: Doc, slip: Slip, top: number): void {
  const width = A4.width - 2 * MARGIN;
  doc.fillColor('black').font('bold').fontSize(9).text(slip.heading, MARGIN, top, { width });
  doc
    .font('bold')
    .fontSize(13)
    .text(slip.title, MARGIN, doc.y + 4, { width, align: 'center' });
  doc.font('regular').fontSize(10);
  for (const line of slip.lines) doc.text(line, MARGIN, doc.y + 3, { width });
  drawTable(doc, slip.table, doc.y + 6, width);
  doc.font('regular').fontSize(9);
  for (const line of slip.footer) doc.text(line, MARGIN, doc.y + 3, { width, align: 'right' });
}

function drawTable(doc: Doc, table: Slip['table'], top: number, width: number): void {
  const total = table.widths.reduce((a, b) => a + b, 0);
  const xs = table.widths.reduce<number[]>((acc, w, i) => [...acc, acc[i]! + (w / total) * width], [MARGIN]);
  const row = (cells: string[], y: number, font: string) => {
    doc.font(font).fontSize(9);
    cells.forEach((cell, i) =>
      doc.text(cell, xs[i]! + 2, y + 2, { width: xs[i + 1]! - xs[i]! - 4, lineBreak: false, ellipsis: true }),
    );
    doc
      .moveTo(MARGIN, y + 14)
      .lineTo(MARGIN + width, y + 14)
      .lineWidth(0.3)
      .stroke('#555');
    return y + 15;
  };
  let y = row(table.headers, top, 'bold');
  for (const cells of table.rows) y = row(cells, y, 'regular');
  doc.y = y + 2;
}
