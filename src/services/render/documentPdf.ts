/**
 * A printed document (src/domain/printedDocument.ts) as A4 pages, streamed: pdfkit writes each
 * page as it is finished, piped to the reader, and the rows are drawn as they arrive, so a
 * register of 50,000 copies never sits in memory. Tables repeat their header row on every page;
 * every page carries its number; the signature block is kept on one page. Text in DejaVu Sans,
 * which has every Vietnamese letter.
 */
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { CellValue, DocumentColumn, DocumentTable, PrintedDocument } from '../../domain/printedDocument.js';
import { DEJAVU_FONTS } from './pdfBuffer.js';
import { keepPace, rowsOf } from './streaming.js';

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 36;
const FOOTER = 20;
const PAD = 3;
const BODY_PT = 8;
const MAX_LINES = 3;
const SIGNATURE_SPACE = 110;

/** Renders `document` into `out` (ended when done); throws DownloadAborted if `out` closes first. */
export async function writeDocumentPdf(document: PrintedDocument, out: Writable): Promise<void> {
  const pdf = new PDFDocument({
    size: 'A4',
    layout: document.orientation,
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER },
    info: { Title: document.name, Creator: 'Thư viện số' },
    autoFirstPage: false,
    compress: true,
  });
  pdf.registerFont('regular', DEJAVU_FONTS.regular).registerFont('bold', DEJAVU_FONTS.bold);
  const finished = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('close', resolve);
    pdf.once('error', reject);
  });
  // Awaited at the end; until then a failure must not go unhandled (nothing one download does may end the process).
  finished.catch(() => undefined);
  pdf.pipe(out);
  let pageNumber = 0;
  pdf.on('pageAdded', () => footer(pdf, document.pageLabel(String(++pageNumber))));
  pdf.addPage();
  letterhead(pdf, document);
  for (const table of document.tables) await drawTable(pdf, table, out);
  signatures(pdf, document);
  pdf.end();
  await finished;
}

/** The page's number at its foot, outside the text area (so it never pushes text to a new page). */
function footer(pdf: Doc, label: string): void {
  const { margins } = pdf.page;
  const bottom = margins.bottom;
  margins.bottom = 0;
  pdf.font('regular').fontSize(BODY_PT);
  pdf.text(label, MARGIN, pdf.page.height - MARGIN - FOOTER / 2, { width: textWidth(pdf), align: 'center' });
  margins.bottom = bottom;
  pdf.x = MARGIN;
  pdf.y = margins.top;
}

const textWidth = (pdf: Doc) => pdf.page.width - 2 * MARGIN;
const bottomOf = (pdf: Doc) => pdf.page.height - pdf.page.margins.bottom;

function letterhead(pdf: Doc, document: PrintedDocument): void {
  const half = textWidth(pdf) / 2;
  const top = pdf.y;
  pdf.font('bold').fontSize(10);
  document.issuer.forEach((line, i) =>
    pdf.font(i === document.issuer.length - 1 ? 'bold' : 'regular').text(line, MARGIN, undefined, {
      width: half,
      align: 'center',
    }),
  );
  const leftEnd = pdf.y;
  if (document.motto) {
    pdf.y = top;
    document.motto.forEach((line, i) =>
      pdf.font(i === 0 ? 'bold' : 'regular').text(line, MARGIN + half, undefined, { width: half, align: 'center' }),
    );
  }
  pdf.y = Math.max(leftEnd, pdf.y) + 14;
  pdf
    .font('bold')
    .fontSize(15)
    .text(document.title, MARGIN, undefined, { width: textWidth(pdf), align: 'center' });
  pdf.font('regular').fontSize(10);
  for (const line of document.subtitle) pdf.text(line, MARGIN, undefined, { width: textWidth(pdf), align: 'center' });
  pdf.moveDown(0.8);
  for (const paragraph of document.preface) {
    pdf.text(paragraph, MARGIN, undefined, { width: textWidth(pdf), align: 'left' });
    pdf.moveDown(0.3);
  }
}

interface Layout {
  xs: number[];
  widths: number[];
  columns: DocumentColumn[];
}

function layoutOf(pdf: Doc, columns: DocumentColumn[]): Layout {
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * textWidth(pdf));
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  return { xs, widths, columns };
}

