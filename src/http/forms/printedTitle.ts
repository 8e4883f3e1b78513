/**
 * The cataloguing form of a printed title: the resource form's fields (title, authors, publisher,
 * year, subject…) and the printed edition's (ISBNs one per line, edition, place, pages, class
 * number, author mark…), turned into what the resource and print-edition schemas check, and back.
 */
import { z } from 'zod';
import { checkIsbn } from '../../domain/isbn.js';
import type { PrintEdition } from '../../domain/printEdition.js';
import type { Resource } from '../../domain/resource.js';
import { emptyResourceForm, formValuesOf, resourceFormFields, resourceInputOf } from './resource.js';

const one = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')));

export const printedTitleFields = resourceFormFields.extend({
  isbns: one,
  keepInvalidIsbns: one,
  edition: one,
  place: one,
  pages: one,
  dimensions: one,
  seriesStatement: one,
  classScheme: one,
  classNumber: one,
  authorMark: one,
  callNumberOverride: one,
  subjectHeadings: one,
  notes: one,
  publish: one,
});

export type PrintedTitleValues = z.output<typeof printedTitleFields>;

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
const orNull = (text: string) => (text.trim() === '' ? null : text);

/** `978-604-0-25173-2 (bìa mềm)` → value and qualifier; a misprinted one is kept only when the box is ticked. */
function isbnsOf(text: string, keepInvalid: boolean) {
  return lines(text).map((line) => {
    const match = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(line);
    const value = (match ? match[1]! : line).trim();
    return { value, qualifier: match ? match[2]!.trim() || null : null, invalid: keepInvalid && !checkIsbn(value).ok };
  });
}

/** The bodies the schemas check: the resource, and its printed edition. */
export function printedTitleInputOf(form: PrintedTitleValues): { resource: unknown; print: unknown } {
  const pages = form.pages.trim();
  return {
    resource: resourceInputOf(form),
    print: {
      isbns: isbnsOf(form.isbns, form.keepInvalidIsbns === 'on'),
      edition: orNull(form.edition),
      place: orNull(form.place),
      pages: pages === '' ? null : /^\d+$/.test(pages) ? Number(pages) : pages,
      dimensions: orNull(form.dimensions),
      seriesStatement: orNull(form.seriesStatement),
      classification: form.classNumber.trim() ? { scheme: form.classScheme || 'ddc', number: form.classNumber } : null,
      authorMark: orNull(form.authorMark),
      callNumberOverride: orNull(form.callNumberOverride),
      subjectHeadings: lines(form.subjectHeadings),
      notes: orNull(form.notes),
    },
  };
}

export function printedTitleValuesOf(
  resource: Pick<Resource, 'metadata' | 'scope' | 'orgId' | 'print'>,
): PrintedTitleValues {
  return { ...formValuesOf(resource), ...printValuesOf(resource.print) };
}

/** A new printed book: public (the union catalogue), all rights reserved, published at once. */
export function emptyPrintedTitle(orgId: string, scheme: string): PrintedTitleValues {
  return {
    ...emptyResourceForm(orgId),
    ...printValuesOf(null),
    type: 'sach-in',
    licence: 'all-rights-reserved',
    scope: 'public',
    classScheme: scheme,
  };
}

function printValuesOf(print: PrintEdition | null) {
  const p: Partial<PrintEdition> = print ?? {};
  return {
    isbns: (p.isbns ?? []).map((i) => (i.qualifier ? `${i.value} (${i.qualifier})` : i.value)).join('\n'),
    keepInvalidIsbns: (p.isbns ?? []).some((i) => i.invalid) ? 'on' : '',
    edition: p.edition ?? '',
    place: p.place ?? '',
    pages: p.pages ? String(p.pages) : '',
    dimensions: p.dimensions ?? '',
    seriesStatement: p.seriesStatement ?? '',
    classScheme: p.classification?.scheme ?? 'ddc',
    classNumber: p.classification?.number ?? '',
    authorMark: p.authorMark ?? '',
    callNumberOverride: p.callNumberOverride ?? '',
    subjectHeadings: (p.subjectHeadings ?? []).join('\n'),
    notes: p.notes ?? '',
    publish: 'on',
  };
}

/** `print.classification.number` → `classNumber`: the form field a schema error belongs to. */
export function printedFieldOf(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'print') {
    if (parts[1] === 'classification') return parts[2] === 'scheme' ? 'classScheme' : 'classNumber';
    return parts[1] ?? '_';
  }
  return (parts[0] === 'metadata' ? parts[1] : parts[0]) ?? '_';
}
