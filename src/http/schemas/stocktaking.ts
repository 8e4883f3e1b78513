/** The forms and bodies of stocktaking: opening a session, a scan, closing, writing copies off. */
import { z } from 'zod';
import { objectId } from '../../web/validate.js';
import { text } from './text.js';

export const openSessionForm = z.object({
  name: text({ max: 200, min: 1 }),
  location: z
    .string()
    .trim()
    .max(40)
    .default('')
    .transform((v) => v || null),
});

/** A code as a scanner types it (a barcode or an accession number). */
export const scanCode = z.string().trim().max(64);
export const scanForm = z.object({ code: scanCode.default('') });

export const closeForm = z.object({ version: z.coerce.number().int().min(1) });

export const writeOffForm = z.object({
  copyIds: z
    .union([objectId, z.array(objectId).max(50_000)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

export const scanMode = z.object({ mode: z.enum(['scanner', 'camera']).default('scanner') });
