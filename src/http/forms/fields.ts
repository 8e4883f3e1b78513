/** Small readers of HTML form fields shared by the library's forms. */
import { z } from 'zod';

/** One value of a form field (a repeated field keeps its first). */
export const formText = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')));

/** A form's whole-number field: empty is "not given", digits a number, anything else left for the schema to refuse. */
export const formNumber = (text: string): number | string | null =>
  text.trim() === '' ? null : /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : text;
export const orNull = (text: string) => (text.trim() === '' ? null : text);
