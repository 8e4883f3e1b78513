/**
 * How the copies of one record come into the school: each copy is matched to a copy the school
 * already has (same accession number, same title), or planned into a group that one `copies.add`
 * call adds (consecutive numbers of one collection, location and delivery become one range).
 */
import { parseAccession, prefixLead } from '../../../domain/accession.js';
import type { HoldingLine, RecordProblem } from '../../../domain/catalogueRecord.js';
import type { LibrarySettings } from '../../../domain/librarySettings.js';
import type { ImportOptions } from '../../../models/importJob.js';

export interface CopyGroup {
  collection: string;
  location: string;
  /** `{date}|{supplier}`: the delivery (intake batch) the copies belong to. */
  delivery: string;
  price: number | null;
  volume: string | null;
  note: string | null;
  /** Running numbers of a range, in order; empty: `count` copies numbered by the school. */
  numbers: number[];
  count: number;
}

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

/** Consecutive numbers of the same collection, location and delivery become one range. */
export function groupHoldings(planned: readonly PlannedHolding[], today: string): CopyGroup[] {
  const groups: CopyGroup[] = [];
  for (const p of planned) {
    const key = {
      collection: p.collection,
      location: p.location,
      delivery: deliveryOf(p.line, today),
      price: p.line.price,
      volume: p.line.volume,
      note: p.line.note,
    };
    const last = groups[groups.length - 1];
    const sameKind = last && JSON.stringify(keyOf(last)) === JSON.stringify(key);
    if (p.number === null) {
      if (sameKind && !last.numbers.length) last.count++;
      else groups.push({ ...key, numbers: [], count: 1 });
    } else if (sameKind && last.numbers.length && last.numbers[last.numbers.length - 1] === p.number - 1) {
      last.numbers.push(p.number);
      last.count++;
    } else groups.push({ ...key, numbers: [p.number], count: 1 });
  }
  return groups;
}

const keyOf = (g: CopyGroup) => ({
  collection: g.collection,
  location: g.location,
  delivery: g.delivery,
  price: g.price,
  volume: g.volume,
  note: g.note,
});
