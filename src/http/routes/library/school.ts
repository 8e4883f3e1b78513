/**
 * A school library's own pages: the library's home (figures, find a copy by barcode or accession
 * number, links), and its general register: intake batches and withdrawal records with their copies.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Copy, RegisterEntry } from '../../../domain/copy.js';
import { DomainError, forbidden, notFound } from '../../../domain/errors.js';
import { canOnLibrary, type LibraryAction } from '../../../policies/library.js';
import {
  presentHoldingTotals,
  presentIntakeBatch,
  presentRegisterCopies,
  presentWithdrawalRecord,
} from '../../../presenters/copy.js';
import type { Services } from '../../../services/index.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { librarySchools } from './shared.js';

const findQuery = z.object({ code: z.string().trim().max(40).optional().default('') });

export function schoolPages(services: Services): Router {
  const router = Router();
  libraryIndexRoute(router, services);
  schoolHomeRoutes(router, services);
  registerPartRoutes(router, services, {
    list: 'batches',
    detail: 'batch',
    entries: (actor, orgId) => services.registers.intakeBatches(actor, orgId),
    withCopies: (actor, id) => services.registers.intakeBatchWithCopies(actor, id),
    present: presentIntakeBatch,
  });
  registerPartRoutes(router, services, {
    list: 'withdrawals',
    detail: 'withdrawal',
    entries: (actor, orgId) => services.registers.withdrawalRecords(actor, orgId),
    withCopies: (actor, id) => services.registers.withdrawalRecordWithCopies(actor, id),
    present: presentWithdrawalRecord,
  });
  return router;
}

/** The school of the address, if the person may do `action` in its library. */
function schoolOf(req: Request, tree: Services['tree'], action: LibraryAction) {
  const orgId = parse(objectId, req.params.orgId, req);
  const org = tree.get(orgId);
  if (!org) throw notFound();
  if (!canOnLibrary(req.actor, action, orgId, tree)) throw forbidden();
  return org;
}

/** /library: the person's one school, or the list of them. */
function libraryIndexRoute(router: Router, { tree }: Services): void {
  router.get(
    '/library',
    page(async (req, res) => {
      const schools = librarySchools(req, tree, 'viewCopies');
      if (!schools.length) throw forbidden();
      if (schools.length === 1) return res.redirect(303, `/library/schools/${schools[0]!.id}`);
      res.render('pages/library-index', { title: req.t('library.pages.home.title'), schools });
    }),
  );
}

/** The library's home, and finding a copy by barcode or accession number from it. */
function schoolHomeRoutes(router: Router, { copies, holdings, registers, tree }: Services): void {
  const renderHome = async (req: Request, res: Response, status = 200, findError: string | null = null, code = '') => {
    const org = schoolOf(req, tree, 'viewCopies');
    const manages = canOnLibrary(req.actor, 'manageCopies', org.id, tree);
    const batches = manages ? (await registers.intakeBatches(req.actor, org.id)).slice(0, 5) : [];
    res.status(status).render('pages/library-school', {
      title: req.t('library.pages.home.schoolTitle', { name: org.name }),
      org,
      totals: presentHoldingTotals(holdings.ofSchool(org.id), req.lang),
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
      const org = schoolOf(req, tree, 'viewCopies');
      const { code } = parse(findQuery, req.query, req);
      const found = code
        ? ((await orNotFound(copies.byBarcode(req.actor, org.id, code))) ??
          (await orNotFound(copies.byAccession(req.actor, org.id, code))))
        : null;
      if (found) return res.redirect(303, `/library/copies/${found.id}`);
      await renderHome(req, res, 404, req.t('library.pages.home.notFound', { code }), code);
    }),
  );
}

/** One part of the general register (intake batches, withdrawal records). */
interface RegisterPart<E extends RegisterEntry> {
  list: 'batches' | 'withdrawals';
  detail: 'batch' | 'withdrawal';
  entries: (actor: Request['actor'], orgId: string) => Promise<E[]>;
  withCopies: (actor: Request['actor'], id: string) => Promise<{ entry: E; copies: Copy[] }>;
  present: (entry: E, lang: Request['lang']) => unknown;
}

/** A school's entries of one part of the general register, and one entry with its copies. */
function registerPartRoutes<E extends RegisterEntry>(router: Router, services: Services, part: RegisterPart<E>): void {
  const { librarySettings, search, tree } = services;
  router.get(
    `/library/schools/:orgId/${part.list}`,
    page(async (req, res) => {
      const org = schoolOf(req, tree, 'viewRegisters');
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
      const settings = await librarySettings.settingsOf(entry.orgId);
      const titles = await search.cards([...new Set(list.map((c) => c.resourceId))]);
      res.render(`pages/library-${part.detail}`, {
        title: req.t(`library.pages.${part.detail}.title`, { number: entry.number }),
        org: tree.get(entry.orgId),
        entry: part.present(entry, req.lang),
        copies: presentRegisterCopies(list, settings, (id) => titles.get(id)?.title ?? '', req.lang),
        manages: canOnLibrary(req.actor, 'manageCopies', entry.orgId, tree),
      });
    }),
  );
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
