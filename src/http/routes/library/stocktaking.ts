/**
 * Stocktaking pages: a school's sessions and opening one, the scan page (a keyboard-wedge scanner
 * types a code then Enter; or a phone camera with the browser's barcode detection), the result
 * with the progress, closing, writing missing copies off, and the record as PDF or XLSX. Every
 * form posts without JavaScript; with it (stocktaking-scan.js) scans go to the API and answer in place.
 */
import { Router, type Request, type Response } from 'express';
import { DomainError } from '../../../domain/errors.js';
import { localDay } from '../../../domain/schoolCalendar.js';
import type { ScanOutcome, StocktakingSession } from '../../../domain/stocktaking.js';
import {
  presentLocationChoices,
  presentProgress,
  presentResult,
  presentSession,
  presentWriteOffRecord,
  scanMessage,
} from '../../../presenters/stocktaking.js';
import type { Services } from '../../../services/index.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { closeForm, openSessionForm, scanForm, scanMode, writeOffForm } from '../../schemas/stocktaking.js';
import { withFormErrors, type FormErrors } from './shared.js';

interface ScanShown {
  status?: number;
  message?: { outcome: ScanOutcome | null; tone: string; text: string } | null;
}

/** What the stocktaking pages share. */
interface StocktakingPages {
  services: Services;
  idOf(req: Request): string;
  renderList(req: Request, res: Response, orgId: string, status?: number, errors?: FormErrors): Promise<void>;
  renderScan(req: Request, res: Response, session: StocktakingSession, shown?: ScanShown): Promise<void>;
}

export function stocktakingPages(services: Services): Router {
  const { stocktaking, librarySettings, tree } = services;
  const router = Router();
  const pages: StocktakingPages = {
    services,
    idOf: (req) => parse(objectId, req.params.id, req),

    async renderList(req, res, orgId, status = 200, errors = {}) {
      const sessions = await stocktaking.sessionsOf(req.actor, orgId);
      const settings = await librarySettings.settingsOf(orgId);
      res.status(status).render('pages/library-stocktaking-list', {
        title: req.t('stocktaking.title'),
        org: tree.get(orgId),
        sessions: sessions.map((s) => presentSession(s, settings, req.lang)),
        locations: presentLocationChoices(settings, req.lang),
        errors,
        values: req.body ?? {},
      });
    },

    async renderScan(req, res, session, shown = {}) {
      const { mode } = parse(scanMode, req.query, req);
      const settings = await librarySettings.settingsOf(session.orgId);
      res.status(shown.status ?? 200).render('pages/library-stocktaking-scan', {
        title: req.t(mode === 'camera' ? 'stocktaking.scan.cameraTitle' : 'stocktaking.scan.pageTitle'),
        org: tree.get(session.orgId),
        session: presentSession(session, settings, req.lang),
        progress: presentProgress(await stocktaking.progress(session), req.lang),
        camera: mode === 'camera',
        message: shown.message ?? null,
      });
    },
  };
  sessionListRoutes(router, pages);
  scanRoutes(router, pages);
  resultRoutes(router, pages);
  recordRoutes(router, pages);
  return router;
}

/** A school's sessions, and opening one. */
function sessionListRoutes(router: Router, { services, renderList }: StocktakingPages): void {
  router.get(
    '/library/schools/:orgId/stocktaking',
    page(async (req, res) => renderList(req, res, parse(objectId, req.params.orgId, req))),
  );

  router.post(
    '/library/schools/:orgId/stocktaking',
    page(async (req, res) => {
      const orgId = parse(objectId, req.params.orgId, req);
      const form = parse(openSessionForm, req.body, req);
      const opened = await withFormErrors(
        req,
        () => services.stocktaking.open(req.actor, orgId, form),
        (f) => f,
      );
      if (opened.ok) return res.redirect(303, `/library/stocktaking/${opened.value.id}/scan`);
      await renderList(req, res, orgId, opened.status, opened.errors);
    }),
  );
}

/** The scan page, and a code scanned without JavaScript. */
function scanRoutes(router: Router, { services, idOf, renderScan }: StocktakingPages): void {
  const { stocktaking, librarySettings } = services;
  router.get(
    '/library/stocktaking/:id/scan',
    page(async (req, res) => renderScan(req, res, await stocktaking.load(req.actor, idOf(req), 'scan'))),
  );

  router.post(
    '/library/stocktaking/:id/scan',
    page(async (req, res) => {
      const id = idOf(req);
      const { code } = parse(scanForm, req.body, req);
      const session = await stocktaking.load(req.actor, id, 'scan');
      if (!code) return renderScan(req, res, session);
      try {
        const answer = await stocktaking.scan(req.actor, id, code);
        const settings = await librarySettings.settingsOf(session.orgId);
        const message = scanMessage(answer.outcome, answer.code, answer.copy, settings, req.lang);
        await renderScan(req, res, session, { message });
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'conflict') throw err;
        const message = { outcome: null, tone: 'error', text: req.t(err.messageKey, err.params) };
        await renderScan(req, res, session, { status: 409, message });
      }
    }),
  );
}

/** The result with its progress, closing the session, writing missing copies off. */
function resultRoutes(router: Router, { services, idOf }: StocktakingPages): void {
  router.get(
    '/library/stocktaking/:id',
    page(async (req, res) => {
      const { session, result } = await services.stocktaking.result(req.actor, idOf(req));
      const settings = await services.librarySettings.settingsOf(session.orgId);
      const ids = [...result.missing, ...result.misplaced, ...result.onLoan].map((c) => c.resourceId);
      const cards = await services.search.cards([...new Set(ids)]);
      const record = session.writeOff?.recordId
        ? await services.registers.withdrawalRecord(req.actor, session.writeOff.recordId)
        : null;
      res.render('pages/library-stocktaking', {
        title: `${req.t('stocktaking.title')}: ${session.name}`,
        org: services.tree.get(session.orgId),
        session: presentSession(session, settings, req.lang),
        result: presentResult(result, settings, (rid) => cards.get(rid)?.title ?? '', req.lang),
        ...presentWriteOffRecord(record, req.lang),
      });
    }),
  );

  router.post(
    '/library/stocktaking/:id/close',
    page(async (req, res) => {
      const id = idOf(req);
      const { version } = parse(closeForm, req.body, req);
      await services.stocktaking.close(req.actor, id, version);
      res.redirect(303, `/library/stocktaking/${id}`);
    }),
  );

  router.post(
    '/library/stocktaking/:id/write-off',
    page(async (req, res) => {
      const id = idOf(req);
      const { copyIds } = parse(writeOffForm, req.body, req);
      await services.stocktakingWriteOff.confirm(req.actor, id, copyIds, localDay(new Date()));
      res.redirect(303, `/library/stocktaking/${id}`);
    }),
  );
}

/** The stocktaking record as PDF (to print and sign) or XLSX. */
function recordRoutes(router: Router, { services, idOf }: StocktakingPages): void {
  router.get(
    '/library/stocktaking/:id/record.pdf',
    page(async (req, res) => {
      const pdf = await services.stocktakingRecords.pdf(req.actor, idOf(req), req.lang);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', 'inline; filename="bien-ban-kiem-ke.pdf"');
      res.send(pdf);
    }),
  );

  router.get(
    '/library/stocktaking/:id/record.xlsx',
    page(async (req, res) => {
      const xlsx = await services.stocktakingRecords.xlsx(req.actor, idOf(req), req.lang);
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', 'attachment; filename="bien-ban-kiem-ke.xlsx"');
      res.send(xlsx);
    }),
  );
}
