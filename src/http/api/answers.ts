/**
 * The shapes the API answers with, as zod schemas: they feed the OpenAPI document, and the
 * contract tests check real answers against them, so the document describes what is really sent.
 */
import { z } from 'zod';
import { organisationActions } from '../../policies/organisation.js';
import { resourceActions } from '../../policies/resource.js';
import { facetNames } from '../../search/facets.js';
import { printEditionAnswer } from './libraryAnswers.js';

const coded = z.object({ code: z.string(), label: z.string() });
const nullableCoded = coded.nullable();
const isoDate = z.string().describe('ISO 8601, UTC');
const scope = z.enum(['school', 'subtree', 'public']);
const status = z.enum(['draft', 'submitted', 'published', 'withdrawn', 'deleted']);
const permissions = <T extends readonly string[]>(actions: T) =>
  z.object(Object.fromEntries(actions.map((a) => [a, z.boolean()]))).describe('What the caller may do now');

export const resourceSummaryAnswer = z
  .object({
    id: z.string(),
    url: z.string().describe('Item page, relative to the site'),
    title: z.string(),
    description: z.string().nullable(),
    status,
    scope,
    type: nullableCoded,
    level: nullableCoded,
    grades: z.array(z.number().int()),
    subject: nullableCoded,
    series: nullableCoded,
    organisation: z.object({ id: z.string(), name: z.string() }),
    fileKinds: z.array(z.string()),
    printed: z.boolean().describe('A printed title: libraries may hold copies of it'),
    external: z.object({ url: z.string().nullable() }).nullable(),
    publishedAt: isoDate.nullable(),
    modifiedAt: isoDate,
    views: z.number().int(),
  })
  .meta({ id: 'ResourceSummary' });

const fileAnswer = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
  kind: z.string(),
  duplicateOf: z.string().nullable(),
  text: z.enum(['pending', 'done', 'failed', 'none']),
  url: z.string().describe('Inline bytes, HTTP Range supported'),
  downloadUrl: z.string(),
});

export const resourceAnswer = resourceSummaryAnswer
  .extend({
    version: z.number().int(),
    metadata: z.object({
      title: z.string(),
      creators: z.array(z.string()),
      contributors: z.array(z.string()),
      publisher: z.string().nullable(),
      description: z.string().nullable(),
      date: z.string().nullable(),
      language: nullableCoded,
      source: z.string().nullable(),
      relation: z.string().nullable(),
      coverage: z.string().nullable(),
      level: nullableCoded,
      grades: z.array(z.number().int()),
      subject: nullableCoded,
      series: nullableCoded,
      lesson: z.string().nullable(),
      type: nullableCoded,
      audience: z.array(coded),
      licence: coded.extend({ uri: z.string() }).nullable(),
      isbn: z.string().nullable(),
      keywords: z.array(z.string()),
    }),
    organisation: z.object({
      id: z.string(),
      name: z.string(),
      path: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
    print: printEditionAnswer.nullable(),
    files: z.array(fileAnswer),
    createdAt: isoDate,
    permissions: permissions(resourceActions),
    history: z
      .array(
        z.object({
          at: isoDate,
          action: z.string(),
          actionLabel: z.string(),
          note: z.string().nullable(),
          fields: z.array(z.string()),
        }),
      )
      .nullable(),
    citation: z.string(),
  })
  .meta({ id: 'Resource' });

export const facetAnswer = z.object({
  name: z.enum(facetNames),
  label: z.string(),
  values: z.array(z.object({ value: z.string(), label: z.string(), count: z.number().int(), selected: z.boolean() })),
});

const page = <T extends z.ZodType>(item: T) => ({
  items: z.array(item),
  total: z.number().int(),
  next: z.string().nullable().describe('Cursor of the next page; null on the last'),
});

export const searchAnswer = z
  .object({ ...page(resourceSummaryAnswer), facets: z.array(facetAnswer) })
  .meta({ id: 'SearchAnswer' });

export const usageAnswer = z.object({
  views: z.number().int(),
  downloads: z.number().int(),
  launches: z.number().int(),
});

const organisationFields = {
  id: z.string(),
  code: z.string(),
  name: z.string(),
  type: coded,
  parentId: z.string().nullable(),
  path: z.array(z.object({ id: z.string(), name: z.string() })),
  permissions: permissions(organisationActions),
};
export const organisationAnswer = z.object(organisationFields).meta({ id: 'Organisation' });

interface Node extends z.output<typeof organisationAnswer> {
  children: Node[];
}
export const organisationNodeAnswer: z.ZodType<Node> = z
  .object({
    ...organisationFields,
    get children(): z.ZodArray<z.ZodType<Node>> {
      return z.array(organisationNodeAnswer);
    },
  })
  .meta({ id: 'OrganisationNode' });

export const organisationDetailAnswer = organisationAnswer.extend({ children: z.array(organisationAnswer) });

export const personAnswer = z
  .object({
    id: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    memberships: z.array(
      z.object({
        orgId: z.string(),
        orgName: z.string(),
        role: z.enum(['org_admin', 'librarian', 'teacher', 'student']),
      }),
    ),
    systemAdmin: z.boolean(),
    disabled: z.boolean(),
    lastLoginAt: isoDate.nullable(),
  })
  .meta({ id: 'Person' });

export const peopleAnswer = z.object(page(personAnswer));
export const newAccountAnswer = z.object({
  person: personAnswer,
  username: z.string(),
  password: z.string().describe('Shown once; only its hash is kept'),
});

export const collectionAnswer = z
  .object({
    id: z.string(),
    url: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    scope,
    organisation: z.object({ id: z.string(), name: z.string() }),
    mine: z.boolean(),
    itemCount: z.number().int(),
    version: z.number().int(),
    modifiedAt: isoDate,
    permissions: z.object({ edit: z.boolean(), delete: z.boolean() }),
  })
  .meta({ id: 'Collection' });
export const collectionDetailAnswer = collectionAnswer.extend({ items: z.array(resourceSummaryAnswer) });
export const collectionsAnswer = z.object(page(collectionAnswer));

const term = z.object({ code: z.string(), vi: z.string(), en: z.string() }).catchall(z.unknown());
export const vocabulariesAnswer = z
  .record(z.string(), z.array(term))
  .describe('Every controlled vocabulary, labels in Vietnamese and English');

export const meAnswer = z.object({
  person: z
    .object({
      id: z.string(),
      displayName: z.string(),
      systemAdmin: z.boolean(),
      roles: z.array(z.object({ orgId: z.string(), orgName: z.string(), role: z.string(), roleLabel: z.string() })),
      isStaff: z.boolean(),
      managesSomething: z.boolean(),
    })
    .nullable(),
  csrfToken: z.string().describe('Send as X-CSRF-Token with POST, PUT and DELETE'),
});

export const errorAnswer = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string().describe("In the caller's language (Accept-Language or ?lang=)"),
      fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
      currentVersion: z.number().int().optional().describe('On 409: the version to start again from'),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });
