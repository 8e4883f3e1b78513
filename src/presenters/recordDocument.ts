/**
 * A printable record (biên bản) as data: headings, a few labelled facts, tables and a signature
 * block. The PDF and XLSX renderers (src/services/render/recordDocument*.ts) know nothing of libraries: the caller says
 * what each
 * line reads, in the person's language.
 */
export interface RecordColumn {
  header: string;
  /** Share of the page's width (the shares of a table add up to 1). */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface RecordTable {
  heading: string;
  columns: RecordColumn[];
  rows: (string | number)[][];
  /** Shown instead of an empty table. */
  empty?: string;
}

export interface RecordSignature {
  role: string;
  /** Under the role: "(ký, ghi rõ họ tên)". */
  hint: string;
}

export interface RecordDocument {
  /** File and PDF metadata title. */
  title: string;
  /** Top left: the issuing body (the department, then the school). */
  issuer: string[];
  /** Top right: the national motto lines. */
  motto: string[];
  /** A line above the heading on the right: place and date. */
  placeAndDate: string;
  heading: string;
  subheading: string | null;
  facts: [string, string][];
  tables: RecordTable[];
  signatures: RecordSignature[];
}
