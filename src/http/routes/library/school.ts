/**
 * A school library's own pages: the library's home (figures, find a copy by barcode or accession
 * number, links), and its general register: intake batches and withdrawal records with their copies.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { copyStatuses, type Copy, type RegisterEntry } from '../../../domain/copy.js';
import { DomainError, forbidden, notFound } from '../../../domain/errors.js';
import { canOnLibrary, type LibraryAction } from '../../../policies/library.js';
import {
  collectionLabel,
  locationLabel,
  presentIntakeBatch,
  presentWithdrawalRecord,
} from '../../../presenters/copy.js';
import type { Services } from '../../../services/index.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { librarySchools } from './shared.js';

const findQuery = z.object({ code: z.string().trim().max(40).optional().default('') });

export function schoolPages(services: Services): Router {
  const { copies, holdings, librarySettings, registers, search, tree } = services;
  const router = Router();

  const schoolOf = (req: Request, action: LibraryAction) => {
    const orgId = parse(objectId, req.params.orgId, req);
    const org = tree.get(orgId);
    if (!org) throw notFound();
    if (!canOnLibrary(req.actor, action, orgId, tree)) throw forbidden();
    return org;
  };

  router.get(
    '/library',
    page(async (req, res) => {
      const schools = librarySchools(req, tree, 'viewCopies');
      if (!schools.length) throw forbidden();
      if (schools.length === 1) return res.redirect(303, `/library/schools/${schools[0]!.id}`);
      res.render('pages/library-index', { title: req.t('library.pages.home.title'), schools });
    }),
  );

  const renderHome = async (req: Request, res: Response, status = 200, findError: string | null = null, code = '') => {
    const org = schoolOf(req, 'viewCopies');
    const totals = holdings.ofSchool(org.id);
    const manages = canOnLibrary(req.actor, 'manageCopies', org.id, tree);
    const batches = manages ? (await registers.intakeBatches(req.actor, org.id)).slice(0, 5) : [];
    res.status(status).render('pages/library-school', {
      title: req.t('library.pages.home.schoolTitle', { name: org.name }),
      org,
      totals: {
        titles: totals.titles,
        statuses: copyStatuses.map((s) => ({ label: req.t(`library.status.${s}`), count: totals.byStatus[s] })),
      },
      manages,
      batches: batches.map((b) => presentIntakeBatch(b, req.lang)),
      findError,
      code,
    });
  };

  router.get(
    '/library/schools/:orgId',
    page(async (req, res) => renderHome(req, res)),
  );

  router.get(
    '/library/schools/:orgId/find',
    page(async (req, res) => {
      const org = schoolOf(req, 'viewCopies');
      const { code } = parse(findQuery, req.query, req);
      const found = code
        ? ((await orNotFound(copies.byBarcode(req.actor, org.id, code))) ??
          (await orNotFound(copies.byAccession(req.actor, org.id, code))))
        : null;
      if (found) return res.redirect(303, `/library/copies/${found.id}`);
      await renderHome(req, res, 404, req.t('library.pages.home.notFound', { code }), code);
    }),
  );

  /** Copies of a register entry, with their titles from the search index's cards. */
  const copyRows = async (req: Request, orgId: string, list: Copy[]) => {
    const settings = await librarySettings.settingsOf(orgId);
    const titles = await search.cards([...new Set(list.map((c) => c.resourceId))]);
    const lang = req.lang;
    return list.map((c) => ({
      id: c.id,
      url: `/library/copies/${c.id}`,
      accessionNumber: c.accessionNumber,
      title: titles.get(c.resourceId)?.title ?? '',
      titleUrl: `/resources/${c.resourceId}`,
      collection: collectionLabel(settings, c.collectionCode, lang).label,
      location: locationLabel(settings, c.location, lang).label,
      price: c.acquisition.price,
      statusLabel: req.t(`library.status.${c.status}`),
    }));
  };

  /** One part of the general register: a school's entries, and one entry with its copies. */
  const registerPart = <E extends RegisterEntry>(part: {
    list: 'batches' | 'withdrawals';
    detail: 'batch' | 'withdrawal';
    entries: (actor: Request['actor'], orgId: string) => Promise<E[]>;
    withCopies: (actor: Request['actor'], id: string) => Promise<{ entry: E; copies: Copy[] }>;
    present: (entry: E, lang: Request['lang']) => unknown;
  }) => {
    router.get(
      `/library/schools/:orgId/${part.list}`,
      page(async (req, res) => {
        const org = schoolOf(req, 'viewRegisters');
        res.render(`pages/library-${part.list}`, {
          title: req.t(`library.pages.${part.list}.title`, { name: org.name }),
          org,
          entries: (await part.entries(req.actor, org.id)).map((e) => part.present(e, req.lang)),
        });
      }),
    );
    router.get(
      `/library/${part.list}/:id`,
      page(async (req, res) => {
        const { entry, copies: list } = await part.withCopies(req.actor, parse(objectId, req.params.id, req));
        res.render(`pages/library-${part.detail}`, {
          title: req.t(`library.pages.${part.detail}.title`, { number: entry.number }),
          org: tree.get(entry.orgId),
          entry: part.present(entry, req.lang),
          copies: await copyRows(req, entry.orgId, list),
          manages: canOnLibrary(req.actor, 'manageCopies', entry.orgId, tree),
        });
      }),
    );
  };
  registerPart({
    list: 'batches',
    detail: 'batch',
    entries: (actor, orgId) => registers.intakeBatches(actor, orgId),
    withCopies: (actor, id) => registers.intakeBatchWithCopies(actor, id),
    present: presentIntakeBatch,
  });
  registerPart({
    list: 'withdrawals',
    detail: 'withdrawal',
    entries: (actor, orgId) => registers.withdrawalRecords(actor, orgId),
    withCopies: (actor, id) => registers.withdrawalRecordWithCopies(actor, id),
    present: presentWithdrawalRecord,
  });

  return router;
}

/** The copy a lookup finds, or null when there is none. */
async function orNotFound(lookup: Promise<Copy>): Promise<Copy | null> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') return null;
    throw err;
  }
}
