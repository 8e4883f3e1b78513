/** The reading-list forms: an empty description means none. */
import { z } from 'zod';
import { objectId } from '../../web/validate.js';
import { optionalText, text } from '../schemas/text.js';

export const collectionFormFields = z.object({
  title: text({ max: 300, min: 1 }),
  description: optionalText({ max: 5000, multiline: true }),
  scope: z.enum(['school', 'subtree', 'public']),
});

export const newCollectionForm = collectionFormFields.extend({ orgId: objectId });
export const addItemForm = z.object({ collectionId: objectId, resourceId: objectId });
