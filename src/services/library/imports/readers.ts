/** The records of a job's file, in the job's format. */
import type { RecordReading } from '../../../domain/catalogueRecord.js';
import type { ImportJob } from '../../../models/importJob.js';
import { recordFormat } from '../../../registry/recordFormats.js';

export function readingsOf(job: ImportJob, bytes: Buffer): Iterable<RecordReading> {
  const format = recordFormat(job.format);
  if (!format) throw new Error(`unknown import format ${job.format}`);
  return format.read(bytes);
}
