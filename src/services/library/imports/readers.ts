/** The records of a job's file: a record format's, or a spreadsheet's rows through the chosen columns. */
import type { RecordReading } from '../../../domain/catalogueRecord.js';
import { readingOfRow } from '../../../domain/spreadsheetRows.js';
import type { ImportJob } from '../../../models/importJob.js';
import { recordFormat } from '../../../registry/recordFormats.js';
import { readSheet } from './spreadsheet.js';

export async function readingsOf(job: ImportJob, bytes: Buffer): Promise<Iterable<RecordReading>> {
  if (job.format === 'xlsx' || job.format === 'csv') {
    const table = await readSheet(bytes, job.format, job.sheet);
    return table.rows.map((row) => readingOfRow(row.number, row.values, job.columns ?? {}));
  }
  const format = recordFormat(job.format);
  if (!format) throw new Error(`unknown import format ${job.format}`);
  return format.read(bytes);
}
