/**
 * What every sheet a library imports shares, catalogue lists and class lists alike: which kind of
 * file it is, the workbook read through exceljs (XLSX, or CSV in UTF-8 with or without a byte
 * order mark), and what a cell shows as text.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export type SheetKind = 'xlsx' | 'csv';

export function sheetKindOf(fileName: string): SheetKind | null {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return extension === 'xlsx' || extension === 'csv' ? extension : null;
}

/** The file as a workbook; `unreadable()` is thrown when exceljs cannot read it. */
export async function loadWorkbook(bytes: Buffer, kind: SheetKind, unreadable: () => Error): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    if (kind === 'xlsx') await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    else
      await workbook.csv.read(Readable.from([bytes.toString('utf8').replace(/^\uFEFF/, '')]), {
        map: (v: unknown) => v,
      });
  } catch {
    throw unreadable();
  }
  return workbook;
}

/** A row's cells as text, from its first column. */
export const rowCells = (row: ExcelJS.Row): string[] => (row.values as unknown[]).slice(1).map(cellText);

/** Dates as YYYY-MM-DD, rich text and links by their text, formulas by their result. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value).trim();
  const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown };
  if (v.richText)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if (v.text !== undefined) return cellText(v.text);
  return v.result === undefined ? '' : cellText(v.result);
}
