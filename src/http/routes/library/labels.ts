/**
 * The labels page of a school library: list copies by a range of accession numbers or an intake
 * batch, tick the ones to print, choose barcode or spine labels, the sheet and the first free
 * position on it (a grid of the sheet), and get the PDF. Plain forms: it works without JavaScript.
 */
import { Router, type Request, type Response } from 'express';
import type { LabelCopy, LabelKind } from '../../../domain/labelSheet.js';
import { labelKinds } from '../../../domain/labelSheet.js';
import { presentIntakeBatch } from '../../../presenters/copy.js';
import { presentLabelCopies, presentSheetChoices, presentSheetGrid } from '../../../presenters/labels.js';
import type { Services } from '../../../services/index.js';
import type { LabelSelection } from '../../../services/library/labels.js';
import { labelsPrint, labelsQuery } from '../../schemas/labels.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { withFormErrors, type FormErrors } from './shared.js';

interface Shown {
  kind: LabelKind;
  sheet: string;
  start: number;
  from: string;
  to: string;
  batch?: string;
  copies: LabelCopy[] | null;
  chosen?: readonly string[];
  status?: number;
  errors?: FormErrors;
}

export function labelPages(services: Services): Router {
  const router = Router();
  labelListRoute(router, services);
  labelPrintRoute(router, services);
  return router;
}

const orgIdOf = (req: Request) => parse(objectId, req.params.orgId, req);

/** The labels page with what was asked, the copies found, and the problems. */
async function renderLabels(
  { labels, tree }: Services,
  req: Request,
  res: Response,
  orgId: string,
  shown: Shown,
): Promise<void> {
  const sheets = labels.sheets();
  const sheet = sheets.find((s) => s.code === shown.sheet) ?? sheets[0]!;
  const { batches } = await labels.options(req.actor, orgId);
  const chosen = shown.chosen ? new Set(shown.chosen) : null;
  res.status(shown.status ?? 200).render('pages/library-labels', {
    title: req.t('labels.title'),
    org: tree.get(orgId),
    values: { ...shown, sheet: sheet.code },
    kinds: labelKinds.map((k) => ({ value: k, label: req.t(`labels.kind.${k}`), selected: k === shown.kind })),
    sheets: presentSheetChoices(sheets, sheet.code, req.lang),
    batches: batches.map((b) => ({ ...presentIntakeBatch(b, req.lang), selected: b.id === shown.batch })),
    grid: presentSheetGrid(sheet, shown.start),
    copies: shown.copies
      ? presentLabelCopies(shown.copies).map((c) => ({ ...c, checked: !chosen || chosen.has(c.id) }))
      : null,
    errors: shown.errors ?? {},
    hasErrors: Object.keys(shown.errors ?? {}).length > 0,
  });
}

/** The copies asked for: an intake batch, a range of accession numbers (one end is enough), or none yet. */
function selectionOf(query: { batch?: string; from: string; to: string }): LabelSelection | null {
  if (query.batch) return { batchId: query.batch };
  if (query.from || query.to) return { range: { from: query.from || query.to, to: query.to || query.from } };
  return null;
}

/** The page, listing the copies of a batch or a range to choose from. */
function labelListRoute(router: Router, services: Services): void {
  const { labels } = services;
  router.get(
    '/library/schools/:orgId/labels',
    page(async (req, res) => {
      const orgId = orgIdOf(req);
      const query = parse(labelsQuery, req.query, req);
      const selection = selectionOf(query);
      const shown: Shown = { ...query, sheet: query.sheet ?? labels.sheets()[0]!.code, copies: null };
      if (!selection) return renderLabels(services, req, res, orgId, shown);
      const found = await withFormErrors(
        req,
        () => labels.copiesFor(req.actor, orgId, selection),
        (f) => f,
      );
      if (found.ok) return renderLabels(services, req, res, orgId, { ...shown, copies: found.value });
      await renderLabels(services, req, res, orgId, { ...shown, status: found.status, errors: found.errors });
    }),
  );
}

/** The labels of the copies ticked, as a PDF; or the page again with the problems. */
function labelPrintRoute(router: Router, services: Services): void {
  const { labels } = services;
  router.post(
    '/library/schools/:orgId/labels',
    page(async (req, res) => {
      const orgId = orgIdOf(req);
      const form = parse(labelsPrint, req.body, req);
      const run = { selection: { copyIds: form.copy }, kind: form.kind, sheet: form.sheet, start: form.start };
      const printed = await withFormErrors(
        req,
        () => labels.pdf(req.actor, orgId, run),
        (f) => f,
      );
      if (printed.ok) {
        res.setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Disposition', `inline; filename="labels-${form.kind}-${printed.value.count}.pdf"`);
        res.setHeader('Cache-Control', 'no-store');
        res.send(printed.value.pdf);
        return;
      }
      const copies = form.copy.length ? await labels.copiesFor(req.actor, orgId, { copyIds: form.copy }) : null;
      await renderLabels(services, req, res, orgId, {
        ...form,
        from: '',
        to: '',
        copies,
        chosen: form.copy,
        status: printed.status,
        errors: printed.errors,
      });
    }),
  );
}
