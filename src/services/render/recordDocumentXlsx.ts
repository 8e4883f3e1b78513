/**
 * A record document (src/presenters/recordDocument.ts) as an XLSX workbook, streamed by exceljs's WorkbookWriter
 * (a list of 50,000 rows never sits in memory as cells): a first sheet with the heading, the facts
 * and the signature roles, then one sheet per table.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RecordDocument } from '../../presenters/recordDocument.js';

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (text: string) => text.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

export async function recordDocumentXlsx(record: RecordDocument): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  book.title = record.title;
  const front = book.addWorksheet(sheetName(record.heading));
  for (const line of [...record.issuer, '', record.heading, record.subheading ?? '', record.placeAndDate, ''])
    front.addRow([line]).commit();
  for (const [label, value] of record.facts) front.addRow([label, value]).commit();
  front.addRow([]).commit();
  front.addRow(record.signatures.map((s) => s.role)).commit();
  front.getColumn(1).width = 40;
  front.getColumn(2).width = 50;
  front.commit();
  record.tables.forEach((table, i) => {
    const sheet = book.addWorksheet(sheetName(`${i + 1}. ${table.heading}`));
    sheet.columns = table.columns.map((c) => ({ header: c.header, width: Math.max(10, Math.round(c.width * 120)) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row).commit();
    sheet.commit();
  });
  await book.commit();
  await ended;
  return Buffer.concat(chunks);
}