async function drawTable(pdf: Doc, table: DocumentTable, out: Writable): Promise<void> {
  if (table.heading) {
    if (pdf.y + 60 > bottomOf(pdf)) pdf.addPage();
    pdf
      .moveDown(0.5)
      .font('bold')
      .fontSize(11)
      .text(table.heading, MARGIN, undefined, { width: textWidth(pdf) });
    pdf.moveDown(0.3);
  }
  const layout = layoutOf(pdf, table.columns);
  const header = table.columns.map((c) => c.header);
  drawRow(pdf, layout, header, { bold: true, shade: true });
  let sinceCheck = 0;
  for await (const row of rowsOf(table.rows)) {
    if (pdf.y + rowHeight(pdf, layout, row, false) > bottomOf(pdf)) {
      pdf.addPage();
      drawRow(pdf, layout, header, { bold: true, shade: true });
    }
    drawRow(pdf, layout, row, { bold: false, shade: false });
    if (++sinceCheck >= 50) {
      sinceCheck = 0;
      await keepPace(out, pdf);
    }
  }
  if (table.totals) {
    if (pdf.y + rowHeight(pdf, layout, table.totals, true) > bottomOf(pdf)) {
      pdf.addPage();
      drawRow(pdf, layout, header, { bold: true, shade: true });
    }
    drawRow(pdf, layout, table.totals, { bold: true, shade: false });
  }
  pdf.font('regular').fontSize(10).moveDown(0.5);
  for (const line of table.after) pdf.text(line, MARGIN, undefined, { width: textWidth(pdf) });
}

/** A cell as printed: figures with thousands separators (125.000), dates as 05/09/2025. */
export function cellText(value: CellValue, column: DocumentColumn): string {
  if (value === null || column.kind === 'signature') return '';
  if (typeof value === 'number')
    return column.kind === 'money' || column.kind === 'integer' ? value.toLocaleString('vi-VN') : String(value);
  if (column.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;
  return value;
}

const LINE = BODY_PT * 1.2;

function rowHeight(pdf: Doc, layout: Layout, row: readonly CellValue[], bold: boolean): number {
  pdf.font(bold ? 'bold' : 'regular').fontSize(BODY_PT);
  let lines = 1;
  row.forEach((value, i) => {
    const text = cellText(value, layout.columns[i]!);
    const width = layout.widths[i]! - 2 * PAD;
    // Most cells fit on one line: measuring a width is much cheaper than laying out a paragraph.
    if (!text || pdf.widthOfString(text) <= width) return;
    lines = Math.max(lines, Math.ceil(pdf.heightOfString(text, { width }) / LINE));
  });
  return Math.min(lines, MAX_LINES) * LINE + 2 * PAD;
}

function drawRow(pdf: Doc, layout: Layout, row: readonly CellValue[], style: { bold: boolean; shade: boolean }): void {
  const height = rowHeight(pdf, layout, row, style.bold);
  const y = pdf.y;
  const full = layout.widths.reduce((a, b) => a + b, 0);
  if (style.shade) pdf.rect(MARGIN, y, full, height).fill('#e8e8e8').fillColor('black');
  pdf.lineWidth(0.5).strokeColor('#555555');
  layout.columns.forEach((column, i) => {
    pdf.rect(layout.xs[i]!, y, layout.widths[i]!, height).stroke();
    const text = cellText(row[i] ?? null, column);
    if (!text) return;
    const numeric = !style.shade && (column.kind === 'money' || column.kind === 'integer');
    pdf.font(style.bold ? 'bold' : 'regular').fontSize(BODY_PT);
    pdf.text(text, layout.xs[i]! + PAD, y + PAD, {
      width: layout.widths[i]! - 2 * PAD,
      height: height - 2 * PAD,
      align: style.shade ? 'center' : numeric ? 'right' : 'left',
      ellipsis: true,
      lineGap: LINE - BODY_PT * 1.17,
    });
  });
  pdf.x = MARGIN;
  pdf.y = y + height;
}

/** "…, ngày … tháng … năm …" and the signers side by side, kept together on one page. */
function signatures(pdf: Doc, document: PrintedDocument): void {
  if (!document.signers.length) return;
  if (pdf.y + SIGNATURE_SPACE > bottomOf(pdf)) pdf.addPage();
  pdf.moveDown(1);
  const width = textWidth(pdf) / document.signers.length;
  pdf.font('regular').fontSize(10);
  pdf.text(document.placeAndDate, MARGIN + width * (document.signers.length - 1), undefined, {
    width,
    align: 'center',
  });
  pdf.moveDown(0.3);
  const top = pdf.y;
  document.signers.forEach((signer, i) => {
    pdf
      .font('bold')
      .fontSize(10)
      .text(signer.role, MARGIN + i * width, top, { width, align: 'center' });
    pdf
      .font('regular')
      .fontSize(9)
      .text(signer.hint, MARGIN + i * width, undefined, { width, align: 'center' });
  });
  pdf.x = MARGIN;
}
