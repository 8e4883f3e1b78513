/** A copy's page: its details and history, and the librarian's actions (status, withdrawal, relabel/move/edit). */
import { Router, type Request, type Response } from 'express';
import type { Copy } from '../../../domain/copy.js';
import { presentCopy, presentCopyFormChoices, presentWithdrawalRecord } from '../../../presenters/copy.js';
import type { Services } from '../../../services/index.js';
import {
  copyStatusFields,
  editCopyFields,
  editCopyInputOf,
  withdrawFieldOf,
  withdrawFields,
  withdrawInputOf,
} from '../../forms/copy.js';
import { copyStatusSchema, editCopySchema, withdrawCopySchema } from '../../schemas/library.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { withFormErrors, type FormErrors } from './shared.js';

type Section = 'status' | 'withdraw' | 'edit';
interface Shown {
  status?: number;
  errors?: Partial<Record<Section, FormErrors>>;
  values?: Partial<Record<Section, Record<string, unknown>>>;
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

export function copyPages(services: Services): Router {
  const router = Router();
  router.get(
    '/library/copies/:id',
    page(async (req, res) => renderCopy(services, req, res, await services.copies.load(req.actor, copyId(req)))),
  );
  copyActionRoutes(router, services);
  return router;
}

const copyId = (req: Request) => parse(objectId, req.params.id, req);

/** The copy's page, with the forms of its actions (what was typed and the problems, after a refusal). */
async function renderCopy(services: Services, req: Request, res: Response, copy: Copy, shown: Shown = {}) {
  const { copies, registers, tree } = services;
  const { title, settings } = await copies.surroundings(req.actor, copy);
  const view = presentCopy(copy, title, settings, tree, req.actor, req.lang);
  const records = view.permissions.withdraw ? await registers.withdrawalRecords(req.actor, copy.orgId) : [];
  res.status(shown.status ?? 200).render('pages/library-copy', {
    title: req.t('library.pages.copy.title', { accession: copy.accessionNumber }),
    copy: view,
    frozen: copy.status === 'withdrawn',
    canWithdraw: view.permissions.withdraw && ['available', 'lost', 'damaged'].includes(copy.status),
    records: records.map((r) => presentWithdrawalRecord(r, req.lang)),
    ...presentCopyFormChoices(copy, settings, req.lang),
    errors: shown.errors ?? {},
    values: { withdraw: { recordDate: today() }, ...shown.values },
  });
}

/** The copy's actions: status, withdrawal, and editing its labels and place. */
function copyActionRoutes(router: Router, services: Services): void {
  const { copies } = services;
  /** Runs one of the page's actions; on a refusal, the page again with the form's errors and what was typed. */
  const action = (section: Section, act: (req: Request, id: string) => Promise<unknown>, fieldOf = (p: string) => p) =>
    page(async (req, res) => {
      const id = copyId(req);
      const outcome = await withFormErrors(req, () => act(req, id), fieldOf);
      if (outcome.ok) return res.redirect(303, `/library/copies/${id}`);
      await renderCopy(services, req, res, await copies.load(req.actor, id), {
        status: outcome.status,
        errors: { [section]: outcome.errors },
        values: { [section]: req.body as Record<string, unknown> },
      });
    });

  router.post(
    '/library/copies/:id/status',
    action('status', async (req, id) => {
      const form = parse(copyStatusFields, req.body, req);
      const input = parse(copyStatusSchema, { status: form.status, note: form.note || null }, req);
      return copies.changeStatus(req.actor, id, form.version, input.status, { note: input.note });
    }),
  );

  router.post(
    '/library/copies/:id/withdraw',
    action(
      'withdraw',
      async (req, id) => {
        const form = parse(withdrawFields, req.body, req);
        return copies.withdraw(req.actor, id, form.version, parse(withdrawCopySchema, withdrawInputOf(form), req));
      },
      withdrawFieldOf,
    ),
  );

  router.post(
    '/library/copies/:id/edit',
    action('edit', async (req, id) => {
      const form = parse(editCopyFields, req.body, req);
      return copies.edit(req.actor, id, form.version, parse(editCopySchema, editCopyInputOf(form), req));
    }),
  );
}
