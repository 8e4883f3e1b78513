/**
 * A librarian's page for one patron (linked from the desk and the overdue list): card, class and
 * class history, current loans with their due and overdue days, holds, a paged loan history, and
 * fines and replacements. Without JavaScript each act is a form: renew, take back here (good or
 * damaged, with a note), report lost, settle a charge. A refused act shows the page again with why.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { presentPatronRecord } from '../../../presenters/patronRecord.js';
import type { Services } from '../../../services/index.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { titlesOf } from '../../titles.js';
import { withFormErrors, type FormErrors } from './shared.js';
import { replacementWays } from '../../../domain/deskCharge.js';

const base = '/library/schools/:orgId/patrons/:personId';
const params = z.object({ orgId: objectId, personId: objectId });
const loanParams = params.extend({ loanId: objectId });
const chargeParams = params.extend({ chargeId: z.string().regex(/^[0-9a-f]{24}\.(fine|replacement)$/) });
const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  done: z.enum(['renewed', 'returned', 'damaged', 'lost', 'settled', 'newCopy']).optional(),
});
const note = z
  .string()
  .trim()
  .max(500)
  .optional()
  .transform((v) => v || null);
const returnForm = z.object({ damaged: z.literal('on').optional(), note });
const lostForm = z.object({ note });
const settleForm = z.object({
  status: z.enum(['paid', 'received', 'waived']),
  note,
  version: z.coerce.number().int().min(1),
  replacementAs: z.enum(replacementWays).default('same_number'),
});

/** The page for the patron named by the path, with what happened or why not. */
async function render(services: Services, req: Request, res: Response, status = 200, errors: FormErrors = {}) {
  const { orgId, personId } = parse(params, req.params, req);
  const query = parse(pageQuery, req.method === 'GET' ? req.query : {}, req);
  const record = await services.patronRecords.record(req.actor, orgId, personId, query.page);
  const titleOf = await titlesOf(services.search, [...record.current, ...record.history, ...record.holds]);
  res.status(status).render('pages/library-patron', {
    title: req.t('desk3.patron.title', { name: record.patron.displayName }),
    org: services.tree.get(orgId),
    ...presentPatronRecord(record, titleOf, req.lang),
    done: query.done
      ? req.t(query.done === 'newCopy' ? 'desk4.replacement.done' : `desk3.patron.done.${query.done}`)
      : null,
    errors,
    hasErrors: Object.keys(errors).length > 0,
  });
}

export function patronRecordPages(services: Services): Router {
  const { circulation, deskCharges } = services;
  const router = Router();

  /** Runs one act from the page, then shows the page again: with what happened, or with why not. */
  const act = (attempt: (req: Request) => Promise<string>) =>
    page(async (req, res) => {
      const { orgId, personId } = parse(params, req.params, req);
      const outcome = await withFormErrors(
        req,
        () => attempt(req),
        () => '_',
      );
      if (!outcome.ok) return render(services, req, res, outcome.status, outcome.errors);
      res.redirect(303, `/library/schools/${orgId}/patrons/${personId}?done=${outcome.value}`);
    });

  router.get(
    base,
    page(async (req, res) => render(services, req, res)),
  );
  router.post(
    `${base}/loans/:loanId/renew`,
    act(async (req) => {
      await circulation.renew(req.actor, parse(loanParams, req.params, req).loanId);
      return 'renewed';
    }),
  );

  router.post(
    `${base}/loans/:loanId/return`,
    act(async (req) => {
      const form = parse(returnForm, req.body, req);
      const damaged = form.damaged === 'on';
      await deskCharges.returnLoan(req.actor, parse(loanParams, req.params, req).loanId, { damaged, note: form.note });
      return damaged ? 'damaged' : 'returned';
    }),
  );

  router.post(
    `${base}/loans/:loanId/lost`,
    act(async (req) => {
      const form = parse(lostForm, req.body, req);
      await deskCharges.declareLost(req.actor, parse(loanParams, req.params, req).loanId, form.note);
      return 'lost';
    }),
  );

  router.post(
    `${base}/charges/:chargeId/settle`,
    act(async (req) => {
      const form = parse(settleForm, req.body, req);
      const { chargeId } = parse(chargeParams, req.params, req);
      await services.replacementCopies.settle(req.actor, chargeId, form.status, {
        note: form.note,
        version: form.version,
        replacementAs: form.replacementAs,
      });
      return form.replacementAs === 'new_copy' ? 'newCopy' : 'settled';
    }),
  );

  return router;
}
