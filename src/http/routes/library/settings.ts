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

interface SettingsRender {
  status?: number;
  values?: Record<string, unknown>;
  errors?: FormErrors;
  saved?: boolean;
}

/** The school the page is for, when the actor may configure its library. */
function schoolToConfigure(services: Services, req: Request): string {
  const orgId = parse(objectId, req.params.orgId, req);
  if (!services.tree.get(orgId)) throw notFound();
  if (!canOnLibrary(req.actor, 'configure', orgId, services.tree)) throw forbidden();
  return orgId;
}

async function renderSettings(services: Services, req: Request, res: Response, orgId: string, view: SettingsRender) {
  const { librarySettings, tree } = services;
  const errors = view.errors ?? {};
  const stored = await librarySettings.load(req.actor, orgId, 'configure');
  const next = await librarySettings.nextNumbers(req.actor, orgId);
  res.status(view.status ?? 200).render('pages/library-settings', {
    title: req.t('library.pages.settings.title', { name: tree.get(orgId)!.name }),
    org: tree.get(orgId),
    version: stored.version,
    form: presentSettingsForm(stored, view.values ?? settingsValuesOf(stored), errors, next, req.lang),
    errors,
    hasErrors: Object.keys(errors).length > 0,
    saved: view.saved ?? false,
  });
}

export function settingsPages(services: Services): Router {
  const router = Router();
  router.get(
    '/library/schools/:orgId/settings',
    page(async (req, res) =>
      renderSettings(services, req, res, schoolToConfigure(services, req), { saved: req.query.saved === '1' }),
    ),
  );
  router.post('/library/schools/:orgId/settings', page(saveSettings(services)));
  router.post('/library/schools/:orgId/settings/next-number', page(setNextNumber(services)));
  return router;
}

function saveSettings(services: Services) {
  return async (req: Request, res: Response) => {
    const orgId = schoolToConfigure(services, req);
    const { version } = parse(versionForm, req.body, req);
    const body = req.body as Record<string, unknown>;
    const outcome = await withFormErrors(
      req,
      async () =>
        services.librarySettings.update(
          req.actor,
          orgId,
          version,
          parse(librarySettingsSchema, settingsInputOf(body), req),
        ),
      (path) => path,
    );
    if (!outcome.ok)
      return renderSettings(services, req, res, orgId, {
        status: outcome.status,
        errors: outcome.errors,
        values: body,
      });
    res.redirect(303, `/library/schools/${orgId}/settings?saved=1`);
  };
}

function setNextNumber(services: Services) {
  return async (req: Request, res: Response) => {
    const orgId = schoolToConfigure(services, req);
    const form = parse(nextNumberForm, req.body, req);
    const outcome = await withFormErrors(
      req,
      async () => services.librarySettings.setNextNumber(req.actor, orgId, form.code, form.nextNumber),
      () => '_',
    );
    if (!outcome.ok)
      return renderSettings(services, req, res, orgId, { status: outcome.status, errors: outcome.errors });
    res.redirect(303, `/library/schools/${orgId}/settings?saved=1`);
  };
}
