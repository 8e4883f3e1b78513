/**
 * The administration forms: HTML fields (empty strings, one or many checkboxes) into the shapes the API schemas check.
 */
import { z } from 'zod';

const many = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const blankAsMissing = (v: unknown) => (v === '' ? undefined : v);

/** Password left empty: generate one. E-mail left empty: none. */
export const personForm = z.object({
  username: z.string(),
  password: z.preprocess(blankAsMissing, z.string().optional()),
  displayName: z.string(),
  email: z.preprocess(blankAsMissing, z.string().optional()),
  roles: many,
});

export const rolesForm = z.object({ roles: many });
export const statusForm = z.object({
  disabled: z.enum(['true', 'false']).transform((v) => v === 'true'),
  next: z.string().optional(),
});
export const parentForm = z.object({ parentId: z.preprocess(blankAsMissing, z.string().optional()) });
