/**
 * The printed collection through the API: classification schemes, a school library's settings and
 * general register, a title's holdings and copies, adding copies, and each copy's changes.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { authorMark } from '../../domain/authorMark.js';
import type { Copy, SchoolHoldings } from '../../domain/copy.js';
import {
  locationLabel,
  presentCollectionNumbering,
  presentCopy,
  presentIntakeBatch,
  presentWithdrawalRecord,
} from '../../presenters/copy.js';
import { classificationSchemes } from '../../registry/classification.js';
import { compareVietnamese } from '../../search/text.js';
import type { Services } from '../../services/index.js';
import {
  addCopiesSchema,
  copyStatusSchema,
  editCopySchema,
  intakeBatchSchema,
  libraryCode,
  librarySettingsSchema,
  withdrawalRecordSchema,
  withdrawCopySchema,
} from '../schemas/library.js';
import { objectId } from '../../web/validate.js';
import { endpoint, expectedVersion, versionField, type Endpoint } from './endpoint.js';
import { idParams } from './inputs.js';
import {
  addedCopiesAnswer,
  copiesAnswer,
  copyAnswer,
  holdingsAnswer,
  intakeBatchAnswer,
  librarySettingsAnswer,
  schemesAnswer,
  withdrawalRecordAnswer,
} from './libraryAnswers.js';

const tag = 'library';
const versioned = <T extends z.ZodRawShape>(shape: z.ZodObject<T>) => shape.extend({ version: versionField });

export function libraryEndpoints(services: Services): Endpoint[] {
  const views = libraryViews(services);
  return [
    ...settingsEndpoints(services, views),
    ...registerEndpoints(services),
    ...holdingsEndpoints(services, views),
    ...copyEndpoints(services, views.copyView),
  ];
}

type LibraryViews = ReturnType<typeof libraryViews>;

/**
 * The answers these endpoints share: a copy with its title and school settings, holdings by
 * school, a school's settings.
 */
function libraryViews(services: Services) {
  const { copies, librarySettings, tree } = services;
  const copyView = async (req: Request, copy: Copy) => {
    const { title, settings } = await copies.surroundings(req.actor, copy);
    return { body: presentCopy(copy, title, settings, tree, req.actor, req.lang), version: copy.version };
  };
  const holdingsView = async (req: Request, holdings: SchoolHoldings[]) => {
    const settingsOf = await librarySettings.settingsOfSchools(holdings.map((h) => h.orgId));
    return holdings
      .map((h) => {
        const settings = settingsOf.get(h.orgId)!;
        return {
          orgId: h.orgId,
          name: tree.get(h.orgId)?.name ?? '',
          total: h.total,
          available: h.available,
          byStatus: h.byStatus,
          byLocation: Object.entries(h.byLocation).map(([code, count]) => ({
            ...locationLabel(settings, code, req.lang),
            count,
          })),
        };
      })
      .sort((a, b) => compareVietnamese(a.name, b.name));
  };
  const settingsView = async (req: Request, orgId: string) => {
    const settings = await librarySettings.load(req.actor, orgId);
    const next = await librarySettings.nextNumbers(req.actor, orgId);
    return {
      body: { ...settings, collections: presentCollectionNumbering(settings, next, req.lang), modifiedAt: undefined },
      version: settings.version,
    };
  };

  return { copyView, holdingsView, settingsView };
}

/** Classification schemes, a school's library settings, its next accession numbers, author marks. */
function settingsEndpoints(services: Services, { settingsView }: LibraryViews): Endpoint[] {
  const { librarySettings } = services;
  return [
    endpoint({
      method: 'get',
      path: '/library/classification-schemes',
      tag,
      summary: 'Classification schemes in use (DDC and a library’s own), with their classes in Vietnamese and English',
      signedIn: false,
      success: { status: 200, description: 'Every scheme', schema: schemesAnswer },
      handle: async () => ({ body: [...classificationSchemes.values()] }),
    }),
    endpoint({
      method: 'get',
      path: '/library/organisations/:id/settings',
      tag,
      summary: 'A school library’s collections (with their next accession number), locations and rules',
      signedIn: true,
      params: idParams,
      success: {
        status: 200,
        description: 'The settings; `ETag` carries their version',
        schema: librarySettingsAnswer,
      },
      handle: async ({ req, params }) => settingsView(req, params.id),
    }),
    endpoint({
      method: 'put',
      path: '/library/organisations/:id/settings',
      tag,
      summary: 'Replace a school library’s settings (collections and locations are kept: mark them inactive)',
      signedIn: true,
      versioned: true,
      params: idParams,
      // Version 0: the defaults, never saved.
      body: librarySettingsSchema.extend({ version: z.number().int().min(0).optional() }),
      success: { status: 200, description: 'The settings after the change', schema: librarySettingsAnswer },
      handle: async ({ req, params, body }) => {
        const { version, ...input } = body;
        await librarySettings.update(req.actor, params.id, expectedVersion(req, version), input);
        return settingsView(req, params.id);
      },
    }),
    endpoint({
      method: 'post',
      path: '/library/organisations/:id/settings/collections/:code/next-number',
      tag,
      summary: 'Move a collection’s accession numbering forward (to continue a paper register); never back',
      signedIn: true,
      params: z.object({ id: objectId, code: libraryCode }),
      body: z.object({ nextNumber: z.number().int().min(1).max(999_999_999_999) }),
      success: { status: 200, description: 'The settings after the change', schema: librarySettingsAnswer },
      handle: async ({ req, params, body }) => {
        await librarySettings.setNextNumber(req.actor, params.id, params.code, body.nextNumber);
        return settingsView(req, params.id);
      },
    }),
    endpoint({
      method: 'get',
      path: '/library/organisations/:id/author-mark',
      tag,
      summary: 'The author mark the school’s rule gives a work (for forms that show it as one types)',
      signedIn: true,
      params: idParams,
      query: z.object({ creator: z.string().max(300).optional(), title: z.string().max(500).default('') }),
      success: { status: 200, description: 'The mark', schema: z.object({ authorMark: z.string().nullable() }) },
      handle: async ({ req, params, query }) => {
        const settings = await librarySettings.load(req.actor, params.id, 'catalogue');
        return {
          body: { authorMark: authorMark(settings.authorMark, query.creator ? [query.creator] : [], query.title) },
        };
      },
    }),
  ];
}

