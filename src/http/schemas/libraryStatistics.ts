/** What the statistics pages, the overview and the sector export accept: a school year, and a column to sort by. */
import { z } from 'zod';
import { isSchoolYearLabel } from '../../domain/libraryStatistics.js';
import { overviewSorts, type OverviewSort } from '../../presenters/libraryOverview.js';

export const schoolYear = z
  .string()
  .trim()
  .refine(isSchoolYearLabel, { error: 'Năm học dạng 2025-2026 / A school year such as 2025-2026' });

export const statisticsQuery = z.object({ year: schoolYear.optional() });

export const overviewQuery = z.object({
  year: schoolYear.optional(),
  sort: z.enum(overviewSorts as unknown as [OverviewSort, ...OverviewSort[]]).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
