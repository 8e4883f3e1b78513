/**
 * The registers page of a school library (Sổ sách) and its downloads: the general register, the
 * individual register, the loan registers of students and of teachers, and each withdrawal record,
 * as XLSX or as A4 PDF. Downloads are plain GETs streamed to the reader: a bad period is a 400 page
 * in the person's language; a failure half way through ends that download only.
 */
import { Router, type Request, type Response } from 'express';
import { invalid } from '../../../domain/errors.js';
import { schoolYearPeriod, type Period, type PrintedDocument } from '../../../domain/printedDocument.js';
import { schoolYearOf } from '../../../domain/schoolCalendar.js';
import { presentWithdrawalRecord } from '../../../presenters/copy.js';
import {
  generalRegisterDocument,
  individualRegisterDocument,
  loanRegisterDocument,
  withdrawalRecordDocument,
} from '../../../presenters/registers.js';
import type { Services } from '../../../services/index.js';
import { checkPeriod } from '../../../services/library/registerReports.js';
import { writeDocumentPdf } from '../../../services/render/documentPdf.js';
import { writeDocumentXlsx } from '../../../services/render/documentXlsx.js';
import { DownloadAborted } from '../../../services/render/streaming.js';
import { contentDisposition } from '../../../web/fileDownload.js';
import { page } from '../../../web/page.js';
import { objectId, parse } from '../../../web/validate.js';
import {
  loanRegisterKind,
  registerFormat,
  registerPeriodQuery,
  type RegisterFormat,
  type RegisterPeriodQuery,
} from '../../schemas/registers.js';

const mediaTypes: Record<RegisterFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

const BASE = '/library/schools/:orgId/registers';

export function registerPages(services: Services): Router {
  const router = Router();
  schoolRegisterRoutes(router, services);
  withdrawalRecordRoute(router, services);
  registersIndexRoute(router, services);
  return router;
}

/** The period asked for: a school year, two days, or none (`fallback`). */
async function periodOf(
  { circulationSettings }: Services,
  orgId: string,
  query: RegisterPeriodQuery,
  fallback: 'all' | 'schoolYear',
) {
  const { calendar } = await circulationSettings.settingsOf(orgId);
  if (query.year) return schoolYearPeriod(Number(query.year.slice(5)), calendar.schoolYearEnds);
  if (query.from || query.to) {
    if (!query.from) throw invalid([{ field: 'from', messageKey: 'registers.errors.badDay' }]);
    if (!query.to) throw invalid([{ field: 'to', messageKey: 'registers.errors.badDay' }]);
    return checkPeriod({ from: query.from, to: query.to });
  }
  if (fallback === 'all') return null;
  return schoolYearPeriod(Number(schoolYearOf(calendar, today()).slice(5)), calendar.schoolYearEnds);
}

/** Streams the document; an error once bytes have left ends this response only, and is logged. */
async function send(
  { log }: Services,
  req: Request,
  res: Response,
  format: RegisterFormat,
  document: PrintedDocument,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', mediaTypes[format]);
  res.setHeader('Content-Disposition', contentDisposition('attachment', `${document.name}.${format}`));
  res.setHeader('Cache-Control', 'no-store');
  try {
    await (format === 'pdf' ? writeDocumentPdf : writeDocumentXlsx)(document, res);
  } catch (err) {
    if (!res.headersSent) {
      res.removeHeader('Content-Disposition');
      throw err;
    }
    if (!(err instanceof DownloadAborted))
      log.warn({ err, url: req.originalUrl }, 'registers: a download failed half way; that response was ended');
    res.destroy();
  }
}

const orgIdOf = (req: Request) => parse(objectId, req.params.orgId, req);
const formatOf = (req: Request) => parse(registerFormat, req.params.format, req);

/** The school's registers as downloads: general, individual, loans of students or of teachers. */
function schoolRegisterRoutes(router: Router, services: Services): void {
  const { registerReports } = services;
  router.get(
    `${BASE}/general.:format`,
    page(async (req, res) => {
      const [orgId, format] = [orgIdOf(req), formatOf(req)];
      const period = await periodOf(services, orgId, parse(registerPeriodQuery, req.query, req), 'all');
      const data = await registerReports.general(req.actor, orgId, period);
      await send(services, req, res, format, generalRegisterDocument(data, req.lang, today()));
    }),
  );

  router.get(
    `${BASE}/individual.:format`,
    page(async (req, res) => {
      const [orgId, format] = [orgIdOf(req), formatOf(req)];
      const data = await registerReports.individual(req.actor, orgId);
      await send(services, req, res, format, individualRegisterDocument(data, req.lang, today()));
    }),
  );

  router.get(
    `${BASE}/loans/:kind.:format`,
    page(async (req, res) => {
      const [orgId, format] = [orgIdOf(req), formatOf(req)];
      const kind = parse(loanRegisterKind, req.params.kind, req);
      const query = parse(registerPeriodQuery, req.query, req);
      const period = (await periodOf(services, orgId, query, 'schoolYear')) as Period;
      const data = await registerReports.loans(req.actor, orgId, kind, period, query.order);
      await send(services, req, res, format, loanRegisterDocument(data, kind, period, req.lang, today()));
    }),
  );
}

/** One withdrawal record as a download. */
function withdrawalRecordRoute(router: Router, services: Services): void {
  router.get(
    '/library/withdrawals/:id/record.:format',
    page(async (req, res) => {
      const format = formatOf(req);
      const entry = await services.registers.withdrawalRecord(req.actor, parse(objectId, req.params.id, req));
      const data = await services.registerReports.withdrawal(req.actor, entry);
      await send(services, req, res, format, withdrawalRecordDocument(data, req.lang, today()));
    }),
  );
}

/** The registers page: what there is to download, for which school year. */
function registersIndexRoute(router: Router, { registerReports, registers, circulationSettings }: Services): void {
  router.get(
    BASE,
    page(async (req, res) => {
      const orgId = orgIdOf(req);
      const { school } = await registerReports.school(req.actor, orgId);
      const { calendar } = await circulationSettings.settingsOf(orgId);
      const current = Number(schoolYearOf(calendar, today()).slice(5));
      const years = [0, 1, 2, 3, 4].map((back) => `${current - back - 1}-${current - back}`);
      const records = await registers.withdrawalRecords(req.actor, orgId);
      res.render('pages/library-registers', {
        title: req.t('registers.page.title', { name: school.name }),
        org: school,
        base: `/library/schools/${orgId}/registers`,
        years: years.map((y, i) => ({ value: y, selected: i === 0 })),
        loanRegisters: [
          { kind: 'students', description: req.t('registers.page.loansStudents') },
          { kind: 'teachers', description: req.t('registers.page.loansTeachers') },
        ],
        records: records.map((r) => presentWithdrawalRecord(r, req.lang)),
      });
    }),
  );
}
