/**
 * Book lists kept in spreadsheets (XLSX, CSV): one row per title, columns the school named as it
 * liked. The librarian says which column holds which field (remembered per school); a row becomes
 * a catalogue record with its copies: accession numbers listed in one cell (`TN-00001, TN-00002`),
 * or a number of copies for the school to number.
 */
import { blankPrintEdition, type CatalogueRecord, type RecordProblem, type RecordReading } from './catalogueRecord.js';
import { checkIsbn } from './isbn.js';

export const spreadsheetFields = [
  'title',
  'creators',
  'isbn',
  'publisher',
  'place',
  'year',
  'edition',
  'pages',
  'dimensions',
  'series',
  'classNumber',
  'authorMark',
  'subjects',
  'notes',
  'accessionNumbers',
  'quantity',
  'collection',
  'location',
  'price',
  'acquiredOn',
  'supplier',
] as const;
export type SpreadsheetField = (typeof spreadsheetFields)[number];

/** Which column (by its header) holds each field; a field left out is not in the file. */
export type ColumnMap = Partial<Record<SpreadsheetField, string>>;

/** Headers Vietnamese book lists use, folded (no marks, lower case), for a first guess. */
const usualHeaders: Record<SpreadsheetField, string[]> = {
  title: ['nhan de', 'ten sach', 'ten tai lieu', 'title'],
  creators: ['tac gia', 'author', 'authors'],
  isbn: ['isbn'],
  publisher: ['nha xuat ban', 'nxb', 'publisher'],
  place: ['noi xuat ban', 'place'],
  year: ['nam xuat ban', 'nam xb', 'nam', 'year'],
  edition: ['lan xuat ban', 'tai ban', 'edition'],
  pages: ['so trang', 'pages'],
  dimensions: ['kho', 'kho sach', 'size'],
  series: ['tung thu', 'series'],
  classNumber: ['ky hieu phan loai', 'phan loai', 'ddc', 'mon loai', 'class'],
  authorMark: ['ky hieu tac gia', 'author mark'],
  subjects: ['chu de', 'tu khoa', 'subjects'],
  notes: ['ghi chu', 'phu chu', 'notes'],
  accessionNumbers: ['so dkcb', 'dkcb', 'so dang ky ca biet', 'accession number', 'accession numbers', 'barcode'],
  quantity: ['so luong', 'so ban', 'quantity', 'copies'],
  collection: ['loai sach', 'collection'],
  location: ['vi tri', 'kho luu', 'location'],
  price: ['gia', 'gia tien', 'don gia', 'price'],
  acquiredOn: ['ngay nhap', 'ngay bo sung', 'acquired'],
  supplier: ['nha cung cap', 'nguon', 'supplier'],
};

export const foldHeader = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** The remembered map where its headers are in this file, and a guess by the usual headers for the rest. */
export function guessColumns(headers: readonly string[], remembered: ColumnMap = {}): ColumnMap {
  const map: ColumnMap = {};
  for (const field of spreadsheetFields) {
    const kept = remembered[field];
    const found =
      kept && headers.includes(kept) ? kept : headers.find((h) => usualHeaders[field].includes(foldHeader(h)));
    if (found) map[field] = found;
  }
  return map;
}

type Cell = (field: SpreadsheetField) => string | null;

/** One row (values by header) as a record, or why not; `number` is the row's number in the sheet. */
export function readingOfRow(number: number, row: Record<string, string>, columns: ColumnMap): RecordReading {
  const cell: Cell = (field) => {
    const header = columns[field];
    const value = header ? (row[header] ?? '').normalize('NFC').trim() : '';
    return value === '' ? null : value;
  };
  const problems: RecordProblem[] = [];
  if (!cell('title')) problems.push({ messageKey: 'imports.sheet.noTitle' });
  const isbns = list(cell('isbn')).map((value) => ({ value, qualifier: null, invalid: false }));
  for (const { value } of isbns) {
    const check = checkIsbn(value);
    if (!check.ok)
      problems.push(
        check.reason === 'format'
          ? { messageKey: 'library.isbnFormat', params: { value } }
          : { messageKey: 'library.isbnCheckDigit', params: { value, expected: check.expected } },
      );
  }
  const figures = figuresOf(cell, problems);
  if (problems.length) return { number, ok: false, problems };
  return { number, ok: true, record: recordOf(cell, isbns, figures) };
}

type RowFigures = ReturnType<typeof figuresOf>;

/** The row's numbers and dates, each checked; a bad one adds its problem. */
function figuresOf(cell: Cell, problems: RecordProblem[]) {
  const year = cell('year');
  if (year && !/^\d{4}$/.test(year)) problems.push({ messageKey: 'imports.sheet.year', params: { value: year } });
  return {
    pages: whole(cell('pages'), 'pages', problems),
    quantity: whole(cell('quantity'), 'quantity', problems),
    price: whole(cell('price')?.replace(/[.,\sđ]/g, '') ?? null, 'price', problems),
    acquiredOn: date(cell('acquiredOn'), problems),
    year,
  };
}

/** A checked row as a catalogue record: its copies by accession number, or as many as its quantity. */
function recordOf(cell: Cell, isbns: CatalogueRecord['print']['isbns'], figures: RowFigures): CatalogueRecord {
  const numbers = list(cell('accessionNumbers'));
  const holding = (accessionNumber: string | null) => ({
    accessionNumber,
    barcode: null,
    location: cell('location'),
    collection: cell('collection'),
    acquiredOn: figures.acquiredOn,
    price: figures.price,
    supplier: cell('supplier'),
    volume: null,
    note: null,
  });
  const classNumber = cell('classNumber');
  return {
    metadata: {
      title: cell('title')!,
      creators: list(cell('creators')),
      contributors: [],
      publisher: cell('publisher'),
      date: figures.year,
      language: 'vi',
      description: null,
      keywords: [],
    },
    print: {
      ...blankPrintEdition(),
      isbns,
      edition: cell('edition'),
      place: cell('place'),
      pages: figures.pages,
      dimensions: cell('dimensions'),
      seriesStatement: cell('series'),
      classification: classNumber ? { scheme: 'ddc', number: classNumber } : null,
      authorMark: cell('authorMark'),
      subjectHeadings: list(cell('subjects')),
      notes: cell('notes'),
    },
    holdings: numbers.length
      ? numbers.map(holding)
      : Array.from({ length: figures.quantity ?? 0 }, () => holding(null)),
  };
}

/** `a; b`, `a, b` or one value a line. */
const list = (value: string | null) =>
  (value ?? '')
    .split(/[;,\n]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');

function whole(value: string | null, field: string, problems: RecordProblem[]): number | null {
  if (value === null) return null;
  if (!/^\d+$/.test(value)) {
    problems.push({ messageKey: 'imports.sheet.number', params: { field, value } });
    return null;
  }
  return Number(value);
}

/** `2025-09-05` or `05/09/2025` (day first, as Vietnamese write dates). */
function date(value: string | null, problems: RecordProblem[]): string | null {
  if (value === null) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const text = iso ? iso[0] : vn ? `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}` : null;
  if (!text || Number.isNaN(Date.parse(text))) {
    problems.push({ messageKey: 'imports.sheet.date', params: { value } });
    return null;
  }
  return text;
}
