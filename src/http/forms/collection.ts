/** The reading-list forms: an empty description means none. */
import { z } from 'zod';
import { objectId } from '../validate.js';

export const collectionFormFields = z.object({
  title: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .transform((v) => v.normalize('NFC')),
  description: z
    .string()
    .trim()
    .max(5000)
    .optional()
    .transform((v) => (v ? v.normalize('NFC') : null)),
  scope: z.enum(['school', 'subtree', 'public']),
});

export const newCollectionForm = collectionFormFields.extend({ orgId: objectId });
export const addItemForm = z.object({ collectionId: objectId, resourceId: objectId });
