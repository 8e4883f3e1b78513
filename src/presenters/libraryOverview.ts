/**
 * The department's overview of its schools' libraries: the same indicators side by side, sortable
 * by any column (links, so it works without JavaScript), a chart of loans per student by school with
 * the table beside it, and the captions of the yearly report's workbook.
 */
import { sectorFields, type SectorRecord } from '../domain/sectorExport.js';
import type { LibraryIndicators, SchoolIndicators } from '../domain/libraryStatistics.js';
import { translator, type Language, type Translate } from '../i18n/index.js';
import { compareVietnamese } from '../search/text.js';
import { barChart, countedAt } from './barChart.js';

export const overviewColumns = [
  'copies',
  'titles',
  'students',
  'copiesPerStudent',
  'loans',
  'loansPerStudent',
  'activeReadersPercent',
  'acquisitions',
  'withdrawals',
  'overdue',
] as const satisfies readonly (keyof LibraryIndicators)[];
export type OverviewColumn = (typeof overviewColumns)[number];
export type OverviewSort = OverviewColumn | 'name';
export const overviewSorts: readonly OverviewSort[] = ['name', ...overviewColumns];

function sorted(rows: readonly SchoolIndicators[], sort: OverviewSort, dir: 'asc' | 'desc'): SchoolIndicators[] {
  const sign = dir === 'asc' ? 1 : -1;
  const byName = (a: SchoolIndicators, b: SchoolIndicators) => compareVietnamese(a.school.name, b.school.name);
  return [...rows].sort((a, b) => {
    if (sort === 'name') return sign * byName(a, b);
    // Schools without the figure (no students: no ratio) go last whatever the direction.
    const x = a.indicators[sort] ?? null;
    const y = b.indicators[sort] ?? null;
    if (x === y) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (x - y);
  });
}

export function presentOverview(
  rows: readonly SchoolIndicators[],
  view: { orgId: string; year: string; sort: OverviewSort; dir: 'asc' | 'desc' },
  lang: Language,
) {
  const t = translator(lang);
  const link = (sort: OverviewSort) => {
    const dir = view.sort === sort && view.dir === 'asc' ? 'desc' : 'asc';
    return `/library/organisations/${view.orgId}/overview?year=${view.year}&sort=${sort}&dir=${dir}`;
  };
  const header = (sort: OverviewSort) => ({
    label: sort === 'name' ? t('libraryStats.school') : t(`libraryStats.indicators.${sort}`),
    href: link(sort),
    ariaSort: view.sort === sort ? (view.dir === 'asc' ? 'ascending' : 'descending') : 'none',
  });
  const ordered = sorted(rows, view.sort, view.dir);
  return {
    headers: overviewSorts.map(header),
    rows: ordered.map((r) => ({
      id: r.school.id,
      name: r.school.name,
      cells: overviewColumns.map((c) => ({ value: r.indicators[c], suffix: c === 'activeReadersPercent' ? '%' : '' })),
    })),
    chart: rows.length
      ? barChart(
          ordered.map((r, i) => ({
            tick: String(i + 1),
            label: t('libraryStats.department.bar', { name: r.school.name, value: r.indicators.loansPerStudent ?? 0 }),
            value: r.indicators.loansPerStudent ?? 0,
          })),
          t('libraryStats.department.chartDescription', { count: rows.length }),
        )
      : null,
    computedAt: rows.length ? countedAt(new Date(Math.min(...rows.map((r) => r.computedAt.getTime()))), lang) : null,
  };
}

/** The workbook's captions per field, in the reader's language. */
export function sectorCaptions(t: Translate): Record<keyof SectorRecord, string> {
  return Object.fromEntries(sectorFields.map((f) => [f.name, t(`libraryStats.fields.${f.name}`)])) as Record<
    keyof SectorRecord,
    string
  >;
}
