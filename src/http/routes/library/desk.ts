/**
 * The desk page, built for keyboard-wedge scanners: one field that takes every scan (a card, then
 * books to lend; a book alone to take back), the answer shown at once, the patron being served and
 * what they have out. Without JavaScript it is a form posted per scan; with it (desk.js) the same
 * scans go to the API and the page answers in place with a beep.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { DomainError } from '../../../domain/errors.js';
import type { ConfirmReason } from '../../../domain/loan.js';
import { deskMessage, presentLoan, type DeskMessage } from '../../../presenters/loan.js';
import { titlesOf } from '../../titles.js';
import type { Services } from '../../../services/index.js';
import { presentFields } from '../../../web/errors.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { returnConditions, type ReturnAs } from '../../../domain/deskCharge.js';

const confirmReasons = ['held_for_other', 'patron_has_overdues'] as const;
const scanForm = z.object({
  code: z.string().trim().max(40).default(''),
  patronId: z.union([objectId, z.literal('')]).default(''),
  confirm: z
    .union([z.enum(confirmReasons), z.array(z.enum(confirmReasons))])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  returnAs: z.enum(returnConditions).default('good'),
  note: z.string().trim().max(500).default(''),
});
const servingQuery = z.object({ patron: objectId.optional() });
const cardsQuery = z.object({
  people: z
    .string()
    .max(25 * 500)
    .optional()
    .transform((v) => (v ? v.split(',') : null))
    .pipe(z.array(objectId).max(500).nullable()),
});

interface Shown {
  message: DeskMessage | null;
  reasons: { field: string; message: string }[];
  confirms: { code: string; message: string }[];
  code: string;
  /** Kept only when the scan was refused for a missing note, so that the librarian adds it. */
  returnAs?: ReturnAs;
  note?: string;
  noteError?: string;
}

const nothingShown: Shown = { message: null, reasons: [], confirms: [], code: '' };

async function renderDesk(
  services: Services,
  req: Request,
  res: Response,
  view: { status: number; patronId: string | null; shown: Shown },
) {
  const orgId = parse(objectId, req.params.orgId, req);
  services.patrons.requireDesk(req.actor, orgId);
  const serving = view.patronId ? await services.desk.serving(req.actor, orgId, view.patronId) : null;
  const titleOf = await titlesOf(services.search, serving?.loans ?? []);
  res.status(view.status).render('pages/library-desk', {
    title: req.t('desk.title'),
    org: services.tree.get(orgId),
    patron: serving && {
      ...serving.patron,
      typeLabel: req.t(`desk.patronType.${serving.patron.type}`),
    },
    loans: serving?.loans.map((l) => presentLoan(l, titleOf, req.lang)) ?? [],
    patronClass: serving && (await services.schoolClasses.currentClassOf(orgId, serving.patron.id)),
    ...view.shown,
    returnAs: returnConditions.map((code) => ({
      code,
      label: req.t(`desk4.scan.${code}`),
      checked: code === (view.shown.returnAs ?? 'good'),
    })),
    tone: view.shown.message?.tone ?? '',
  });
}

export function deskPages(services: Services): Router {
  const router = Router();
  router.get(
    '/library/schools/:orgId/desk',
    page(async (req, res) => {
      const { patron } = parse(servingQuery, req.query, req);
      await renderDesk(services, req, res, { status: 200, patronId: patron ?? null, shown: nothingShown });
    }),
  );
  router.get('/library/schools/:orgId/cards.pdf', page(libraryCardsPdf(services)));
  router.post('/library/schools/:orgId/desk', page(scanAtDesk(services)));
  return router;
}

function libraryCardsPdf(services: Services) {
  return async (req: Request, res: Response) => {
    const orgId = parse(objectId, req.params.orgId, req);
    const { people } = parse(cardsQuery, req.query, req);
    const { pdf } = await services.libraryCards.sheet(req.actor, orgId, people, req.lang);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', 'inline; filename="the-thu-vien.pdf"');
    res.send(pdf);
  };
}

/** One scan posted without JavaScript: the same service as the API, the answer on the page. */
function scanAtDesk(services: Services) {
  return async (req: Request, res: Response) => {
    const orgId = parse(objectId, req.params.orgId, req);
    const form = parse(scanForm, req.body, req);
    const patronId = form.patronId || null;
    if (!form.code) return renderDesk(services, req, res, { status: 200, patronId, shown: nothingShown });
    try {
      const result = await services.desk.scan(req.actor, orgId, {
        code: form.code,
        patronId,
        confirmed: form.confirm as ConfirmReason[],
        returnAs: form.returnAs,
        note: form.note || null,
      });
      const message = deskMessage(
        result,
        await titlesOf(services.search, [result.kind === 'patron' ? null : result.copy]),
        req.lang,
      );
      const serving = result.kind === 'returned' ? null : result.patron.id;
      await renderDesk(services, req, res, { status: 200, patronId: serving, shown: { ...nothingShown, message } });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation')
        return renderDesk(services, req, res, { status: 400, patronId, shown: needsNote(req, err, form) });
      if (!(err instanceof DomainError) || (err.code !== 'not_found' && err.code !== 'conflict')) throw err;
      const status = err.code === 'not_found' ? 404 : 409;
      await renderDesk(services, req, res, { status, patronId, shown: refused(req, err, form.code) });
    }
  };
}

/** A refused scan: an unknown code, or the reasons that block a loan and those to confirm. */
function refused(req: Request, err: DomainError, code: string): Shown {
  if (err.code === 'not_found')
    return {
      message: { tone: 'error', text: req.t('desk.scan.unknown', { code }) },
      reasons: [],
      confirms: [],
      code: '',
    };
  const fields = presentFields(err.fields, req.t);
  const reasons = fields.filter((f) => f.field.startsWith('block.'));
  const confirms = fields
    .filter((f) => f.field.startsWith('confirm.'))
    .map((f) => ({ code: f.field.slice('confirm.'.length), message: f.message }));
  const tone = reasons.length ? 'error' : 'warn';
  // A loan to confirm keeps the code, so that the confirming form sends it again.
  return {
    message: { tone, text: req.t(err.messageKey, err.params) },
    reasons,
    confirms,
    code: reasons.length ? '' : code,
  };
}

/** A damaged or lost return refused for its note: the choice and code stay, the note's error beside it. */
function needsNote(req: Request, err: DomainError, form: z.infer<typeof scanForm>): Shown {
  const noteError = presentFields(err.fields, req.t).find((f) => f.field === 'note')?.message;
  return {
    message: { tone: 'error', text: req.t(err.messageKey, err.params) },
    reasons: [],
    confirms: [],
    code: form.code,
    returnAs: form.returnAs,
    note: form.note,
    noteError,
  };
}