/** Finding a copy, who holds a title, a school's copies of a title, adding copies. */
function holdingsEndpoints(services: Services, { copyView, holdingsView }: LibraryViews): Endpoint[] {
  const { copies } = services;
  return [
    endpoint({
      method: 'get',
      path: '/library/organisations/:id/copies',
      tag,
      summary: 'Find a copy of the school by barcode (as a desk scanner types it) or by accession number',
      signedIn: true,
      params: idParams,
      query: z.union([
        z.object({ barcode: z.string().trim().min(1).max(40) }),
        z.object({ accession: z.string().trim().min(1).max(40) }),
      ]),
      success: { status: 200, description: 'The copy', schema: copyAnswer },
      handle: async ({ req, params, query }) =>
        copyView(
          req,
          'barcode' in query
            ? await copies.byBarcode(req.actor, params.id, query.barcode)
            : await copies.byAccession(req.actor, params.id, query.accession),
        ),
    }),
    endpoint({
      method: 'get',
      path: '/resources/:id/holdings',
      tag,
      summary: 'Which schools hold copies of a printed title, how many, and how many are on the shelf now',
      signedIn: false,
      params: idParams,
      success: { status: 200, description: 'Per school, by name', schema: holdingsAnswer },
      handle: async ({ req, params }) => ({
        body: await holdingsView(req, await copies.holdingsOf(req.actor, params.id)),
      }),
    }),
    endpoint({
      method: 'get',
      path: '/resources/:id/copies',
      tag,
      summary: 'The copies of a title one school owns, in accession order (staff of that school)',
      signedIn: true,
      params: idParams,
      query: z.object({ orgId: objectId }),
      success: { status: 200, description: 'Every copy', schema: copiesAnswer },
      handle: async ({ req, params, query }) => {
        const list = await copies.ofTitle(req.actor, params.id, query.orgId);
        const items = await Promise.all(list.map(async (c) => (await copyView(req, c)).body));
        return { body: { items, total: items.length } };
      },
    }),
    endpoint({
      method: 'post',
      path: '/resources/:id/copies',
      tag,
      summary:
        'Add copies of a printed title in one action: a count (next free accession numbers) or a range, in one ' +
        'intake batch',
      signedIn: true,
      params: idParams,
      body: addCopiesSchema,
      success: { status: 201, description: 'The batch and the new copies', schema: addedCopiesAnswer },
      handle: async ({ req, params, body }) => {
        const added = await copies.add(req.actor, params.id, body);
        const list = await Promise.all(added.copies.map(async (c) => (await copyView(req, c)).body));
        return { body: { batch: presentIntakeBatch(added.batch, req.lang), copies: list } };
      },
    }),
  ];
}

