/**
 * Spreadsheets through exceljs: an XLSX workbook (any sheet) or a CSV file (UTF-8, with or without
 * a byte order mark) as a table of text: the first non-empty row gives the headers, each row after
 * it is numbered as the sheet numbers it.
 */
import { invalid } from '../../../domain/errors.js';
import { loadWorkbook, rowCells, sheetKindOf, type SheetKind } from '../sheetCells.js';

export type SpreadsheetKind = SheetKind;

export interface SheetTable {
  sheets: string[];
  sheet: string;
  headers: string[];
  rows: { number: number; values: Record<string, string> }[];
}

export const spreadsheetKindOf = sheetKindOf;

const unreadable = () => invalid([{ field: 'file', messageKey: 'imports.sheet.unreadable' }]);

export async function readSheet(bytes: Buffer, kind: SpreadsheetKind, sheetName: string | null): Promise<SheetTable> {
  const workbook = await loadWorkbook(bytes, kind, unreadable);
  const sheets = workbook.worksheets.map((w) => w.name);
  const worksheet = workbook.worksheets.find((w) => w.name === sheetName) ?? workbook.worksheets[0];
  if (!worksheet) throw unreadable();
  let headers: string[] | null = null;
  const rows: SheetTable['rows'] = [];
  worksheet.eachRow((row, number) => {
    const cells = rowCells(row);
    if (!headers) {
      if (cells.some((c) => c !== '')) headers = uniqueHeaders(cells);
      return;
    }
    if (cells.every((c) => c === '')) return;
    rows.push({ number, values: Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ''])) });
  });
  return { sheets, sheet: worksheet.name, headers: headers ?? [], rows };
}

function uniqueHeaders(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const base = cell || `#${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n > 1 ? `${base} (${n})` : base;
  });
}
