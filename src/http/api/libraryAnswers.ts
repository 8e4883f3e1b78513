/** The shapes the printed collection answers with (see answers.ts for why they are zod schemas). */
import { z } from 'zod';
import { copyActions } from '../../policies/library.js';

const coded = z.object({ code: z.string(), label: z.string() });
const isoDate = z.string().describe('ISO 8601, UTC');
const day = z.string().describe('YYYY-MM-DD');

export const printEditionAnswer = z
  .object({
    isbns: z.array(
      z.object({
        value: z.string(),
        qualifier: z.string().nullable(),
        invalid: z.boolean().describe('Recorded as printed on the book although not a valid ISBN (MARC 020 $z)'),
      }),
    ),
    edition: z.string().nullable(),
    place: z.string().nullable(),
    pages: z.number().int().nullable(),
    dimensions: z.string().nullable(),
    seriesStatement: z.string().nullable(),
    classification: z
      .object({
        scheme: z.string(),
        schemeName: z.string(),
        number: z.string(),
        path: z.array(z.object({ notation: z.string(), caption: z.string() })),
      })
      .nullable(),
    authorMark: z.string().nullable(),
    callNumberOverride: z.string().nullable(),
    callNumber: z.string().nullable().describe('Class number and author mark, or the override'),
    subjectHeadings: z.array(z.string()),
    notes: z.string().nullable(),
  })
  .meta({ id: 'PrintEdition' });

export const copyAnswer = z
  .object({
    id: z.string(),
    url: z.string(),
    title: z
      .object({ id: z.string(), title: z.string(), url: z.string(), callNumber: z.string().nullable() })
      .nullable(),
    organisation: z.object({ id: z.string(), name: z.string() }),
    holdingOrganisation: z.object({ id: z.string(), name: z.string() }),
    accessionNumber: z.string(),
    barcode: z.string(),
    volume: z.string().nullable(),
    collection: coded,
    location: coded,
    acquisition: z.object({
      date: day,
      batch: z.object({ id: z.string(), url: z.string() }),
      source: coded,
      price: z.number().int().nullable().describe('In đồng'),
      supplier: z.string().nullable(),
      documentNumber: z.string().nullable(),
    }),
    status: coded,
    statusSince: isoDate,
    withdrawal: z
      .object({
        date: day,
        reason: coded,
        record: z.object({ id: z.string(), url: z.string() }),
        note: z.string().nullable(),
      })
      .nullable(),
    note: z.string().nullable(),
    lastSeenAt: isoDate.nullable(),
    history: z.array(
      z.object({
        at: isoDate,
        action: z.string(),
        actionLabel: z.string(),
        from: z.string().nullable(),
        to: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
    version: z.number().int(),
    permissions: z.object(Object.fromEntries(copyActions.map((a) => [a, z.boolean()]))),
    nextStatuses: z.array(coded),
  })
  .meta({ id: 'Copy' });

export const copiesAnswer = z.object({ items: z.array(copyAnswer), total: z.number().int() });

export const holdingsAnswer = z
  .array(
    z.object({
      orgId: z.string(),
      name: z.string(),
      total: z.number().int().describe('Copies readers can find: neither withdrawn nor lost'),
      available: z.number().int(),
      byStatus: z.record(z.string(), z.number().int()),
      byLocation: z.array(z.object({ code: z.string(), label: z.string(), count: z.number().int() })),
    }),
  )
  .meta({ id: 'Holdings' });

export const intakeBatchAnswer = z
  .object({
    id: z.string(),
    url: z.string(),
    number: z.number().int().describe('Running number in the general register'),
    date: day,
    source: coded,
    supplier: z.string().nullable(),
    documentNumber: z.string().nullable(),
    note: z.string().nullable(),
    copyCount: z.number().int(),
    totalValue: z.number().int().describe('In đồng'),
  })
  .meta({ id: 'IntakeBatch' });

export const withdrawalRecordAnswer = z
  .object({
    id: z.string(),
    url: z.string(),
    number: z.number().int(),
    date: day,
    reason: coded,
    documentNumber: z.string().nullable(),
    note: z.string().nullable(),
    copyCount: z.number().int(),
    totalValue: z.number().int(),
  })
  .meta({ id: 'WithdrawalRecord' });

export const addedCopiesAnswer = z.object({ batch: intakeBatchAnswer, copies: z.array(copyAnswer) });

export const librarySettingsAnswer = z
  .object({
    orgId: z.string(),
    version: z.number().int().describe('0 while the school uses the defaults'),
    collections: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        nameEn: z.string().nullable(),
        label: z.string(),
        prefix: z.string(),
        width: z.number().int(),
        active: z.boolean(),
        nextNumber: z.number().int(),
        nextAccession: z.string(),
      }),
    ),
    locations: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        nameEn: z.string().nullable(),
        kind: z.string(),
        active: z.boolean(),
      }),
    ),
    authorMark: z.object({
      letters: z.number().int(),
      case: z.string(),
      diacritics: z.string(),
      titleInitial: z.boolean(),
      vietnameseNames: z.string(),
    }),
    classificationScheme: z.string(),
  })
  .meta({ id: 'LibrarySettings' });

export const schemesAnswer = z.array(
  z.object({
    code: z.string(),
    name: z.object({ vi: z.string(), en: z.string() }),
    pattern: z.string(),
    hierarchy: z.enum(['decimal', 'prefix']),
    entries: z.array(z.object({ notation: z.string(), vi: z.string(), en: z.string(), level: z.number().int() })),
  }),
);
