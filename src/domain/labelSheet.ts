/**
 * Sheets of self-adhesive labels (A4, rows × columns) and where each label of a print run falls on
 * them. Labels are counted left to right, then top to bottom, from 1; a run may start at any
 * position of a sheet already partly used, and goes on to fresh sheets. Sizes are in millimetres.
 */
import type { Copy } from './copy.js';

export interface LabelSheet {
  code: string;
  name: { vi: string; en: string };
  page: { width: number; height: number };
  columns: number;
  rows: number;
  label: { width: number; height: number };
  /** From the page's top and left edges to the first label's. */
  margin: { top: number; left: number };
  /** From one label's left (top) edge to the next one's: the label plus the gap. */
  pitch: { x: number; y: number };
}

/** Where one label goes: its sheet (from 0), position on that sheet (from 1) and box (from the page's top left). */
export interface Placement {
  sheet: number;
  position: number;
  row: number;
  column: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export const labelsPerSheet = (sheet: LabelSheet) => sheet.rows * sheet.columns;

/** The box of the label at `position` (from 1) of a sheet. */
export function labelBox(sheet: LabelSheet, position: number): Omit<Placement, 'sheet'> {
  const row = Math.floor((position - 1) / sheet.columns);
  const column = (position - 1) % sheet.columns;
  return {
    position,
    row: row + 1,
    column: column + 1,
    x: sheet.margin.left + column * sheet.pitch.x,
    y: sheet.margin.top + row * sheet.pitch.y,
    width: sheet.label.width,
    height: sheet.label.height,
  };
}

/** The places of `count` labels, the first at `start` of the first sheet. */
export function placements(sheet: LabelSheet, count: number, start: number): Placement[] {
  const perSheet = labelsPerSheet(sheet);
  return Array.from({ length: count }, (_, i) => {
    const n = start - 1 + i;
    return { sheet: Math.floor(n / perSheet), ...labelBox(sheet, (n % perSheet) + 1) };
  });
}

/** What is wrong with a sheet's geometry: labels off the page or overlapping. Empty when it is sound. */
export function sheetProblems(sheet: LabelSheet): string[] {
  const problems: string[] = [];
  const right = sheet.margin.left + (sheet.columns - 1) * sheet.pitch.x + sheet.label.width;
  const bottom = sheet.margin.top + (sheet.rows - 1) * sheet.pitch.y + sheet.label.height;
  // A hundredth of a millimetre of rounding is allowed (labels that fill the page exactly).
  if (right > sheet.page.width + 0.01)
    problems.push(`labels reach ${right} mm across a page ${sheet.page.width} mm wide`);
  if (bottom > sheet.page.height + 0.01)
    problems.push(`labels reach ${bottom} mm down a page ${sheet.page.height} mm high`);
  if (sheet.columns > 1 && sheet.pitch.x < sheet.label.width - 0.01) problems.push('labels overlap across (pitch.x)');
  if (sheet.rows > 1 && sheet.pitch.y < sheet.label.height - 0.01) problems.push('labels overlap down (pitch.y)');
  return problems;
}

/** Barcode labels (school, barcode, accession number, title) or spine labels (call number). */
export type LabelKind = 'barcode' | 'spine';
export const labelKinds: readonly LabelKind[] = ['barcode', 'spine'];

/** A copy to label, with what its labels print. */
export interface LabelCopy {
  copy: Copy;
  title: string;
  callNumber: string | null;
}
