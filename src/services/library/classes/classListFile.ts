/**
 * A class-list file (XLSX or CSV, UTF-8 with or without a byte order mark) read through exceljs as
 * sheets of text cells, each row numbered as the sheet numbers it; empty rows are left out. The
 * librarian then picks the sheet and which column holds which field.
 */
import type ExcelJS from 'exceljs';
import { invalid } from '../../../domain/errors.js';
import { loadWorkbook, rowCells, sheetKindOf, type SheetKind } from '../sheetCells.js';

export interface GridRow {
  rowNumber: number;
  values: string[];
}

export interface Grid {
  name: string;
  rows: GridRow[];
}

/** Class lists are a school's students: a few thousand rows at most. */
export const MAX_CLASS_LIST_ROWS = 5000;

export type ClassListKind = SheetKind;
export const classListKindOf = sheetKindOf;

const unreadable = () => invalid([{ field: 'file', messageKey: 'patrons.import.unreadable' }]);

export async function readClassListFile(bytes: Buffer, kind: ClassListKind): Promise<Grid[]> {
  const workbook = await loadWorkbook(bytes, kind, unreadable);
  const grids = workbook.worksheets.map((sheet) => ({ name: sheet.name, rows: rowsOf(sheet) }));
  if (grids.length === 0) throw unreadable();
  if (grids.reduce((n, g) => n + g.rows.length, 0) > MAX_CLASS_LIST_ROWS)
    throw invalid([{ field: 'file', messageKey: 'patrons.import.tooManyRows', params: { max: MAX_CLASS_LIST_ROWS } }]);
  return grids;
}

function rowsOf(sheet: ExcelJS.Worksheet): GridRow[] {
  const rows: GridRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    const values = rowCells(row);
    if (values.some((v) => v !== '')) rows.push({ rowNumber, values });
  });
  return rows;
}
