/**
 * A school's circulation settings page: loan rules by patron type and collection, the calendar of
 * closed days, hold pickup days, the loss policy and fines. The same schema and service as
 * `PUT …/circulation-settings`; without JavaScript, errors shown beside the field that caused them.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { notFound } from '../../../domain/errors.js';
import { presentCirculationForm } from '../../../presenters/circulationSettingsPage.js';
import type { Services } from '../../../services/index.js';
import { circulationSettingsSchema } from '../../api/deskAnswers.js';
import { circulationInputOf, circulationValuesOf } from '../../forms/circulationSettings.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { withFormErrors, type FormErrors } from './shared.js';

const versionForm = z.object({ version: z.coerce.number().int().min(0) });

export function circulationSettingsPages(services: Services): Router {
  const { circulationSettings, librarySettings, tree } = services;
  const router = Router();

  const schoolId = (req: Request) => {
    const orgId = parse(objectId, req.params.orgId, req);
    if (!tree.get(orgId)) throw notFound();
    return orgId;
  };

  const render = async (
    req: Request,
    res: Response,
    orgId: string,
    shown: { status?: number; values?: Record<string, unknown>; errors?: FormErrors; saved?: boolean },
  ) => {
    const stored = await circulationSettings.load(req.actor, orgId, 'configureCirculation');
    const errors = shown.errors ?? {};
    const library = await librarySettings.settingsOf(orgId);
    res.status(shown.status ?? 200).render('pages/library-circulation-settings', {
      title: req.t('desk3.settings.title', { name: tree.get(orgId)!.name }),
      org: tree.get(orgId),
      version: stored.version,
      form: presentCirculationForm(library, shown.values ?? circulationValuesOf(stored), errors, req.lang),
      errors,
      hasErrors: Object.keys(errors).length > 0,
      saved: shown.saved ?? false,
    });
  };

  router.get(
    '/library/schools/:orgId/circulation',
    page(async (req, res) => render(req, res, schoolId(req), { saved: req.query.saved === '1' })),
  );

  router.post(
    '/library/schools/:orgId/circulation',
    page(async (req, res) => {
      const orgId = schoolId(req);
      // Refuses a stranger before looking at what they sent.
      await circulationSettings.load(req.actor, orgId, 'configureCirculation');
      const { version } = parse(versionForm, req.body, req);
      const body = req.body as Record<string, unknown>;
      const { input, fieldOf } = circulationInputOf(body);
      const outcome = await withFormErrors(
        req,
        async () => circulationSettings.update(req.actor, orgId, version, parse(circulationSettingsSchema, input, req)),
        fieldOf,
      );
      if (!outcome.ok) return render(req, res, orgId, { status: outcome.status, values: body, errors: outcome.errors });
      res.redirect(303, `/library/schools/${orgId}/circulation?saved=1`);
    }),
  );

  return router;
}
