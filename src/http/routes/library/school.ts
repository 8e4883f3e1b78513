/**
 * A school library's own pages: the library's home (figures, find a copy by barcode or accession
 * number, links), and its general register: intake batches and withdrawal records with their copies.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { copyStatuses, type Copy } from '../../../domain/copy.js';
import { DomainError, forbidden, notFound } from '../../../domain/errors.js';
import { canOnLibrary, type LibraryAction } from '../../../policies/library.js';
import {
  collectionLabel,
  locationLabel,
  presentIntakeBatch,
  presentWithdrawalRecord,
} from '../../../presenters/copy.js';
import type { Services } from '../../../services/index.js';
import { objectId, parse } from '../../validate.js';
import { page } from '../page.js';
import { librarySchools } from './shared.js';

const findQuery = z.object({ code: z.string().trim().max(40).optional().default('') });

export function schoolPages(services: Services): Router {
  const { copies, holdings, librarySettings, registers, catalogue, tree } = services;
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

  /** Copies of a register entry, with their titles from the catalogue index. */
  const copyRows = async (req: Request, orgId: string, list: Copy[]) => {
    const settings = await librarySettings.settingsOf(orgId);
    const lang = req.lang;
    return list.map((c) => ({
      id: c.id,
      url: `/library/copies/${c.id}`,
      accessionNumber: c.accessionNumber,
      title: catalogue.index.get(c.resourceId)?.metadata.title ?? '',
      titleUrl: `/resources/${c.resourceId}`,
      collection: collectionLabel(settings, c.collectionCode, lang).label,
      location: locationLabel(settings, c.location, lang).label,
      price: c.acquisition.price,
      statusLabel: req.t(`library.status.${c.status}`),
    }));
  };

  router.get(
    '/library/schools/:orgId/batches',
    page(async (req, res) => {
      const org = schoolOf(req, 'viewRegisters');
      res.render('pages/library-batches', {
        title: req.t('library.pages.batches.title', { name: org.name }),
        org,
        batches: (await registers.intakeBatches(req.actor, org.id)).map((b) => presentIntakeBatch(b, req.lang)),
      });
    }),
  );

  router.get(
    '/library/batches/:id',
    page(async (req, res) => {
      const { batch, copies: list } = await registers.intakeBatchWithCopies(
        req.actor,
        parse(objectId, req.params.id, req),
      );
      res.render('pages/library-batch', {
        title: req.t('library.pages.batch.title', { number: batch.number }),
        org: tree.get(batch.orgId),
        batch: presentIntakeBatch(batch, req.lang),
        copies: await copyRows(req, batch.orgId, list),
      });
    }),
  );

  router.get(
    '/library/schools/:orgId/withdrawals',
    page(async (req, res) => {
      const org = schoolOf(req, 'viewRegisters');
      res.render('pages/library-withdrawals', {
        title: req.t('library.pages.withdrawals.title', { name: org.name }),
        org,
        records: (await registers.withdrawalRecords(req.actor, org.id)).map((r) =>
          presentWithdrawalRecord(r, req.lang),
        ),
      });
    }),
  );

  router.get(
    '/library/withdrawals/:id',
    page(async (req, res) => {
      const { record, copies: list } = await registers.withdrawalRecordWithCopies(
        req.actor,
        parse(objectId, req.params.id, req),
      );
      res.render('pages/library-withdrawal', {
        title: req.t('library.pages.withdrawal.title', { number: record.number }),
        org: tree.get(record.orgId),
        record: presentWithdrawalRecord(record, req.lang),
        copies: await copyRows(req, record.orgId, list),
      });
    }),
  );

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
