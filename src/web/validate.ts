/**
 * Validation at the edge: every body, query and parameter goes through a zod schema before any
 * service sees it. Failures become a 400 listing each field with a message in the person's language.
 */
import type { Request } from 'express';
import { z, type ZodType } from 'zod';
import { DomainError, type FieldIssue } from '../domain/errors.js';
import { hasTranslation, translator, type Language, type Translate } from '../i18n/index.js';

const locales: Record<Language, () => { localeError: z.core.$ZodErrorMap }> = { vi: z.locales.vi, en: z.locales.en };

/** Friendlier words for the commonest problems; zod's own locale covers the rest. */
const friendly: Record<Language, { required: string; tooLong: (max: number) => string }> = {
  vi: { required: 'Không được để trống.', tooLong: (max) => `Dài quá ${max} ký tự.` },
  en: { required: 'Must not be empty.', tooLong: (max) => `Longer than ${max} characters.` },
};

/** The field as people know it: its label on the forms, else its name. */
function labelOf(path: readonly PropertyKey[] | undefined, t: Translate): string {
  const name = [...(path ?? [])].reverse().find((p): p is string => typeof p === 'string') ?? '';
  const key = [`web.field.${name}`, `errors.field.${name}`].find((k) => hasTranslation(k));
  return key ? t(key) : name;
}

function errorMap(lang: Language): z.core.$ZodErrorMap {
  const fallback = locales[lang]().localeError;
  const t = translator(lang);
  return (issue) => {
    const params = (issue.code === 'custom' ? issue.params : undefined) as Record<string, unknown> | undefined;
    if (typeof params?.text === 'string')
      return t(`errors.text.${params.text}`, { ...params, field: labelOf(issue.path, t) });
    if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return friendly[lang].required;
    if (issue.code === 'invalid_type' && issue.input === undefined) return friendly[lang].required;
    if (issue.code === 'too_big' && issue.origin === 'string') return friendly[lang].tooLong(Number(issue.maximum));
    return fallback(issue);
  };
}

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '_', message: i.message }));
}

/** Parses `input` or throws a 400 whose field messages are in the request's language. */
export function parse<T extends ZodType>(schema: T, input: unknown, req: Pick<Request, 'lang'>): z.output<T> {
  const result = schema.safeParse(input, { error: errorMap(req.lang ?? 'vi') });
  if (!result.success) throw new DomainError('validation', 'errors.validation', {}, issuesOf(result.error));
  return result.data;
}

/** A 24-hex-digit id in a path or body. */
export const objectId = z.string().regex(/^[0-9a-f]{24}$/i, { error: 'Mã không hợp lệ / Invalid id' });
