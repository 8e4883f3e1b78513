/**
 * A class list as a school keeps it (danh sách lớp): one row per student with their code, full name,
 * date of birth, class and, optionally, gender. Each row is checked on its own and against the rows
 * above it (a student code twice in one file is refused at its second row), and against the school's
 * classes for the year when it defined them. Rows are numbered as the sheet numbers them.
 */
import { classKey, gradeOfClassName, normaliseStudentCode, tidyClassName } from './classMembership.js';

export const classListFields = ['studentCode', 'fullName', 'birthDate', 'className', 'gender'] as const;
export type ClassListField = (typeof classListFields)[number];
export const requiredClassListFields: readonly ClassListField[] = ['studentCode', 'fullName', 'className'];

/** Which column (0-based) holds which field; a missing optional field is not read. */
export type ColumnMapping = Partial<Record<ClassListField, number>>;

export type Gender = 'male' | 'female';

export interface ClassListRow {
  studentCode: string;
  fullName: string;
  /** YYYY-MM-DD, or null when the file gives none. */
  birthDate: string | null;
  className: string;
  grade: number;
  gender: Gender | null;
}

export interface RowProblem {
  field: ClassListField;
  messageKey: string;
  params?: Record<string, string | number>;
}

export interface CheckedRow {
  rowNumber: number;
  row: ClassListRow | null;
  problems: RowProblem[];
}

/** The usual Vietnamese and English headers of each field, compared without tones and case. */
const headerWords: Record<ClassListField, string[]> = {
  studentCode: ['ma hoc sinh', 'ma hs', 'ma so hoc sinh', 'student code', 'student id', 'ma dinh danh'],
  fullName: ['ho va ten', 'ho ten', 'ten hoc sinh', 'full name', 'name'],
  birthDate: ['ngay sinh', 'ngay thang nam sinh', 'date of birth', 'birth date', 'dob'],
  className: ['lop', 'ten lop', 'class'],
  gender: ['gioi tinh', 'gender', 'sex'],
};

const withoutTones = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** The column of each field guessed from the header row; a column serves one field at most. */
export function guessColumns(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const plain = headers.map(withoutTones);
  for (const field of classListFields) {
    const column = plain.findIndex((h, i) => headerWords[field].includes(h) && !Object.values(mapping).includes(i));
    if (column >= 0) mapping[field] = column;
  }
  return mapping;
}

/** Fields the mapping must name before rows can be read. */
export function mappingProblems(mapping: ColumnMapping): ClassListField[] {
  return requiredClassListFields.filter((f) => mapping[f] === undefined);
}

/** A date of birth as schools type it: 05/09/2010, 5-9-2010, 2010-09-05; null when it is no real day. */
export function parseBirthDate(text: string): string | null {
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const [y, m, d] = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : [];
  if (!y || !m || !d) return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

const genderWords: Record<string, Gender> = {
  nam: 'male',
  m: 'male',
  male: 'male',
  nu: 'female',
  f: 'female',
  female: 'female',
};

export function parseGender(text: string): Gender | null | undefined {
  if (!text) return null;
  return genderWords[withoutTones(text)];
}

const MAX_CODE = 40;
const MAX_NAME = 200;

/** The rules a row is checked against. */
export interface ClassListContext {
  /** The class keys the school defined for the year; null when it defined none (any class goes). */
  definedClasses: ReadonlySet<string> | null;
  /** The earliest and latest dates of birth taken as real (a school's students, not a typing slip). */
  birthRange: { from: string; to: string };
}

function checkCode(cells: Record<ClassListField, string>, problems: RowProblem[]): string {
  const code = normaliseStudentCode(cells.studentCode);
  if (!code) problems.push({ field: 'studentCode', messageKey: 'patrons.row.required' });
  else if (code.length > MAX_CODE) problems.push({ field: 'studentCode', messageKey: 'patrons.row.tooLong' });
  return code;
}

function checkName(cells: Record<ClassListField, string>, problems: RowProblem[]): string {
  const name = cells.fullName.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!name) problems.push({ field: 'fullName', messageKey: 'patrons.row.required' });
  else if (name.length > MAX_NAME) problems.push({ field: 'fullName', messageKey: 'patrons.row.tooLong' });
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e]/.test(name))
    problems.push({ field: 'fullName', messageKey: 'patrons.row.badCharacter' });
  return name;
}

