/**
 * A printed document as data: a letterhead, a title, tables whose rows may arrive one by one (a
 * register of 50,000 copies is never held whole), lines of text, and the signature block. The
 * renderers (src/services/render/documentXlsx.ts, documentPdf.ts) know nothing of libraries: they
 * lay out what this says, as a workbook or as A4 pages.
 */

export type CellValue = string | number | null;

export type ColumnKind = 'text' | 'integer' | 'money' | 'date' | 'signature';

export interface DocumentColumn {
  header: string;
  /** Relative width: shares of the printable width (PDF) and characters (XLSX). */
  width: number;
  kind: ColumnKind;
}

export interface DocumentTable {
  /** Heading above the table ("Phần I. Nhập sách"); in a workbook, also the sheet's name. */
  heading: string | null;
  sheetName: string;
  columns: DocumentColumn[];
  rows: Iterable<CellValue[]> | AsyncIterable<CellValue[]>;
  /** The totals row, if any: shown in bold under the last row. */
  totals: CellValue[] | null;
  /** Lines under the table (the amount in words). */
  after: string[];
}

export interface Signer {
  /** "Người lập sổ", "Hiệu trưởng". */
  role: string;
  /** "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)". */
  hint: string;
}

export interface PrintedDocument {
  /** The file's title (PDF metadata, workbook title). */
  name: string;
  /** Top left: the organisation above, then the school, upper case as on official papers. */
  issuer: string[];
  /** Top right: the national motto, on records (biên bản). */
  motto: string[] | null;
  title: string;
  subtitle: string[];
  orientation: 'portrait' | 'landscape';
  /** Paragraphs before the tables (a record's committee, reason). */
  preface: string[];
  tables: DocumentTable[];
  /** "…, ngày … tháng … năm …" above the signatures. */
  placeAndDate: string;
  signers: Signer[];
  /** Page footer: "Trang {{page}}", with the page's number put in. */
  pageLabel: (page: string) => string;
}

/** The last day of a period and the first: both local days (YYYY-MM-DD), inclusive. */
export interface Period {
  from: string;
  to: string;
}

/** The school year that ends on `yearEnds` (MM-DD) of `endYear`: the day after the previous end, to that end. */
export function schoolYearPeriod(endYear: number, yearEnds: string): Period {
  const previousEnd = new Date(`${endYear - 1}-${yearEnds}T00:00:00Z`);
  previousEnd.setUTCDate(previousEnd.getUTCDate() + 1);
  return { from: previousEnd.toISOString().slice(0, 10), to: `${endYear}-${yearEnds}` };
}

/** Whether a day of an entry (YYYY-MM-DD, or a shorter date) falls in the period; no period: always. */
export function inPeriod(day: string, period: Period | null): boolean {
  return !period || (day >= period.from && day.slice(0, 10) <= period.to);
}
