/**
 * Where each copy of a record goes in the school: its collection and location, and the running
 * number its accession number gives (none: the school numbers it); the delivery (intake batch) it
 * came with. An import step matches or adds the copies so placed (stepCopies.ts).
 */
import { parseAccession, prefixLead } from '../../../domain/accession.js';
import type { HoldingLine, RecordProblem } from '../../../domain/catalogueRecord.js';
import type { LibrarySettings } from '../../../domain/librarySettings.js';
import type { ImportOptions } from '../../../models/importJob.js';

export interface PlannedHolding {
  line: HoldingLine;
  collection: string;
  location: string;
  number: number | null;
}

export function deliveryOf(line: HoldingLine, today: string): string {
  return `${line.acquiredOn ?? today}|${line.supplier ?? ''}`;
}

/** The school's collection and location for a copy of the file, or why it fits none. */
export function placeHolding(
  settings: LibrarySettings,
  options: ImportOptions,
  line: HoldingLine,
): PlannedHolding | RecordProblem {
  const location =
    settings.locations.find((l) => l.active && l.code.toUpperCase() === line.location?.toUpperCase())?.code ??
    options.location;
  if (!line.accessionNumber) return { line, collection: line.collection ?? options.collection, location, number: null };
  const parsed = parseAccession(line.accessionNumber);
  const digitsOnly = /^\d+$/.test(line.accessionNumber.trim());
  const named = settings.collections.find((c) => c.code.toUpperCase() === line.collection?.toUpperCase());
  const fitting = [named, ...settings.collections].find(
    (c) => c && parsed && (digitsOnly || prefixLead(c.prefix) === parsed.lead),
  );
  if (!parsed || !fitting) return { messageKey: 'imports.noCollection', params: { number: line.accessionNumber } };
  return { line, collection: fitting.code, location, number: parsed.number };
}
