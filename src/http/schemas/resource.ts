/**
 * The shape of a resource as people and programs send it (pages and API alike). Text fields follow
 * the one text rule (./text.ts); vocabulary fields accept only codes from config/vocabularies.ts, and
 * a wrong value is refused with the allowed ones named. A vocabulary value may also come as the API
 * reads it out (`{ code, label }`, src/presenters/resource.ts): its code is kept and the rest
 * ignored, so a client can send back what it read.
 */
import { z } from 'zod';
import {
  audiences,
  grades,
  languages,
  levels,
  licences,
  resourceTypes,
  series,
  subjects,
  type Term,
} from '../../../config/vocabularies.js';
import { sharingScopes } from '../../domain/resource.js';
import { optionalDate, optionalText, text, textList } from './text.js';

const codes = (terms: readonly Term[]) => terms.map((t) => t.code) as [string, ...string[]];

/** `{ code, label, … }` as read out becomes its code; anything else is checked as it is. */
const codeOf = (value: unknown) =>
  typeof value === 'object' && value !== null && 'code' in value ? (value as { code: unknown }).code : value;

/** One value of a vocabulary: its code, or the `{ code, label }` the API reads out. */
const term = <T extends [string, ...string[]]>(values: T) =>
  z.preprocess(codeOf, z.enum(values)).describe('A code, or { code, label } as the API reads it out');

/** ISBN-10 or ISBN-13, hyphens and spaces allowed, checksum verified. */
const isbn = z
  .string()
  .trim()
  .nullish()
  .transform((v) => (v ? v.replace(/[-\s]/g, '').toUpperCase() : null))
  .refine((v) => v === null || validIsbn(v), { error: 'ISBN không hợp lệ / Invalid ISBN' });

export const resourceMetadataSchema = z
  .object({
    title: text({ max: 500, min: 1 }),
    creators: textList(50, 200),
    contributors: textList(50, 200),
    publisher: optionalText({ max: 300 }),
    description: optionalText({ max: 10_000, multiline: true }),
    date: optionalDate,
    language: term(codes(languages)).default('vi'),
    source: optionalText({ max: 1000 }),
    relation: optionalText({ max: 1000 }),
    coverage: optionalText({ max: 300 }),
    level: term(codes(levels))
      .nullish()
      .transform((v) => v ?? null),
    grades: z
      .array(
        z
          .number()
          .int()
          .refine((g) => grades.includes(g), { error: 'Lớp từ 1 đến 12 / Grade 1 to 12' }),
      )
      .max(12)
      .default([])
      .transform((g) => [...new Set(g)].sort((a, b) => a - b)),
    subject: term(codes(subjects))
      .nullish()
      .transform((v) => v ?? null),
    series: term(codes(series))
      .nullish()
      .transform((v) => v ?? null),
    lesson: optionalText({ max: 300 }),
    type: term(codes(resourceTypes)),
    audience: z
      .array(term(codes(audiences) as ['teacher', 'student']))
      .max(2)
      .default(['teacher', 'student']),
    licence: term(codes(licences)),
    isbn,
    keywords: textList(50, 100),
  })
  .superRefine((m, ctx) => {
    const level = levels.find((l) => l.code === m.level);
    for (const g of m.grades) {
      if (level && !level.grades.includes(g))
        ctx.addIssue({
          code: 'custom',
          path: ['grades'],
          message: `Lớp ${g} không thuộc cấp ${level.vi} / Grade ${g} is not in ${level.en}`,
        });
    }
  });

export const resourceInputSchema = z.object({
  metadata: resourceMetadataSchema,
  scope: z.enum(sharingScopes as unknown as ['school', 'subtree', 'public']),
});

export type ResourceInputBody = z.output<typeof resourceInputSchema>;

function validIsbn(v: string): boolean {
  if (/^\d{9}[\dX]$/.test(v)) {
    const sum = [...v].reduce((s, c, i) => s + (c === 'X' ? 10 : Number(c)) * (10 - i), 0);
    return sum % 11 === 0;
  }
  if (/^\d{13}$/.test(v)) {
    const sum = [...v].reduce((s, c, i) => s + Number(c) * (i % 2 ? 3 : 1), 0);
    return sum % 10 === 0;
  }
  return false;
}
