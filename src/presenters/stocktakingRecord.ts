/**
 * The stocktaking record (biên bản kiểm kê) as a printable document: the school, the period, the
 * committee, totals by status and by collection, the list of missing copies, the signature block.
 */
import type { LibrarySettings } from '../domain/librarySettings.js';
import type { Organisation } from '../domain/organisation.js';
import { localDay } from '../domain/schoolCalendar.js';
import type { StocktakingResult, StocktakingSession } from '../domain/stocktaking.js';
import { translator, type Language } from '../i18n/index.js';
import type { RecordDocument } from './recordDocument.js';
import { collectionLabel } from './copy.js';
import type { TitleOf } from './loan.js';
import { presentSession, presentStocktakingCopy, resultTotals } from './stocktaking.js';

export interface RecordInput {
  session: StocktakingSession;
  result: StocktakingResult;
  school: Organisation;
  parent: Organisation | null;
  settings: LibrarySettings;
  titleOf: TitleOf;
  now: Date;
}

export function stocktakingRecord(input: RecordInput, lang: Language): RecordDocument {
  const t = translator(lang);
  const { session, school, settings } = input;
  const view = presentSession(session, settings, lang);
  const [year, month, day] = localDay(input.now).split('-');
  const r = (key: string, params?: Record<string, unknown>) => t(`stocktaking.record.${key}`, params);
  return {
    title: `${r('fileTitle')} — ${school.name} — ${session.name}`,
    issuer: [...(input.parent ? [input.parent.name.toUpperCase()] : []), school.name.toUpperCase()],
    motto: [r('country'), r('motto')],
    placeAndDate: r('placeAndDate', { day, month, year }),
    heading: r('heading'),
    subheading: `${session.name} — ${view.scope}`,
    facts: [
      [r('school'), school.name],
      [r('period'), r('periodValue', { from: view.openedAt, to: view.closedAt ?? r('stillOpen') })],
      [r('committee'), r('committeeValue')],
    ],
    tables: recordTables(input, lang),
    signatures: [
      { role: r('librarian'), hint: r('signHint') },
      { role: r('chair'), hint: r('signHint') },
      { role: r('principal'), hint: r('signHint') },
    ],
  };
}

/** The record's tables: totals by status, totals by collection, the missing copies one by one. */
function recordTables(input: RecordInput, lang: Language): RecordDocument['tables'] {
  const t = translator(lang);
  const { result, settings } = input;
  const r = (key: string) => t(`stocktaking.record.${key}`);
  const f = (key: string) => t(`stocktaking.field.${key}`);
  return [
    {
      heading: r('totalsByStatus'),
      columns: [
        { header: f('status'), width: 0.7 },
        { header: r('count'), width: 0.3, align: 'right' },
      ],
      rows: resultTotals(result, lang).map((row) => [row.label, row.count]),
    },
    {
      heading: r('totalsByCollection'),
      columns: [
        { header: f('collection'), width: 0.36 },
        ...(['expected', 'found', 'missing', 'onLoan'] as const).map((k) => ({
          header: t(`stocktaking.result.${k}`),
          width: 0.16,
          align: 'right' as const,
        })),
      ],
      rows: result.byCollection.map((c) => [
        collectionLabel(settings, c.collectionCode, lang).label,
        c.expected,
        c.found,
        c.missing,
        c.onLoan,
      ]),
      empty: t('stocktaking.result.none'),
    },
    {
      heading: r('missingList'),
      columns: [
        { header: r('number'), width: 0.07, align: 'right' },
        { header: f('accession'), width: 0.15 },
        { header: f('titleOf'), width: 0.38 },
        { header: f('collection'), width: 0.14 },
        { header: f('location'), width: 0.14 },
        { header: f('price'), width: 0.12, align: 'right' },
      ],
      rows: result.missing.map((c, i) => {
        const v = presentStocktakingCopy(c, settings, input.titleOf, lang);
        return [i + 1, v.accessionNumber, v.title, v.collection, v.location, v.price ?? ''];
      }),
      empty: t('stocktaking.result.none'),
    },
  ];
}
