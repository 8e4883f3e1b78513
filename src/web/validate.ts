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
interface FriendlyWords {
  required: string;
  tooLong: (max: number) => string;
  notNumber: string;
  atMost: (max: number) => string;
  atLeast: (min: number) => string;
  notDate: string;
}
const friendly: Record<Language, FriendlyWords> = {
  vi: {
    required: 'Không được để trống.',
    tooLong: (max) => `Dài quá ${max} ký tự.`,
    notNumber: 'Phải là một số.',
    atMost: (max) => `Không được lớn hơn ${max}.`,
    atLeast: (min) => `Không được nhỏ hơn ${min}.`,
    notDate: 'Ngày không hợp lệ (dạng năm-tháng-ngày).',
  },
  en: {
    required: 'Must not be empty.',
    tooLong: (max) => `Longer than ${max} characters.`,
    notNumber: 'Must be a number.',
    atMost: (max) => `Must not be more than ${max}.`,
    atLeast: (min) => `Must not be less than ${min}.`,
    notDate: 'Not a valid date (year-month-day).',
  },
};

/** The words for a form's commonest number and date mistakes, or undefined for zod's own. */
function friendlyNumberOrDate(issue: z.core.$ZodRawIssue, words: FriendlyWords): string | undefined {
  if (issue.code === 'invalid_type' && issue.expected === 'number' && typeof issue.input === 'string')
    return words.notNumber;
  if (issue.code === 'too_big' && issue.origin === 'number') return words.atMost(Number(issue.maximum));
  if (issue.code === 'too_small' && issue.origin === 'number') return words.atLeast(Number(issue.minimum));
  if (issue.code === 'invalid_format' && issue.format === 'date') return words.notDate;
  return undefined;
}

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
    return friendlyNumberOrDate(issue, friendly[lang]) ?? fallback(issue);
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
