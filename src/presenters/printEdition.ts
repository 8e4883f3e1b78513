/**
 * What leaves the server about a printed title's edition: the stored fields, the call number, what the class number
 * means.
 */
import { classPath } from '../domain/classification.js';
import { callNumberOf, type PrintEdition } from '../domain/printEdition.js';
import type { Language } from '../i18n/index.js';
import { classificationSchemes } from '../registry/classification.js';

export interface PrintEditionView {
  isbns: { value: string; qualifier: string | null; invalid: boolean }[];
  edition: string | null;
  place: string | null;
  pages: number | null;
  dimensions: string | null;
  seriesStatement: string | null;
  classification: {
    scheme: string;
    schemeName: string;
    number: string;
    /** Broader classes down to the narrowest the scheme names, e.g. 800 Văn học › 890 … › 895.922 Văn học Việt Nam. */
    path: { notation: string; caption: string }[];
  } | null;
  authorMark: string | null;
  callNumberOverride: string | null;
  /** Class number and author mark, or the override. */
  callNumber: string | null;
  subjectHeadings: string[];
  notes: string | null;
}

export function presentPrintEdition(print: PrintEdition, lang: Language): PrintEditionView {
  const scheme = print.classification ? classificationSchemes.get(print.classification.scheme) : undefined;
  return {
    isbns: print.isbns.map((i) => ({ value: i.value, qualifier: i.qualifier, invalid: i.invalid })),
    edition: print.edition,
    place: print.place,
    pages: print.pages,
    dimensions: print.dimensions,
    seriesStatement: print.seriesStatement,
    classification: print.classification
      ? {
          scheme: print.classification.scheme,
          schemeName: scheme?.name[lang] ?? print.classification.scheme,
          number: print.classification.number,
          path: scheme
            ? classPath(scheme, print.classification.number).map((e) => ({ notation: e.notation, caption: e[lang] }))
            : [],
        }
      : null,
    authorMark: print.authorMark,
    callNumberOverride: print.callNumberOverride,
    callNumber: callNumberOf(print),
    subjectHeadings: print.subjectHeadings,
    notes: print.notes,
  };
}
