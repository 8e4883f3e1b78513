/**
 * The library indicators of a school as the education sector's systems collect them: one record per
 * school and school year, with stable field names. docs/sector-export.md documents each field (type,
 * meaning, source); a test holds the document, the JSON and the XLSX to these names. Add fields at the
 * end; never rename or remove one.
 */
import type { LibraryIndicators } from './libraryStatistics.js';

export type SectorFieldType = 'string' | 'integer' | 'number';

export interface SectorField {
  name: keyof SectorRecord;
  type: SectorFieldType;
  /** Null when the figure has no meaning (no students: no ratio). */
  nullable: boolean;
}

/** A school's indicators (./libraryStatistics.ts) under the school's names, and when they were counted. */
export interface SectorRecord extends Omit<LibraryIndicators, 'orgId'> {
  schoolId: string;
  schoolCode: string;
  schoolName: string;
  computedAt: string;
}

const field = (name: keyof SectorRecord, type: SectorFieldType, nullable = false): SectorField => ({
  name,
  type,
  nullable,
});

export const sectorFields: readonly SectorField[] = [
  field('schoolId', 'string'),
  field('schoolCode', 'string'),
  field('schoolName', 'string'),
  field('schoolYear', 'string'),
  field('copies', 'integer'),
  field('titles', 'integer'),
  field('students', 'integer'),
  field('copiesPerStudent', 'number', true),
  field('loans', 'integer'),
  field('loansPerStudent', 'number', true),
  field('activeReaders', 'integer'),
  field('activeReadersPercent', 'number', true),
  field('acquisitions', 'integer'),
  field('withdrawals', 'integer'),
  field('overdue', 'integer'),
  field('computedAt', 'string'),
];

export function sectorRecord(
  school: { id: string; code: string; name: string },
  indicators: LibraryIndicators,
  computedAt: Date,
): SectorRecord {
  const { orgId: _orgId, schoolYear, ...figures } = indicators;
  return {
    schoolId: school.id,
    schoolCode: school.code,
    schoolName: school.name,
    schoolYear,
    ...figures,
    computedAt: computedAt.toISOString(),
  };
}
