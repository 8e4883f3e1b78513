/** What the registers' downloads accept: the format, and a period as a school year or two days. */
import { z } from 'zod';

const emptyIsNone = (v: unknown) => (v === '' ? undefined : v);
const day = z.preprocess(emptyIsNone, z.string().trim().max(10).optional());

export const registerFormat = z.enum(['xlsx', 'pdf']);
export type RegisterFormat = z.infer<typeof registerFormat>;

/** `year=2025-2026`, or `from`/`to` (YYYY-MM-DD); both days are checked by the service. */
export const registerPeriodQuery = z.object({
  year: z.preprocess(
    emptyIsNone,
    z
      .string()
      .regex(/^\d{4}-\d{4}$/, { error: 'Năm học dạng 2025-2026 / A school year such as 2025-2026' })
      .refine((y) => Number(y.slice(5)) === Number(y.slice(0, 4)) + 1, {
        error: 'Năm học dạng 2025-2026 / A school year such as 2025-2026',
      })
      .optional(),
  ),
  from: day,
  to: day,
  order: z.enum(['date', 'patron']).default('date'),
});
export type RegisterPeriodQuery = z.infer<typeof registerPeriodQuery>;

export const loanRegisterKind = z.enum(['students', 'teachers']);
