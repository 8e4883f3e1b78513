/** Statistics as the page and the CSV export show them: codes with their labels in the person's language. */
import { levels, resourceTypes, subjects, type Term } from '../../config/vocabularies.js';
import type { Language } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import type { OrganisationStatistics } from '../domain/statistics.js';

export interface CountRow {
  code: string;
  label: string;
  count: number;
}

function rows(counts: Map<string, number>, label: (code: string) => string): CountRow[] {
  return [...counts]
    .map(([code, count]) => ({ code, label: label(code), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'vi'));
}

export function presentStatistics(stats: OrganisationStatistics, lang: Language) {
  const t = translator(lang);
  const term = (vocabulary: readonly Term[]) => (code: string) =>
    code ? (vocabulary.find((v) => v.code === code)?.[lang] ?? code) : t('web.stats.unspecified');
  return {
    resources: stats.resources,
    sections: [
      { key: 'status', title: t('web.stats.byStatus'), rows: rows(stats.byStatus, (s) => t(`resources.status.${s}`)) },
      { key: 'type', title: t('web.stats.byType'), rows: rows(stats.byType, term(resourceTypes)) },
      { key: 'subject', title: t('web.stats.bySubject'), rows: rows(stats.bySubject, term(subjects)) },
      { key: 'level', title: t('web.stats.byLevel'), rows: rows(stats.byLevel, term(levels)) },
    ],
    months: [...stats.byMonth].map(([month, usage]) => ({ month, ...usage })),
    top: stats.topResources.map((r) => ({ ...r, url: `/resources/${r.id}` })),
  };
}

/** One table for spreadsheets: a section column, then the code, label and figures of each row. */
export function statisticsCsvRows(stats: OrganisationStatistics, lang: Language): (string | number)[][] {
  const t = translator(lang);
  const view = presentStatistics(stats, lang);
  const header = ['section', 'code', 'label', 'count', 'views', 'downloads', 'launches'].map((c) =>
    t(`web.stats.csv.${c}`),
  );
  return [
    header,
    ...view.sections.flatMap((s) => s.rows.map((r) => [s.title, r.code, r.label, r.count, '', '', ''])),
    ...view.months.map((m) => [t('web.stats.byMonth'), m.month, m.month, '', m.views, m.downloads, m.launches]),
    ...view.top.map((r) => [t('web.stats.top'), r.id, r.title, '', r.usage.views, r.usage.downloads, r.usage.launches]),
  ];
}
