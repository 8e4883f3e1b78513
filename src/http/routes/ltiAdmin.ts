/**
 * Admin pages for LMS platforms (LTI 1.3): the list, manual registration, the values to paste
 * into Moodle, and confirming which organisation a dynamically registered platform belongs to.
 * Allowed to those with `manageIntegrations` on the organisation concerned.
 */
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { projectRoot, type Config } from '../../../config/index.js';
import { DomainError, forbidden } from '../../domain/errors.js';
import type { LtiDeployment, LtiPlatformRecord } from '../../models/lti.js';
import type { Services } from '../../services/index.js';
import type { LtiPlatforms } from '../../lti/platforms.js';
import { requireSignIn } from '../middleware/authenticate.js';
import { objectId, parse } from '../validate.js';
import { text } from '../schemas/text.js';
import { page, withFieldErrors } from './page.js';
import { integrationAccess } from './integrationAccess.js';

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

const configureForm = z.object({
  orgId: objectId,
  deploymentIds: deploymentLines,
  matchByEmail: z.literal('on').optional(),
});

export function ltiAdminRouter(services: Services, platforms: LtiPlatforms, config: Config): Router {
  const router = Router();
  const { tree } = services;
  const { mayManage, managedOrganisations } = integrationAccess(tree);
  const requireSomeOrganisation = (req: Request) => {
    const orgs = managedOrganisations(req);
    if (!orgs.length) throw forbidden();
    return orgs;
  };
  /** A confirmed platform: those who manage its organisation; a pending one: anyone who may confirm it for theirs. */
  const mayView = (req: Request, p: LtiPlatformRecord) =>
    p.orgId ? mayManage(req, p.orgId) : managedOrganisations(req).length > 0;
  /** Deployments as typed, with organisation codes resolved; an unknown code is a field error, one not managed here is refused. */
  const deploymentsOf = (req: Request, lines: { id: string; orgCode: string | null }[]): LtiDeployment[] =>
    lines.map(({ id, orgCode }) => {
      if (orgCode === null) return { id, orgId: null };
      const org = tree.byCode(orgCode);
      if (!org)
        throw new DomainError('validation', 'errors.validation', {}, [
          { field: 'deploymentIds', messageKey: 'lti.admin.unknownOrgCode', params: { code: orgCode } },
        ]);
      if (!mayManage(req, org.id)) throw forbidden();
      return { id, orgId: org.id };
    });
  const toolValues = {
    loginUrl: `${config.baseUrl}/lti/login`,
    redirectUrl: `${config.baseUrl}/lti`,
    jwksUrl: `${config.baseUrl}/lti/keys`,
    deepLinkingUrl: `${config.baseUrl}/lti`,
    registrationUrl: `${config.baseUrl}/lti/register`,
  };
  const present = (p: LtiPlatformRecord) => ({
    id: p._id,
    url: `/admin/lti/platforms/${encodeURIComponent(p._id)}`,
    name: p.name,
    issuer: p.issuer,
    clientId: p.clientId,
    organisation: p.orgId ? (tree.get(p.orgId)?.name ?? p.orgId) : null,
    orgId: p.orgId,
    deploymentIds: p.deployments
      .map((d) => (d.orgId ? `${d.id} ${tree.get(d.orgId)?.code ?? d.orgId}` : d.id))
      .join('\n'),
    matchByEmail: p.matchByEmail,
    pending: p.orgId === null,
    dynamic: p.registeredVia === 'dynamic',
  });

  router.use('/admin/lti', requireSignIn);

  router.get(
    '/admin/lti',
    page(async (req, res) => {
      requireSomeOrganisation(req);
      const visible = (await platforms.list()).filter((p) => mayView(req, p)).map(present);
      res.render('pages/lti-admin', { title: req.t('lti.admin.title'), platforms: visible, tool: toolValues });
    }),
  );

  router.get(
    '/admin/lti/guide',
    page(async (req, res) => {
      requireSomeOrganisation(req);
      res.type('text/plain; charset=utf-8').sendFile(path.join(projectRoot, 'docs', 'connect-moodle.md'));
    }),
  );

  const renderNew = (
    req: Request,
    res: Response,
    status = 200,
    errors: Record<string, string> = {},
    values: Record<string, unknown> = {},
  ) =>
    res.status(status).render('pages/lti-admin-new', {
      title: req.t('lti.admin.newTitle'),
      organisations: requireSomeOrganisation(req),
      values,
      errors,
      tool: toolValues,
    });

  router.get(
    '/admin/lti/new',
    page(async (req, res) => renderNew(req, res)),
  );

  router.post(
    '/admin/lti/platforms',
    page(async (req, res) => {
      requireSomeOrganisation(req);
      const body = req.body as Record<string, unknown>;
      const outcome = await withFieldErrors(req, async () => {
        const input = parse(manualForm, body, req);
        if (!mayManage(req, input.orgId)) throw forbidden();
        const { deploymentIds, ...fields } = input;
        return platforms.register({
          ...fields,
          deployments: deploymentsOf(req, deploymentIds),
          matchByEmail: input.matchByEmail === 'on',
          registeredVia: 'manual',
        });
      });
      if (!outcome.ok) return renderNew(req, res, 400, outcome.errors, body);
      res.redirect(303, present(outcome.value).url);
    }),
  );

  router.get(
    '/admin/lti/platforms/:id',
    page(async (req, res) => {
      const organisations = requireSomeOrganisation(req);
      const platform = await platforms.get(req.params.id!);
      if (!mayView(req, platform)) throw forbidden();
      res.render('pages/lti-admin-platform', {
        title: platform.name,
        platform: present(platform),
        organisations,
        tool: toolValues,
      });
    }),
  );

  router.post(
    '/admin/lti/platforms/:id',
    page(async (req, res) => {
      requireSomeOrganisation(req);
      const platform = await platforms.get(req.params.id!);
      const input = parse(configureForm, req.body, req);
      if (!mayView(req, platform) || !mayManage(req, input.orgId)) throw forbidden();
      await platforms.configure(platform._id, {
        orgId: input.orgId,
        deployments: deploymentsOf(req, input.deploymentIds),
        matchByEmail: input.matchByEmail === 'on',
      });
      res.redirect(303, present(platform).url);
    }),
  );

  return router;
}
