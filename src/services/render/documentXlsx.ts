/**
 * A printed document (src/domain/printedDocument.ts) as an XLSX workbook, streamed with exceljs's
 * WorkbookWriter: each row is committed (written into the zip and on to the reader) as it arrives,
 * so a register of 50,000 copies never sits in memory. One sheet per table, set up to print on A4
 * with the header row repeated on every page and the page number in the footer; figures stay
 * numbers (sums and filters work), shown with thousands separators.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellValue, DocumentColumn, DocumentTable, PrintedDocument } from '../../domain/printedDocument.js';
import { keepPace, rowsOf } from './streaming.js';

type Sheet = ExcelJS.Worksheet;

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };
const numberFormats: Partial<Record<DocumentColumn['kind'], string>> = { money: '#,##0', integer: '#,##0' };

/** Renders `document` into `out` (ended when done); throws DownloadAborted if `out` closes first. */
export async function writeDocumentXlsx(document: PrintedDocument, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Thư viện số';
  workbook.title = document.name;
  const closed = new Promise<void>((resolve) => out.once('close', resolve));
  // exceljs listens to its zip's errors only once it finalises: until then a failure ends this download, not the
  // process.
  (workbook as unknown as { zip: NodeJS.EventEmitter }).zip.on('error', (err: Error) => out.destroy(err));
  for (const [i, table] of document.tables.entries()) {
    const sheet = workbook.addWorksheet(sheetName(table.sheetName, i), {
      pageSetup: {
        paperSize: 9, // A4
        orientation: document.orientation,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: `&C${document.pageLabel('&P')}` },
    });
    sheet.columns = table.columns.map((c) => ({ width: Math.max(6, c.width), style: columnStyle(c) }));
    let next = head(sheet, document, table, i === 0);
    next = await body(sheet, table, next, out);
    if (i === document.tables.length - 1) closing(sheet, document, next);
    sheet.commit();
  }
  await Promise.race([workbook.commit(), closed]);
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function sheetName(name: string, index: number): string {
  const clean = name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28);
  return `${index + 1}. ${clean}`.slice(0, 31);
}

function columnStyle(column: DocumentColumn): Partial<ExcelJS.Style> {
  const format = numberFormats[column.kind];
  return format ? { numFmt: format } : {};
}

/** A line across the sheet's width, merged; returns the next row number. */
function banner(sheet: Sheet, row: number, text: string, font: Partial<ExcelJS.Font>, columns: number): number {
  const r = sheet.getRow(row);
  r.getCell(1).value = text;
  r.getCell(1).font = font;
  r.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  if (columns > 1) sheet.mergeCells(row, 1, row, columns);
  r.commit();
  return row + 1;
}

function head(sheet: Sheet, document: PrintedDocument, table: DocumentTable, first: boolean): number {
  const width = table.columns.length;
  let row = 1;
  for (const line of document.issuer) row = banner(sheet, row, line, { bold: true, size: 11 }, width);
  for (const line of document.motto ?? []) row = banner(sheet, row, line, { bold: true, size: 11 }, width);
  row = banner(sheet, row + 1, document.title, { bold: true, size: 15 }, width);
  for (const line of document.subtitle) row = banner(sheet, row, line, { size: 11 }, width);
  if (first)
    for (const paragraph of document.preface) {
      const r = sheet.getRow(row);
      r.getCell(1).value = paragraph;
      r.getCell(1).alignment = { wrapText: true, vertical: 'top' };
      if (width > 1) sheet.mergeCells(row, 1, row, width);
      r.height = 15 * Math.max(1, Math.ceil(paragraph.length / (totalWidth(table) * 1.1)));
      r.commit();
      row++;
    }
  if (table.heading) row = banner(sheet, row + 1, table.heading, { bold: true, size: 12 }, width);
  const header = sheet.getRow(row + 1);
  table.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.border = border;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
  });
  header.commit();
  sheet.pageSetup.printTitlesRow = `${row + 1}:${row + 1}`;
  return row + 2;
}

const totalWidth = (table: DocumentTable) => table.columns.reduce((sum, c) => sum + c.width, 0);

/** A value as the workbook keeps it: numbers stay numbers, dates stay ISO text (sortable), signatures blank. */
const cellValue = (value: CellValue, column: DocumentColumn) => (column.kind === 'signature' ? null : value);

async function body(sheet: Sheet, table: DocumentTable, start: number, out: Writable): Promise<number> {
  let row = start;
  const write = (values: readonly CellValue[], bold: boolean) => {
    const r = sheet.getRow(row++);
    table.columns.forEach((column, i) => {
      const cell = r.getCell(i + 1);
      cell.value = cellValue(values[i] ?? null, column);
      cell.border = border;
      cell.alignment = { vertical: 'top', wrapText: column.kind === 'text' };
      if (bold) cell.font = { bold: true };
    });
    r.commit();
  };
  for await (const values of rowsOf(table.rows)) {
    write(values, false);
    if ((row - start) % 200 === 0) await keepPace(out);
  }
  if (table.totals) write(table.totals, true);
  for (const line of table.after) {
    sheet.getRow(row).getCell(1).value = line;
    sheet.getRow(row++).commit();
  }
  return row;
}

/** The place and date, then each signer's role and hint, spread across the sheet's width. */
function closing(sheet: Sheet, document: PrintedDocument, start: number): void {
  if (!document.signers.length) return;
  const width = sheet.columns.length;
  const share = Math.max(1, Math.floor(width / document.signers.length));
  const place = sheet.getRow(start + 1);
  const lastFrom = (document.signers.length - 1) * share + 1;
  place.getCell(lastFrom).value = document.placeAndDate;
  place.getCell(lastFrom).alignment = { horizontal: 'center' };
  if (width > lastFrom) sheet.mergeCells(start + 1, lastFrom, start + 1, width);
  place.commit();
  for (const [offset, field] of [
    [2, 'role'],
    [3, 'hint'],
  ] as const) {
    const r = sheet.getRow(start + offset);
    document.signers.forEach((signer, i) => {
      const from = i * share + 1;
      const to = i === document.signers.length - 1 ? width : from + share - 1;
      r.getCell(from).value = signer[field];
      r.getCell(from).font = { bold: field === 'role', italic: field === 'hint' };
      r.getCell(from).alignment = { horizontal: 'center' };
      if (to > from) sheet.mergeCells(start + offset, from, start + offset, to);
    });
    r.commit();
  }
}
