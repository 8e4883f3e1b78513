/** What the API accepts beyond the shared resource and search schemas. */
import { z } from 'zod';
import { organisationTypes } from '../../../config/vocabularies.js';
import { roles } from '../../domain/person.js';
import { sharingScopes } from '../../domain/resource.js';
import { objectId } from '../../web/validate.js';
import { resourceInputSchema, resourceMetadataSchema } from '../schemas/resource.js';
import { printEditionSchema } from '../schemas/library.js';
import { optionalText, text, username } from '../schemas/text.js';
import { versionField } from './endpoint.js';

export const idParams = z.object({ id: objectId });
export const personParams = z.object({ id: objectId, personId: objectId });
export const personOnlyParams = z.object({ personId: objectId });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional().default(50),
  cursor: z.string().max(200).optional(),
});

const scope = z.enum(sharingScopes as unknown as ['school', 'subtree', 'public']);

export const createResourceBody = resourceInputSchema.extend({
  orgId: objectId,
  print: printEditionSchema.nullish().describe('The printed edition, for a printed title (librarians and admins)'),
  publish: z.boolean().optional().describe('Publish at once (those who may approve it)'),
});
export const updateResourceBody = z.object({
  metadata: resourceMetadataSchema,
  scope,
  print: printEditionSchema.nullish().describe('Absent: unchanged; null: no longer printed'),
  version: versionField,
});
export const transitionBody = z.object({ note: optionalText({ max: 2000, multiline: true }), version: versionField });
export const versionOnlyBody = z.object({ version: versionField });

const orgCode = text({ max: 40, min: 1 }).regex(/^[A-Za-z0-9_-]+$/, {
  error: 'Chỉ gồm chữ không dấu, số, - và _ / Letters, digits, - and _ only',
});
const orgFields = {
  code: orgCode,
  name: text({ max: 300, min: 1 }),
  type: z.enum(organisationTypes.map((t) => t.code) as ['department', 'office', 'school', 'other']),
};
export const createOrganisationBody = z.object({ parentId: objectId.nullable(), ...orgFields });
export const editOrganisationBody = z.object(orgFields);
export const moveOrganisationBody = z.object({ parentId: objectId });

const role = z.enum(roles as unknown as ['org_admin', 'librarian', 'teacher', 'student']);
export const createPersonBody = z.object({
  username,
  // Kept exactly as typed: a password is never shown, and changing it would lock its owner out.
  password: z.string().min(12).max(1000).optional().describe('Generated when omitted; answered once'),
  displayName: text({ max: 200, min: 1 }),
  email: z
    .email()
    .max(320)
    .nullish()
    .transform((v) => v ?? null),
  roles: z.array(role).min(1).max(4),
});
export const setRolesBody = z.object({ roles: z.array(role).max(4) });
export const setStatusBody = z.object({ disabled: z.boolean() });

const collectionFields = {
  title: text({ max: 300, min: 1 }),
  description: optionalText({ max: 5000, multiline: true }),
  scope,
};
export const createCollectionBody = z.object({ orgId: objectId, ...collectionFields });
export const updateCollectionBody = z.object({ ...collectionFields, version: versionField });
export const setItemsBody = z.object({ resourceIds: z.array(objectId).max(500), version: versionField });
