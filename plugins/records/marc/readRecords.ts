/** What the two MARC formats share: a MARC record read from a file becomes a numbered reading. */
import type { RecordProblem, RecordReading } from '../../../src/domain/catalogueRecord.js';
import type { MarcRecord } from '../../../src/domain/marc21/fields.js';
import { catalogueRecordOf } from '../../../src/domain/marc21/toRecord.js';

export type ParsedMarc = { ok: true; marc: MarcRecord } | { ok: false; problems: RecordProblem[] };

export function readingOf(number: number, parsed: ParsedMarc): RecordReading {
  if (!parsed.ok) return { number, ok: false, problems: parsed.problems };
  const mapped = catalogueRecordOf(parsed.marc);
  return mapped.ok ? { number, ok: true, record: mapped.record } : { number, ok: false, problems: mapped.problems };
}
