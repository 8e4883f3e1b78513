/**
 * A catalogue record as files carry it between libraries: one printed title (its Dublin Core and
 * its printed edition) with the copies one library holds of it. Import and export formats (MARC21
 * in ISO 2709 or MARCXML, spreadsheets) read and write this shape; the import service turns it into
 * a title and copies, the export service makes it from them.
 */
import type { ResourceMetadata } from './resource.js';
import type { PrintEdition } from './printEdition.js';

/** One copy as a file describes it (MARC 852/952, a spreadsheet row). */
export interface HoldingLine {
  /** Số ĐKCB; null: the school numbers the copy itself. */
  accessionNumber: string | null;
  /** Null: the accession number is the barcode. */
  barcode: string | null;
  /** Code of a location of the school (KHO, PD…), as the file names it. */
  location: string | null;
  /** Code of a collection of the school (SGK, TK…), as the file names it. */
  collection: string | null;
  /** ISO date (YYYY-MM-DD). */
  acquiredOn: string | null;
  /** In đồng. */
  price: number | null;
  supplier: string | null;
  volume: string | null;
  note: string | null;
}

export type CatalogueMetadata = Pick<
  ResourceMetadata,
  'title' | 'creators' | 'contributors' | 'publisher' | 'date' | 'language' | 'description' | 'keywords'
>;

export interface CatalogueRecord {
  metadata: CatalogueMetadata;
  print: PrintEdition;
  holdings: HoldingLine[];
}

/** Why a record of a file cannot be imported: a translation key and what fills it. */
export interface RecordProblem {
  messageKey: string;
  params?: Record<string, string | number>;
}

/** One record read from a file, numbered from 1 in file order: the record, or why not. */
export type RecordReading =
  { number: number; ok: true; record: CatalogueRecord } | { number: number; ok: false; problems: RecordProblem[] };

/**
 * A file format for whole records (MARC21 ISO 2709, MARCXML…). Adding a format is one file in
 * plugins/records and one line in src/registry/recordFormats.ts.
 */
export interface RecordFormat {
  /** `marc21`, `marcxml`. */
  id: string;
  /** File name extensions it is chosen for, lower case without the dot. */
  extensions: readonly string[];
  mediaType: string;
  /** Whether these first bytes look like this format (when the extension says nothing). */
  sniff(head: Buffer): boolean;
  /** Every record of the file, bad ones included with their reasons; never throws for bad input. */
  read(bytes: Buffer): Iterable<RecordReading>;
  /** The file's bytes before the records, each record's, and after: exports stream them. */
  header(): string;
  write(record: CatalogueRecord, context: ExportContext): Buffer | string;
  footer(): string;
}

/** Who writes a record: the title's id in this library and the library's code (MARC 001, 040, 952). */
export interface ExportContext {
  recordId: string;
  libraryCode: string;
}

/** An empty printed edition: what a record that says nothing of its edition has. */
export function blankPrintEdition(): PrintEdition {
  return {
    isbns: [],
    edition: null,
    place: null,
    pages: null,
    dimensions: null,
    seriesStatement: null,
    classification: null,
    authorMark: null,
    callNumberOverride: null,
    subjectHeadings: [],
    notes: null,
  };
}
