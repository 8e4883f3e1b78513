/**
 * The printed edition of a title: what a library catalogues about a book beyond the Dublin Core of
 * every resource (title, authors, publisher and year live in `ResourceMetadata`). A resource with a
 * print description is a printed title: libraries may hold copies of it. It may have files too (a
 * textbook with its e-book).
 */

/** One ISBN as recorded. `invalid`: kept as printed on the book although it is not a valid ISBN (MARC 020 $z). */
export interface IsbnEntry {
  value: string;
  /** e.g. "bìa mềm", "tập 1". */
  qualifier: string | null;
  invalid: boolean;
}

/** A class number in a classification scheme (config/classification/). */
export interface Classification {
  scheme: string;
  number: string;
}

export interface PrintEdition {
  isbns: IsbnEntry[];
  /** "Tái bản lần thứ 3". */
  edition: string | null;
  /** Place of publication (nơi xuất bản). */
  place: string | null;
  pages: number | null;
  /** Usually the height: "24 cm". */
  dimensions: string | null;
  /** Series statement (tùng thư) as printed, unlike the textbook series vocabulary. */
  seriesStatement: string | null;
  classification: Classification | null;
  /** Ký hiệu tác giả: computed by the school's rule when catalogued, kept as it was then. */
  authorMark: string | null;
  /** Ký hiệu xếp giá written by hand instead of class number + author mark. */
  callNumberOverride: string | null;
  /** Subject headings (tiêu đề đề mục chủ đề). */
  subjectHeadings: string[];
  /** Notes (phụ chú). */
  notes: string | null;
}

/** The call number (ký hiệu xếp giá): the override, or class number and author mark. */
export function callNumberOf(print: Pick<PrintEdition, 'classification' | 'authorMark' | 'callNumberOverride'>) {
  if (print.callNumberOverride) return print.callNumberOverride;
  const parts = [print.classification?.number, print.authorMark].filter((p): p is string => !!p);
  return parts.length ? parts.join(' ') : null;
}
