/** The class-list import pages as view data: columns to choose, each row with its errors in the person's language. */
import {
  classListFields,
  type CheckedRow,
  type ClassListField,
  type ClassListPreview,
  type ClassListResult,
  type RowProblem,
} from '../domain/classList.js';
import type { Translate } from '../i18n/index.js';

const problemText = (p: RowProblem, t: Translate) => `${t(`patrons.field.${p.field}`)}: ${t(p.messageKey, p.params)}`;

export const presentRowProblems = (row: CheckedRow, t: Translate) => ({
  rowNumber: row.rowNumber,
  problems: row.problems.map((p) => problemText(p, t)),
});

export function presentPreview(preview: ClassListPreview, t: Translate) {
  const columnChoices = (field: ClassListField) => [
    { value: '', label: t('patrons.import.noColumn'), selected: preview.mapping[field] === undefined },
    ...preview.headers.map((h, i) => ({
      value: String(i),
      label: h || `#${i + 1}`,
      selected: preview.mapping[field] === i,
    })),
  ];
  const good = preview.rows.filter((r) => r.row).length;
  return {
    draft: preview.draft,
    sheets: preview.sheets.map((name) => ({ name, selected: name === preview.sheet })),
    sheet: preview.sheet,
    fields: classListFields.map((field) => ({
      field,
      label: t(`patrons.field.${field}`),
      choices: columnChoices(field),
      missing: preview.unmapped.includes(field),
    })),
    mappingValues: classListFields.map((field) => ({ field, value: preview.mapping[field] ?? '' })),
    ready: preview.unmapped.length === 0,
    headers: preview.headers,
    rows: preview.rows.map((r) => ({ ...presentRowProblems(r, t), values: r.values, ok: r.problems.length === 0 })),
    counts: { total: preview.rows.length, good, refused: preview.rows.length - good },
  };
}

export function presentImportResult(result: ClassListResult, t: Translate) {
  return {
    ...result,
    refused: result.refused.map((r) => presentRowProblems(r, t)),
    refusedCount: result.refused.length,
  };
}
