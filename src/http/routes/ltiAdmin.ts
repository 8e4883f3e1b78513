/**
 * Admin pages for LMS platforms (LTI 1.3): the list, manual registration, the values to paste
 * into Moodle, registration links for Dynamic Registration (for one organisation, or for none),
 * and confirming which organisation a platform registered through a link without one belongs to.
 * Allowed to those with `manageIntegrations` on the organisation concerned.
 */
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { projectRoot, type Config } from '../../../config/index.js';
import { presentOrganisationChoices } from '../../presenters/integration.js';
import {
  ltiPlatformUrl,
  ltiToolValues,
  presentLtiPlatform,
  presentRegistrationLink,
} from '../../presenters/ltiPlatform.js';
import type { Services } from '../../services/index.js';
import type { LtiPlatformService } from '../../services/ltiPlatforms.js';
import { requireSignIn } from '../../web/session.js';
import { objectId, parse } from '../../web/validate.js';
import { text } from '../schemas/text.js';
import { page, withFieldErrors } from '../../web/page.js';

/** One deployment a line: its id, and optionally the code of the organisation it belongs to. */
const deploymentLines = z
  .string()
  .max(5000)
  .transform((v) =>
    v
      .split(/\r?\n/)
      .map((line) => line.trim().split(/\s+/))
      .filter(([id]) => id)
      .map(([id, orgCode]) => ({ id: id!, orgCode: orgCode ?? null })),
  )
  .pipe(
    z
      .array(z.object({ id: text({ max: 255 }), orgCode: text({ max: 100 }).nullable() }))
      .min(1)
      .max(100),
  );
const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);

const manualForm = z.object({
  name: text({ max: 200, min: 1 }),
  issuer: httpUrl,
  clientId: text({ max: 255, min: 1 }),
  authUrl: httpUrl,
  tokenUrl: httpUrl,
  jwksUrl: httpUrl,
  deploymentIds: deploymentLines,
  orgId: objectId,
  matchByEmail: z.literal('on').optional(),
});

const linkForm = z.object({ orgId: z.union([z.literal(''), objectId]) });

const configureForm = z.object({
  orgId: objectId,
  deploymentIds: deploymentLines,
  matchByEmail: z.literal('on').optional(),
});

/** What the LTI admin routes share: the services, the values to paste into the LMS, the organisations offered. */
interface LtiAdminContext {
  services: Services;
  platforms: LtiPlatformService;
  config: Config;
  tool: ReturnType<typeof ltiToolValues>;
  organisations: (req: Request) => { id: string; name: string }[];
}

/** The overview (platforms, open registration links), the guide, and registration links made or revoked. */
function overviewRoutes(router: Router, { services, platforms, config, tool, organisations }: LtiAdminContext) {
  const { tree } = services;
  router.get(
    '/admin/lti',
    page(async (req, res) => {
      res.render('pages/lti-admin', {
        title: req.t('lti.admin.title'),
        platforms: (await platforms.list(req.actor)).map((p) => presentLtiPlatform(p, tree)),
        links: (await platforms.openLinks(req.actor)).map((l) => presentRegistrationLink(l, tree)),
        organisations: organisations(req),
        tool,
      });
    }),
  );

  router.post(
    '/admin/lti/registration-links',
    page(async (req, res) => {
      platforms.organisations(req.actor);
      const orgId = parse(linkForm, req.body, req).orgId || null;
      const { token, expiresAt } = await platforms.createLink(req.actor, orgId);
      res.status(201).render('pages/lti-admin-link', {
        title: req.t('lti.admin.linkTitle'),
        link: {
          url: `${config.baseUrl}/lti/register/${token}`,
          ...presentRegistrationLink({ _id: '', orgId, expiresAt }, tree),
        },
      });
    }),
  );

  router.post(
    '/admin/lti/registration-links/:id/delete',
    page(async (req, res) => {
      await platforms.revokeLink(req.actor, req.params.id!);
      res.redirect(303, '/admin/lti');
    }),
  );

  router.get(
    '/admin/lti/guide',
    page(async (req, res) => {
      platforms.organisations(req.actor);
      res.type('text/plain; charset=utf-8').sendFile(path.join(projectRoot, 'docs', 'connect-moodle.md'));
    }),
  );
}

/** Registering a platform by hand, and confirming or changing one. */
function platformRoutes(router: Router, { services, platforms, tool, organisations }: LtiAdminContext) {
  const { tree } = services;
  const renderNew = (req: Request, res: Response, status = 200, errors: Record<string, string> = {}, values = {}) =>
    res.status(status).render('pages/lti-admin-new', {
      title: req.t('lti.admin.newTitle'),
      organisations: organisations(req),
      values,
      errors,
      tool,
    });

  router.get(
    '/admin/lti/new',
    page(async (req, res) => renderNew(req, res)),
  );

  router.post(
    '/admin/lti/platforms',
    page(async (req, res) => {
      platforms.organisations(req.actor);
      const body = req.body as Record<string, unknown>;
      const outcome = await withFieldErrors(req, async () => {
        const { deploymentIds, matchByEmail, ...fields } = parse(manualForm, body, req);
        return platforms.register(req.actor, { ...fields, matchByEmail: matchByEmail === 'on' }, deploymentIds);
      });
      if (!outcome.ok) return renderNew(req, res, 400, outcome.errors, body);
      res.redirect(303, ltiPlatformUrl(outcome.value));
    }),
  );

  router.get(
    '/admin/lti/platforms/:id',
    page(async (req, res) => {
      const platform = await platforms.get(req.actor, req.params.id!);
      res.render('pages/lti-admin-platform', {
        title: platform.name,
        platform: presentLtiPlatform(platform, tree),
        organisations: organisations(req),
        tool,
      });
    }),
  );

  router.post(
    '/admin/lti/platforms/:id',
    page(async (req, res) => {
      const platform = await platforms.get(req.actor, req.params.id!);
      const input = parse(configureForm, req.body, req);
      await platforms.configure(req.actor, platform.id, {
        orgId: input.orgId,
        deployments: input.deploymentIds,
        matchByEmail: input.matchByEmail === 'on',
      });
      res.redirect(303, ltiPlatformUrl(platform));
    }),
  );
}

export function ltiAdminRouter(services: Services, platforms: LtiPlatformService, config: Config): Router {
  const router = Router();
  const organisations = (req: Request) => presentOrganisationChoices(platforms.organisations(req.actor));
  const context = { services, platforms, config, tool: ltiToolValues(config.baseUrl), organisations };
  router.use('/admin/lti', requireSignIn);
  overviewRoutes(router, context);
  platformRoutes(router, context);
  return router;
}