function checkClass(cells: Record<ClassListField, string>, ctx: ClassListContext, problems: RowProblem[]) {
  const className = tidyClassName(cells.className);
  const grade = gradeOfClassName(className);
  if (!className) problems.push({ field: 'className', messageKey: 'patrons.row.required' });
  else if (ctx.definedClasses && !ctx.definedClasses.has(classKey(className)))
    problems.push({ field: 'className', messageKey: 'patrons.row.unknownClass', params: { className } });
  else if (grade === null)
    problems.push({ field: 'className', messageKey: 'patrons.row.noGrade', params: { className } });
  return { className, grade: grade ?? 0 };
}

function checkBirthDate(cells: Record<ClassListField, string>, ctx: ClassListContext, problems: RowProblem[]) {
  if (!cells.birthDate) return null;
  const birthDate = parseBirthDate(cells.birthDate);
  if (!birthDate || birthDate < ctx.birthRange.from || birthDate > ctx.birthRange.to)
    problems.push({ field: 'birthDate', messageKey: 'patrons.row.badDate', params: { value: cells.birthDate } });
  return birthDate;
}

/** One row's problems, and the row as imported when it has none. */
export function checkRow(
  cells: Record<ClassListField, string>,
  ctx: ClassListContext,
): { row: ClassListRow | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const studentCode = checkCode(cells, problems);
  const fullName = checkName(cells, problems);
  const { className, grade } = checkClass(cells, ctx, problems);
  const birthDate = checkBirthDate(cells, ctx, problems);
  const gender = parseGender(cells.gender);
  if (gender === undefined) problems.push({ field: 'gender', messageKey: 'patrons.row.badGender' });
  if (problems.length) return { row: null, problems };
  return { row: { studentCode, fullName, birthDate, className, grade, gender: gender ?? null }, problems };
}

/** Every row checked, a student code seen in an earlier row refused with that row's number. */
export function checkRows(
  rows: readonly { rowNumber: number; cells: Record<ClassListField, string> }[],
  ctx: ClassListContext,
): CheckedRow[] {
  const firstRowOfCode = new Map<string, number>();
  return rows.map(({ rowNumber, cells }) => {
    const { row, problems } = checkRow(cells, ctx);
    const code = normaliseStudentCode(cells.studentCode);
    const earlier = code ? firstRowOfCode.get(code) : undefined;
    if (earlier !== undefined)
      problems.push({ field: 'studentCode', messageKey: 'patrons.row.duplicateCode', params: { code, row: earlier } });
    else if (code) firstRowOfCode.set(code, rowNumber);
    return { rowNumber, row: problems.length ? null : row, problems };
  });
}

/** The cells of one sheet row for each field, by the mapping (a field not mapped reads as empty). */
export function cellsOf(values: readonly string[], mapping: ColumnMapping): Record<ClassListField, string> {
  const cell = (f: ClassListField) => {
    const column = mapping[f];
    return column === undefined ? '' : (values[column] ?? '').trim();
  };
  return Object.fromEntries(classListFields.map((f) => [f, cell(f)])) as Record<ClassListField, string>;
}

/** What the librarian sees before importing: the sheet, the columns chosen, every row checked. */
export interface ClassListPreview {
  draft: { id: string; orgId: string; schoolYear: string; fileName: string };
  sheets: string[];
  sheet: string;
  headers: string[];
  mapping: ColumnMapping;
  /** Required fields no column is chosen for: nothing can be read until they are. */
  unmapped: string[];
  rows: (CheckedRow & { values: string[] })[];
}

export interface ClassListResult {
  schoolYear: string;
  created: number;
  updated: number;
  unchanged: number;
  refused: CheckedRow[];
}
