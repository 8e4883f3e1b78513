/**
 * A school library's dashboard: the indicators as figures, and for loans per month, the collection
 * by subject, the most lent titles and active readers per class a chart with its table beside it
 * (the table is what screen readers read). Subjects are the DDC main classes with their captions
 * from config/classification; collections by the school's own names.
 */
import type { LibraryCollection } from '../domain/librarySettings.js';
import {
  indicatorsOf,
  type Counts,
  type SchoolLibraryDetail,
  type SchoolLibraryFigures,
} from '../domain/libraryStatistics.js';
import { patronTypes } from '../domain/loanRules.js';
import { translator, type Language, type Translate } from '../i18n/index.js';
import { classificationSchemes } from '../registry/classification.js';
import { barChart, countedAt, type BarChart } from './barChart.js';

export interface TableRow {
  label: string;
  value: number;
  /** A second figure beside the first (students of a class, withdrawals of a month). */
  other?: number;
}

export interface StatisticsFigure {
  id: string;
  title: string;
  chart: BarChart | null;
  headers: string[];
  rows: TableRow[];
}

/** `2026-09` → `09/2026`. */
export const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

export function subjectCaption(hundreds: string, lang: Language, t: Translate): string {
  if (hundreds === 'none') return t('libraryStats.noSubject');
  const entry = classificationSchemes.get('ddc')?.entries.find((e) => e.notation === hundreds);
  return entry ? `${hundreds} ${lang === 'vi' ? entry.vi : entry.en}` : hundreds;
}

function loansFigure(figures: SchoolLibraryFigures, t: Translate): StatisticsFigure {
  const rows = Object.entries(figures.loans.byMonth).map(([month, value]) => ({ label: monthLabel(month), value }));
  const points = rows.map((r) => ({
    tick: r.label.slice(0, 2),
    label: t('libraryStats.chart.monthBar', { month: r.label, count: r.value }),
    value: r.value,
  }));
  return {
    id: 'loans-per-month',
    title: t('libraryStats.loansPerMonth'),
    chart: barChart(
      points,
      t('libraryStats.chart.loansDescription', { year: figures.year.label, count: figures.loans.total }),
    ),
    headers: [t('libraryStats.month'), t('libraryStats.loans')],
    rows,
  };
}

function subjectFigure(detail: SchoolLibraryDetail, lang: Language, t: Translate): StatisticsFigure {
  const rows = Object.entries(detail.bySubject).map(([code, value]) => ({
    code,
    label: subjectCaption(code, lang, t),
    value,
  }));
  return {
    id: 'collection-by-subject',
    title: t('libraryStats.bySubject'),
    chart: barChart(
      rows.map((r) => ({ tick: r.code === 'none' ? '—' : r.code, label: `${r.label}: ${r.value}`, value: r.value })),
      t('libraryStats.chart.subjectDescription'),
    ),
    headers: [t('libraryStats.subject'), t('libraryStats.copies')],
    rows,
  };
}

function topTitlesFigure(detail: SchoolLibraryDetail, t: Translate): StatisticsFigure {
  const rows = detail.topTitles.map((title) => ({ label: title.title, value: title.loans }));
  return {
    id: 'top-titles',
    title: t('libraryStats.topTitles'),
    chart: rows.length
      ? barChart(
          rows.map((r, i) => ({ tick: String(i + 1), label: `${i + 1}. ${r.label}: ${r.value}`, value: r.value })),
          t('libraryStats.chart.topDescription', { count: rows.length }),
        )
      : null,
    headers: [t('libraryStats.title'), t('libraryStats.loans')],
    rows,
  };
}

function classesFigure(detail: SchoolLibraryDetail, t: Translate): StatisticsFigure {
  const rows = detail.classes.map((c) => ({ label: c.className, value: c.activeReaders, other: c.students }));
  return {
    id: 'active-readers-per-class',
    title: t('libraryStats.activeByClass'),
    chart: rows.length
      ? barChart(
          rows.map((r) => ({
            tick: r.label,
            label: t('libraryStats.chart.classBar', { name: r.label, active: r.value, students: r.other }),
            value: r.value,
          })),
          t('libraryStats.chart.classDescription'),
        )
      : null,
    headers: [t('libraryStats.class'), t('libraryStats.activeReaders'), t('libraryStats.students')],
    rows,
  };
}

const tableOf = (counts: Counts, label: (key: string) => string): TableRow[] =>
  Object.entries(counts).map(([key, value]) => ({ label: label(key), value }));

/** The indicators as labelled figures (the same as a row of the department's overview). */
export function presentIndicatorTiles(figures: SchoolLibraryFigures, t: Translate) {
  const i = indicatorsOf(figures);
  const tile = (key: string, value: number | null, suffix = '') => ({
    label: t(`libraryStats.indicators.${key}`),
    value,
    suffix,
  });
  return [
    tile('copies', i.copies),
    tile('titles', i.titles),
    tile('students', i.students),
    tile('copiesPerStudent', i.copiesPerStudent),
    tile('loans', i.loans),
    tile('loansPerStudent', i.loansPerStudent),
    tile('activeReadersPercent', i.activeReadersPercent, '%'),
    tile('acquisitions', i.acquisitions),
    tile('withdrawals', i.withdrawals),
    tile('overdue', i.overdue),
  ];
}

export function presentSchoolStatistics(
  figures: SchoolLibraryFigures,
  detail: SchoolLibraryDetail,
  collections: readonly LibraryCollection[],
  lang: Language,
) {
  const t = translator(lang);
  const collectionName = (code: string) => {
    const c = collections.find((k) => k.code === code);
    return c ? `${code} — ${lang === 'en' && c.nameEn ? c.nameEn : c.name}` : code;
  };
  return {
    tiles: presentIndicatorTiles(figures, t),
    computedAt: countedAt(figures.computedAt, lang),
    charts: [
      loansFigure(figures, t),
      subjectFigure(detail, lang, t),
      topTitlesFigure(detail, t),
      classesFigure(detail, t),
    ],
    tables: [
      {
        id: 'by-collection',
        title: t('libraryStats.byCollection'),
        headers: [t('libraryStats.collection'), t('libraryStats.copies')],
        rows: tableOf(figures.byCollection, collectionName),
      },
      {
        id: 'by-grade',
        title: t('libraryStats.byGrade'),
        headers: [t('libraryStats.grade'), t('libraryStats.copies')],
        rows: tableOf(detail.byGrade, (g) =>
          g === 'none' ? t('libraryStats.noGrade') : t('libraryStats.gradeN', { grade: g }),
        ),
      },
      {
        id: 'by-patron-type',
        title: t('libraryStats.byPatronType'),
        headers: [t('libraryStats.patronType'), t('libraryStats.loans'), t('libraryStats.patrons')],
        rows: patronTypes.map((p) => ({
          label: t(`libraryStats.patronTypes.${p}`),
          value: figures.loans.byPatronType[p],
          other: figures.patrons[p],
        })),
      },
      {
        id: 'acquisitions-withdrawals',
        title: t('libraryStats.acquisitionsWithdrawals'),
        headers: [t('libraryStats.month'), t('libraryStats.acquired'), t('libraryStats.withdrawn')],
        rows: figures.year.months.map((m) => ({
          label: monthLabel(m),
          value: figures.acquisitions[m] ?? 0,
          other: figures.withdrawals[m] ?? 0,
        })),
      },
    ],
  };
}
