/**
 * The shapes the printed collection accepts, from the API and (after the page forms are read) from
 * the pages: a printed edition, adding copies, a copy's changes, register entries, library settings.
 * Text follows the one text rule (./text.ts); codes are upper-case ASCII so that they print on labels.
 */
import { z } from 'zod';
import {
  acquisitionSources,
  copyStatuses,
  withdrawalReasons,
  type AcquisitionSource,
  type CopyStatus,
  type WithdrawalReason,
} from '../../domain/copy.js';
import { isRealDate } from '../../domain/dates.js';
import { locationKinds, type LocationKind } from '../../domain/librarySettings.js';
import { optionalText, text as requiredText, textList } from './text.js';

/** A one-line text field that may be left empty (null then). */
const text = (max: number) => optionalText({ max });
/** A day in the register: YYYY-MM-DD, one that exists. */
const day = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v), {
    error: 'Một ngày có thật, dạng YYYY-MM-DD / A real date, as YYYY-MM-DD',
  });
/** A 24-hex-digit id (as src/http/validate.ts checks it; repeated so that schemas import nothing of the faces). */
const objectId = z.string().regex(/^[0-9a-f]{24}$/i, { error: 'Mã không hợp lệ / Invalid id' });

/** A zod enum over one of the domain's lists, keeping its type. */
const oneOf = <T extends string>(values: readonly T[]) => z.enum(values as unknown as [T, ...T[]]);

/** Codes of collections and locations: what copies refer to, for ever. */
export const libraryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9_-]{1,20}$/, { error: 'Chữ không dấu, số, - và _ / Letters, digits, - and _' });
const money = z
  .number()
  .int()
  .min(0)
  .max(1_000_000_000)
  .nullish()
  .transform((v) => v ?? null);

export const printEditionSchema = z.object({
  isbns: z
    .array(
      z.object({ value: z.string().trim().min(1).max(30), qualifier: text(100), invalid: z.boolean().default(false) }),
    )
    .max(10)
    .default([]),
  edition: text(200),
  place: text(200),
  pages: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .nullish()
    .transform((v) => v ?? null),
  dimensions: text(50),
  seriesStatement: text(300),
  classification: z
    .object({ scheme: z.string().trim().min(1).max(20).default('ddc'), number: z.string().trim().min(1).max(40) })
    .nullish()
    .transform((v) => v ?? null),
  authorMark: text(20).describe('Left empty, it is computed by the school library’s rule'),
  callNumberOverride: text(60).describe('Written by hand instead of class number + author mark'),
  subjectHeadings: textList(30, 200),
  notes: optionalText({ max: 2000, multiline: true }),
});

export const intakeBatchSchema = z.object({
  date: day,
  source: oneOf<AcquisitionSource>(acquisitionSources),
  supplier: text(300),
  documentNumber: text(100),
  note: text(1000),
});

export const withdrawalRecordSchema = z.object({
  date: day,
  reason: oneOf<WithdrawalReason>(withdrawalReasons),
  documentNumber: text(100),
  note: text(1000),
});

const required = (ctx: z.RefinementCtx, path: string[]) =>
  ctx.addIssue({ code: 'custom', path, message: 'Không được để trống. / Must not be empty.' });

/** Either a count (the next free numbers) or a range of numbers; `to` alone is the single number `from`. */
const numbering = z
  .object({
    count: z.number().int().min(1).max(1000).optional(),
    from: z.string().trim().min(1).max(40).optional(),
    to: z.string().trim().min(1).max(40).optional(),
  })
  .superRefine((n, ctx) => {
    if (n.count === undefined && n.from === undefined) required(ctx, ['count']);
    if (n.count !== undefined && n.from !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: 'Số bản hoặc dải số, không cả hai. / A count or a range, not both.',
      });
  })
  .transform((n) => (n.from !== undefined ? { from: n.from, to: n.to ?? n.from } : { count: n.count! }));

/** An intake batch of the school by id, or the details of a new one. */
const batchChoice = z
  .object({
    id: objectId.optional(),
    date: day.optional(),
    source: oneOf<AcquisitionSource>(acquisitionSources).optional(),
    supplier: text(300),
    documentNumber: text(100),
    note: text(1000),
  })
  .superRefine((b, ctx) => {
    if (b.id) return;
    if (!b.date) required(ctx, ['date']);
    if (!b.source) required(ctx, ['source']);
  })
  .transform((b) =>
    b.id
      ? { id: b.id }
      : { date: b.date!, source: b.source!, supplier: b.supplier, documentNumber: b.documentNumber, note: b.note },
  );

export const addCopiesSchema = z.object({
  orgId: objectId,
  collection: libraryCode,
  location: libraryCode,
  numbering,
  batch: batchChoice,
  price: money.describe('Price of each copy, in đồng'),
  volume: text(100),
  note: text(1000),
});

export const copyStatusSchema = z.object({
  status: oneOf<CopyStatus>(copyStatuses.filter((s) => s !== 'withdrawn')),
  note: text(1000),
});

/** An open withdrawal record of the school by id, or the details of a new one. */
export const withdrawCopySchema = z.object({
  record: z
    .object({
      id: objectId.optional(),
      date: day.optional(),
      reason: oneOf<WithdrawalReason>(withdrawalReasons).optional(),
      documentNumber: text(100),
      note: text(1000),
    })
    .superRefine((r, ctx) => {
      if (r.id) return;
      if (!r.date) required(ctx, ['date']);
      if (!r.reason) required(ctx, ['reason']);
    })
    .transform((r) =>
      r.id ? { id: r.id } : { date: r.date!, reason: r.reason!, documentNumber: r.documentNumber, note: r.note },
    ),
  reason: oneOf<WithdrawalReason>(withdrawalReasons)
    .nullish()
    .transform((v) => v ?? null),
  note: text(1000),
});

export const editCopySchema = z.object({
  barcode: z.string().trim().min(1).max(40).optional(),
  location: libraryCode.optional(),
  price: money.optional(),
  volume: text(100).optional(),
  note: text(1000).optional(),
});

const entryName = { name: requiredText({ max: 100, min: 1 }), nameEn: text(100) };
export const librarySettingsSchema = z.object({
  collections: z
    .array(
      z.object({
        code: libraryCode,
        ...entryName,
        prefix: z
          .string()
          .toUpperCase()
          .regex(/^([A-Z0-9._/ -]*[A-Z._/ -])?$/, {
            error:
              'Chữ không dấu, số, . - / _ và dấu cách, không kết thúc bằng số / Letters, digits, . - / _ and ' +
              'spaces, not ending in a digit',
          })
          .max(12),
        width: z.number().int().min(0).max(8),
        active: z.boolean().default(true),
      }),
    )
    .min(1)
    .max(30),
  locations: z
    .array(
      z.object({
        code: libraryCode,
        ...entryName,
        kind: oneOf<LocationKind>(locationKinds),
        active: z.boolean().default(true),
      }),
    )
    .min(1)
    .max(200),
  authorMark: z.object({
    letters: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    case: z.enum(['upper', 'capitalised']),
    diacritics: z.enum(['keep', 'remove']),
    titleInitial: z.boolean(),
    vietnameseNames: z.enum(['given', 'family']),
  }),
  classificationScheme: z.string().trim().min(1).max(20),
});
