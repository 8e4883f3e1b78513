/** What the labels page accepts: which copies (a range, a batch, or chosen ones), the label kind, sheet and start. */
import { z } from 'zod';
import { labelKinds, type LabelKind } from '../../domain/labelSheet.js';

const number = z.string().trim().max(40);
const objectId = z.string().regex(/^[0-9a-f]{24}$/i, { error: 'Mã không hợp lệ / Invalid id' });
const kind = z.enum(labelKinds as unknown as [LabelKind, ...LabelKind[]]).default('barcode');
const sheet = z
  .string()
  .regex(/^[a-z0-9-]{2,40}$/)
  .optional();
const start = z.coerce
  .number({ error: 'Một số từ 1 / A number from 1' })
  .int({ error: 'Một số từ 1 / A number from 1' })
  .min(1, { error: 'Một số từ 1 / A number from 1' })
  .max(1000)
  .default(1);

/** The page: a range or a batch to list, and the choices shown (nothing printed yet). */
export const labelsQuery = z.object({
  from: number.optional().default(''),
  to: number.optional().default(''),
  batch: objectId.optional().or(z.literal('').transform(() => undefined)),
  kind,
  sheet,
  start,
});

/** The print form: the copies ticked (one or many), how and where to start. */
export const labelsPrint = z.object({
  copy: z
    .union([objectId, z.array(objectId).max(1000)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  kind,
  sheet: z.string().regex(/^[a-z0-9-]{2,40}$/),
  start,
});
