/** The labels page: sheets to choose, the chosen sheet as a grid of positions, and the copies found. */
import { labelsPerSheet, type LabelCopy, type LabelSheet } from '../domain/labelSheet.js';
import type { Language } from '../i18n/index.js';

export interface SheetGridCell {
  position: number;
  used: boolean;
  first: boolean;
}

export function presentSheetChoices(sheets: readonly LabelSheet[], chosen: string, lang: Language) {
  return sheets.map((s) => ({ value: s.code, label: s.name[lang], selected: s.code === chosen }));
}

/** The sheet's positions row by row: those before `start` are marked used, `start` first. */
export function presentSheetGrid(sheet: LabelSheet, start: number): SheetGridCell[][] {
  const at = Math.min(Math.max(1, start), labelsPerSheet(sheet));
  return Array.from({ length: sheet.rows }, (_, r) =>
    Array.from({ length: sheet.columns }, (_, c) => {
      const position = r * sheet.columns + c + 1;
      return { position, used: position < at, first: position === at };
    }),
  );
}

export function presentLabelCopies(copies: readonly LabelCopy[]) {
  return copies.map(({ copy, title, callNumber }) => ({
    id: copy.id,
    accessionNumber: copy.accessionNumber,
    barcode: copy.barcode,
    title,
    callNumber,
    url: `/library/copies/${copy.id}`,
  }));
}
