/**
 * The library indicators of schools as an XLSX workbook, streamed (exceljs's WorkbookWriter): a
 * first sheet for people (a title, captions in the reader's language, one row per school) and a
 * sheet `indicators` for the sector's systems, headed by the stable field names of
 * docs/sector-export.md. The renderer knows nothing of libraries beyond the field list.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sectorFields, type SectorRecord } from '../../domain/sectorExport.js';

export const MACHINE_SHEET = 'indicators';

export interface IndicatorsWorkbook {
  /** The people's sheet: its name, its title line, and a caption per field. */
  sheetName: string;
  title: string;
  captions: Record<keyof SectorRecord, string>;
  records: readonly SectorRecord[];
}

export async function writeIndicatorsXlsx(into: Writable, book: IndicatorsWorkbook): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: into, useStyles: true });
  const people = workbook.addWorksheet(book.sheetName.slice(0, 31));
  people.columns = sectorFields.map((f) => ({ key: f.name, width: f.name === 'schoolName' ? 36 : 14 }));
  const title = people.addRow([book.title]);
  title.font = { bold: true, size: 14 };
  title.commit();
  const header = people.addRow(sectorFields.map((f) => book.captions[f.name]));
  header.font = { bold: true };
  header.commit();
  for (const record of book.records) people.addRow(sectorFields.map((f) => record[f.name])).commit();
  people.commit();

  const machine = workbook.addWorksheet(MACHINE_SHEET);
  machine.addRow(sectorFields.map((f) => f.name)).commit();
  for (const record of book.records) machine.addRow(sectorFields.map((f) => record[f.name])).commit();
  machine.commit();
  await workbook.commit();
}
