/**
 * The resource form of the pages: HTML form fields (strings, repeated checkboxes, one name per
 * line) become the `resourceInputSchema` shape, and the schema's field errors go back next to the
 * fields they concern, with what the person typed kept.
 */
import { z } from 'zod';
import { blankMetadata, type Resource } from '../../domain/resource.js';

const one = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')));
const many = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** What the browser sends; every field is optional here so that the form can be shown again as typed. */
export const resourceFormFields = z.object({
  title: one,
  creators: one,
  contributors: one,
  publisher: one,
  description: one,
  date: one,
  language: one,
  source: one,
  relation: one,
  coverage: one,
  level: one,
  grades: many,
  subject: one,
  series: one,
  lesson: one,
  type: one,
  audience: many,
  licence: one,
  isbn: one,
  keywords: one,
  scope: one,
  orgId: one,
});

export type ResourceFormValues = z.output<typeof resourceFormFields>;

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
const commaList = (text: string) =>
  text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
/** An empty field means "not given"; the schema decides whether that is allowed. */
const orNull = (text: string) => (text.trim() === '' ? null : text);

/**
 * The request body the schema checks. Unknown codes are passed through so that the schema can name the allowed ones.
 */
export function resourceInputOf(form: ResourceFormValues): unknown {
  return {
    metadata: {
      title: form.title,
      creators: lines(form.creators),
      contributors: lines(form.contributors),
      publisher: orNull(form.publisher),
      description: orNull(form.description),
      date: orNull(form.date),
      language: form.language || undefined,
      source: orNull(form.source),
      relation: orNull(form.relation),
      coverage: orNull(form.coverage),
      level: orNull(form.level),
      grades: form.grades.map((g) => (/^\d{1,2}$/.test(g) ? Number(g) : g)),
      subject: orNull(form.subject),
      series: orNull(form.series),
      lesson: orNull(form.lesson),
      type: form.type,
      audience: form.audience,
      licence: form.licence,
      isbn: orNull(form.isbn),
      keywords: commaList(form.keywords),
    },
    scope: form.scope,
  };
}

/** The form filled from a stored resource, for editing. */
export function formValuesOf(resource: Pick<Resource, 'metadata' | 'scope' | 'orgId'>): ResourceFormValues {
  const m = resource.metadata;
  return {
    title: m.title,
    creators: m.creators.join('\n'),
    contributors: m.contributors.join('\n'),
    publisher: m.publisher ?? '',
    description: m.description ?? '',
    date: m.date ?? '',
    language: m.language,
    source: m.source ?? '',
    relation: m.relation ?? '',
    coverage: m.coverage ?? '',
    level: m.level ?? '',
    grades: m.grades.map(String),
    subject: m.subject ?? '',
    series: m.series ?? '',
    lesson: m.lesson ?? '',
    type: m.type,
    audience: [...m.audience],
    licence: m.licence,
    isbn: m.isbn ?? '',
    keywords: m.keywords.join(', '),
    scope: resource.scope,
    orgId: resource.orgId,
  };
}

/** A new resource starts shared with its school only, for teachers and students, under CC BY-SA. */
export const emptyResourceForm = (orgId: string): ResourceFormValues =>
  formValuesOf({ metadata: blankMetadata(), scope: 'school', orgId });

/** `metadata.grades.0` → `grades`: the form field a schema error belongs to. */
export function formFieldOf(path: string): string {
  const parts = path.split('.');
  return (parts[0] === 'metadata' ? parts[1] : parts[0]) ?? '_';
}
