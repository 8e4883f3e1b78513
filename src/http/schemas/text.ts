/**
 * The one rule for text that people send, as zod building blocks every request schema uses: text
 * is kept in NFC with plain whitespace (src/domain/text.ts); a control character, a bidirectional
 * override or a zero-width character is refused with a message naming the field and the character;
 * one-line fields collapse line breaks, several-line fields (descriptions, notes) keep them.
 * Usernames are of one writing system; dates are real dates.
 *
 * The messages are made by the validator (src/web/validate.ts) from the issue's `params.text`, in
 * the person's language.
 */
import { z } from 'zod';
import { EARLIEST_YEAR, isRealDate, latestYear } from '../../domain/dates.js';
import { firstForbidden, scriptsOf, tidyText } from '../../domain/text.js';

export interface TextOptions {
  max: number;
  min?: number;
  /** Descriptions and notes: line breaks are kept. */
  multiline?: boolean;
}

/** A text field: tidied, refused when it holds a character no text may hold, within its bounds. */
export function text({ max, min = 0, multiline = false }: TextOptions) {
  let schema = z
    .string()
    .overwrite((v) => tidyText(v, multiline))
    .check((ctx) => {
      const bad = firstForbidden(ctx.value);
      if (bad) ctx.issues.push({ code: 'custom', input: ctx.value, params: { text: bad.kind, char: bad.codePoint } });
    });
  if (min > 0) schema = schema.min(min);
  return schema.max(max);
}

/** A text field that may be left out or empty: null then. */
export function optionalText(options: Omit<TextOptions, 'min'>) {
  return text(options)
    .nullish()
    .transform((v) => v || null);
}

/** A list of short texts (names, keywords): each one a text field, empty ones refused, repeats dropped. */
export function textList(maxItems: number, maxEach: number) {
  return z
    .array(text({ max: maxEach, min: 1 }))
    .max(maxItems)
    .default([])
    .transform((xs) => [...new Set(xs)]);
}

/**
 * A username: letters of one writing system (no Cyrillic "а" in a Latin name), ASCII digits, and
 * `.`, `_`, `@`, `-`; nothing that changes under compatibility folding (no full-width "ｑ").
 */
export const username = z
  .string()
  .overwrite((v) => v.normalize('NFC').trim())
  .min(3)
  .max(100)
  .check((ctx) => {
    const v = ctx.value;
    const issue = (rule: string, extra: Record<string, unknown> = {}) =>
      ctx.issues.push({ code: 'custom', input: v, params: { text: rule, ...extra } });
    if (!/^[\p{L}\p{M}0-9._@-]*$/u.test(v) || v.normalize('NFKC') !== v) return void issue('usernameCharacters');
    const scripts = scriptsOf(v);
    if (scripts.length > 1) issue('usernameScripts', { scripts: scripts.join(', ') });
  });

/** A publication date, when given: a year, year-month or full date that exists (src/domain/dates.ts). */
export const optionalDate = z
  .string()
  .overwrite((v) => v.trim())
  .check((ctx) => {
    if (ctx.value !== '' && !isRealDate(ctx.value))
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        params: { text: 'date', from: EARLIEST_YEAR, to: latestYear() },
      });
  })
  .nullish()
  .transform((v) => v || null);
