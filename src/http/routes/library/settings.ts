/** A school library's settings page: collections and their numbering, locations, the author-mark rule, the scheme. */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { forbidden, notFound } from '../../../domain/errors.js';
import { canOnLibrary } from '../../../policies/library.js';
import { presentSettingsForm } from '../../../presenters/librarySettingsPage.js';
import type { Services } from '../../../services/index.js';
import { settingsInputOf, settingsValuesOf } from '../../forms/librarySettings.js';
import { librarySettingsSchema } from '../../schemas/library.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { withFormErrors, type FormErrors } from './shared.js';

const versionForm = z.object({ version: z.coerce.number().int().min(0) });
const nextNumberForm = z.object({
  code: z.string().max(20),
  nextNumber: z.coerce.number().int().min(1).max(999_999_999_999),
});

export function settingsPages(services: Services): Router {
  const { librarySettings, tree } = services;
  const router = Router();

  const schoolId = (req: Request) => {
    const orgId = parse(objectId, req.params.orgId, req);
    if (!tree.get(orgId)) throw notFound();
    if (!canOnLibrary(req.actor, 'configure', orgId, tree)) throw forbidden();
    return orgId;
  };

  const render = async (
    req: Request,
    res: Response,
    orgId: string,
    status = 200,
    values?: Record<string, unknown>,
    errors: FormErrors = {},
    saved = false,
  ) => {
    const stored = await librarySettings.load(req.actor, orgId, 'configure');
    const next = await librarySettings.nextNumbers(req.actor, orgId);
    res.status(status).render('pages/library-settings', {
      title: req.t('library.pages.settings.title', { name: tree.get(orgId)!.name }),
      org: tree.get(orgId),
      version: stored.version,
      form: presentSettingsForm(stored, values ?? settingsValuesOf(stored), errors, next, req.lang),
      errors,
      hasErrors: Object.keys(errors).length > 0,
      saved,
    });
  };

  router.get(
    '/library/schools/:orgId/settings',
    page(async (req, res) => render(req, res, schoolId(req), 200, undefined, {}, req.query.saved === '1')),
  );

  router.post(
    '/library/schools/:orgId/settings',
    page(async (req, res) => {
      const orgId = schoolId(req);
      const { version } = parse(versionForm, req.body, req);
      const body = req.body as Record<string, unknown>;
      const outcome = await withFormErrors(
        req,
        async () =>
          librarySettings.update(req.actor, orgId, version, parse(librarySettingsSchema, settingsInputOf(body), req)),
        (path) => path,
      );
      if (!outcome.ok) return render(req, res, orgId, outcome.status, body, outcome.errors);
      res.redirect(303, `/library/schools/${orgId}/settings?saved=1`);
    }),
  );

  router.post(
    '/library/schools/:orgId/settings/next-number',
    page(async (req, res) => {
      const orgId = schoolId(req);
      const form = parse(nextNumberForm, req.body, req);
      const outcome = await withFormErrors(
        req,
        async () => librarySettings.setNextNumber(req.actor, orgId, form.code, form.nextNumber),
        () => '_',
      );
      if (!outcome.ok) return render(req, res, orgId, outcome.status, undefined, outcome.errors);
      res.redirect(303, `/library/schools/${orgId}/settings?saved=1`);
    }),
  );

  return router;
}
