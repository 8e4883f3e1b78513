/**
 * The integrations health page of an organisation (with everything below it): harvesters of our
 * OAI-PMH, LMS launches, portal sign-ins, harvest runs. /admin/integrations opens the topmost
 * organisation the person may see it for.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { forbidden } from '../../domain/errors.js';
import { canViewIntegrationHealth } from '../../policies/integrationHealth.js';
import { presentIntegrationHealth } from '../../presenters/integrationHealth.js';
import { compareVietnamese } from '../../search/text.js';
import type { Services } from '../../services/index.js';
import { requireSignIn } from '../../web/session.js';
import { objectId, parse } from '../../web/validate.js';
import { page } from '../../web/page.js';

const chooserQuery = z.object({ id: objectId.optional() });

export function integrationHealthPages(services: Services): Router {
  const { integrationHealth, tree } = services;
  const router = Router();

  /** The organisations whose page the person may open, the topmost first. */
  const viewable = (req: Request) =>
    tree
      .all()
      .filter((o) => canViewIntegrationHealth(req.actor, o.id, tree))
      .map((o) => ({ id: o.id, name: o.name, depth: tree.ancestorIds(o.id).length }))
      .sort((a, b) => a.depth - b.depth || compareVietnamese(a.name, b.name));

  router.get(
    '/admin/integrations',
    requireSignIn,
    page(async (req, res) => {
      // The page's chooser sends ?id=; without it, the topmost organisation.
      const { id } = parse(chooserQuery, req.query, req);
      const target = id ?? viewable(req)[0]?.id;
      if (!target) throw forbidden();
      res.redirect(303, `/admin/organisations/${target}/integrations`);
    }),
  );

  router.get(
    '/admin/organisations/:id/integrations',
    requireSignIn,
    page(async (req, res) => {
      const id = parse(objectId, req.params.id, req);
      const health = await integrationHealth.forOrganisation(req.actor, id);
      const org = tree.get(id)!;
      const organisations = viewable(req);
      res.render('pages/integration-health', {
        title: req.t('integrations.title', { name: org.name }),
        organisation: { id, name: org.name },
        organisations: organisations.map((o) => ({ ...o, selected: o.id === id })),
        chooser: organisations.length > 1,
        health: presentIntegrationHealth(health, req.lang),
      });
    }),
  );
  return router;
}
