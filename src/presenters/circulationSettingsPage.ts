/**
 * The circulation settings page: the loan rules and closures as typed, with their errors, and the
 * choices of each field.
 */
import { ANY, fineDayCounts, patronTypes } from '../domain/loanRules.js';
import type { LibrarySettings } from '../domain/librarySettings.js';
import type { Language } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { collectionLabel } from './copy.js';
import { rows } from './librarySettingsPage.js';

type Values = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v : '');
const weekdays = [1, 2, 3, 4, 5, 6, 0];

export function presentCirculationForm(
  library: LibrarySettings,
  values: Values,
  errors: Record<string, string>,
  lang: Language,
) {
  const t = translator(lang);
  const cell = (index: number, field: string) => text(values[`rules.${index}.${field}`]);
  const ruleRows = rows(values, 'rules', ['patronType', 'collectionCode', 'maxItems', 'loanDays', 'renewals'], errors);
  // The school's collections, and any code a rule still names after its collection was removed.
  const codes = [
    ...new Set([
      ...library.collections.map((c) => c.code),
      ...ruleRows.map((r) => cell(r.index, 'collectionCode')).filter((c) => c && c !== ANY),
    ]),
  ];
  const choice = (value: string, label: string, chosen: string) => ({ value, label, selected: value === chosen });
  const rules = ruleRows.map((r) => ({
    ...r,
    wholeSchoolYear: cell(r.index, 'wholeSchoolYear') === 'on',
    rowError: errors[`rules.${r.index}`],
    patronTypes: [ANY, ...patronTypes].map((p) =>
      choice(p, t(`desk3.settings.patronType.${p === ANY ? 'any' : p}`), cell(r.index, 'patronType') || ANY),
    ),
    collections: [
      ...(r.isNew ? [choice('', t('desk3.settings.addRule'), '')] : []),
      choice(ANY, t('desk3.settings.anyCollection'), cell(r.index, 'collectionCode')),
      ...codes.map((c) => choice(c, collectionLabel(library, c, lang).label, cell(r.index, 'collectionCode'))),
    ],
    readingRoomOnly: !r.isNew && cell(r.index, 'maxItems') === '0',
  }));
  const typedDays = values['calendar.closedWeekdays'];
  const closed = new Set<unknown>(Array.isArray(typedDays) ? typedDays : [typedDays]);
  return {
    rules,
    rulesError: errors.rules,
    closures: rows(values, 'calendar.closures', ['from', 'to', 'name'], errors),
    closuresError: errors['calendar.closures'],
    weekdays: weekdays.map((d) => ({
      value: d,
      label: t(`desk3.settings.weekday.${d}`),
      checked: closed.has(String(d)),
    })),
    lossPolicies: ['replacement', 'note'].map((p) => ({
      ...choice(p, t(`desk3.settings.lossPolicy.${p}`), text(values.lossPolicy)),
      hint: t(`desk3.settings.lossPolicyHint.${p}`),
    })),
    finesEnabled: text(values['fines.enabled']) === 'on',
    schoolYearEnds: text(values['calendar.schoolYearEnds']),
    holdPickupDays: text(values.holdPickupDays),
    maxHolds: text(values.maxHolds),
    perDay: text(values['fines.perDay']),
    fineDays: fineDayCounts.map((c) =>
      choice(c, t(`desk4.fineDays.${c}`), text(values['fines.countDays']) || 'calendar'),
    ),
  };
}