function copyEndpoints(
  services: Services,
  copyView: (req: Request, copy: Copy) => Promise<{ body: unknown; version: number }>,
): Endpoint[] {
  const { copies } = services;
  return [
    endpoint({
      method: 'get',
      path: '/copies/:id',
      tag,
      summary: 'One copy, with its acquisition, status and history',
      signedIn: true,
      params: idParams,
      success: { status: 200, description: 'The copy; `ETag` carries its version', schema: copyAnswer },
      handle: async ({ req, params }) => copyView(req, await copies.load(req.actor, params.id)),
    }),
    endpoint({
      method: 'put',
      path: '/copies/:id',
      tag,
      summary: 'Relabel (barcode), move (location) or correct a copy; a withdrawn copy cannot change',
      signedIn: true,
      versioned: true,
      params: idParams,
      body: versioned(editCopySchema),
      success: { status: 200, description: 'The copy after the change', schema: copyAnswer },
      handle: async ({ req, params, body }) => {
        const { version, ...changes } = body;
        return copyView(req, await copies.edit(req.actor, params.id, expectedVersion(req, version), changes));
      },
    }),
    endpoint({
      method: 'post',
      path: '/copies/:id/status',
      tag,
      summary:
        'Change a copy’s status (lost, damaged, found…), if it may follow the current one; of two at once, one wins',
      signedIn: true,
      versioned: true,
      params: idParams,
      body: versioned(copyStatusSchema),
      success: { status: 200, description: 'The copy after the change', schema: copyAnswer },
      handle: async ({ req, params, body }) =>
        copyView(
          req,
          await copies.changeStatus(req.actor, params.id, expectedVersion(req, body.version), body.status, {
            note: body.note,
          }),
        ),
    }),
    endpoint({
      method: 'post',
      path: '/copies/:id/withdraw',
      tag,
      summary: 'Write a copy off (thanh lý) into a withdrawal record of its school, existing or new',
      signedIn: true,
      versioned: true,
      params: idParams,
      body: versioned(withdrawCopySchema),
      success: {
        status: 200,
        description: 'The copy and its withdrawal record',
        schema: z.object({ copy: copyAnswer, record: withdrawalRecordAnswer }),
      },
      handle: async ({ req, params, body }) => {
        const { version, ...input } = body;
        const { copy, record } = await copies.withdraw(req.actor, params.id, expectedVersion(req, version), input);
        return {
          body: { copy: (await copyView(req, copy)).body, record: presentWithdrawalRecord(record, req.lang) },
          version: copy.version,
        };
      },
    }),
  ];
}

/** One part of the general register through the API: its entries of a school, a new one, one entry. */
interface RegisterPart<E, B extends z.ZodType> {
  /** `intake-batches` or `withdrawal-records`. */
  path: string;
  summaries: { list: string; create: string; one: string };
  body: B;
  answer: z.ZodType;
  list(actor: Request['actor'], orgId: string): Promise<E[]>;
  create(actor: Request['actor'], orgId: string, input: z.output<B>): Promise<E>;
  one(actor: Request['actor'], id: string): Promise<E>;
  present(entry: E, lang: Request['lang']): unknown;
}

function registerPartEndpoints<E, B extends z.ZodType>(part: RegisterPart<E, B>): Endpoint[] {
  return [
    endpoint({
      method: 'get',
      path: `/library/organisations/:id/${part.path}`,
      tag,
      summary: part.summaries.list,
      signedIn: true,
      params: idParams,
      success: { status: 200, description: 'Every entry, newest first', schema: z.array(part.answer) },
      handle: async ({ req, params }) => ({
        body: (await part.list(req.actor, params.id)).map((e) => part.present(e, req.lang)),
      }),
    }),
    endpoint({
      method: 'post',
      path: `/library/organisations/:id/${part.path}`,
      tag,
      summary: part.summaries.create,
      signedIn: true,
      params: idParams,
      body: part.body,
      success: { status: 201, description: 'The new entry', schema: part.answer },
      handle: async ({ req, params, body }) => ({
        body: part.present(await part.create(req.actor, params.id, body as z.output<B>), req.lang),
      }),
    }),
    endpoint({
      method: 'get',
      path: `/library/${part.path}/:id`,
      tag,
      summary: part.summaries.one,
      signedIn: true,
      params: idParams,
      success: { status: 200, description: 'The entry', schema: part.answer },
      handle: async ({ req, params }) => ({ body: part.present(await part.one(req.actor, params.id), req.lang) }),
    }),
  ];
}

function registerEndpoints(services: Services): Endpoint[] {
  const { registers } = services;
  return [
    ...registerPartEndpoints({
      path: 'intake-batches',
      summaries: {
        list: 'The general register, part I: intake batches of the school, newest first',
        create: 'Open an intake batch (an entry of the general register) to add copies of several titles into',
        one: 'One intake batch',
      },
      body: intakeBatchSchema,
      answer: intakeBatchAnswer,
      list: (actor, orgId) => registers.intakeBatches(actor, orgId),
      create: (actor, orgId, input) => registers.createIntakeBatch(actor, orgId, input),
      one: (actor, id) => registers.intakeBatch(actor, id),
      present: presentIntakeBatch,
    }),
    ...registerPartEndpoints({
      path: 'withdrawal-records',
      summaries: {
        list: 'The general register, part II: withdrawal records of the school, newest first',
        create: 'Open a withdrawal record (biên bản thanh lý) to write copies off into',
        one: 'One withdrawal record',
      },
      body: withdrawalRecordSchema,
      answer: withdrawalRecordAnswer,
      list: (actor, orgId) => registers.withdrawalRecords(actor, orgId),
      create: (actor, orgId, input) => registers.createWithdrawalRecord(actor, orgId, input),
      one: (actor, id) => registers.withdrawalRecord(actor, id),
      present: presentWithdrawalRecord,
    }),
  ];
}
