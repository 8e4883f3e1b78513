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

const linkForm = z.object({ orgId: z.union([z.literal(''), objectId]) });

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
  };
  const links = services.ltiRegistrationLinks;
  /** A link for an organisation: those who manage it; one without: anyone who may confirm platforms. */
  const mayUseLink = (req: Request, orgId: string | null) =>
    orgId ? mayManage(req, orgId) : managedOrganisations(req).length > 0;
  const presentLink = (l: { _id: string; orgId: string | null; expiresAt: Date }) => ({
    id: l._id,
    organisation: l.orgId ? (tree.get(l.orgId)?.name ?? l.orgId) : null,
    expiresAt: l.expiresAt.toISOString().slice(0, 16).replace('T', ' '),
  });
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
      const organisations = requireSomeOrganisation(req);
      const visible = (await platforms.list()).filter((p) => mayView(req, p)).map(present);
      const openLinks = (await links.listOpen()).filter((l) => mayUseLink(req, l.orgId)).map(presentLink);
      res.render('pages/lti-admin', {
        title: req.t('lti.admin.title'),
        platforms: visible,
        links: openLinks,
        organisations,
        tool: toolValues,
      });
    }),
  );

  router.post(
    '/admin/lti/registration-links',
    page(async (req, res) => {
      requireSomeOrganisation(req);
      const orgId = parse(linkForm, req.body, req).orgId || null;
      if (!mayUseLink(req, orgId)) throw forbidden();
      const { token, expiresAt } = await links.create(req.person!.id, orgId);
      res.status(201).render('pages/lti-admin-link', {
        title: req.t('lti.admin.linkTitle'),
        link: { url: `${config.baseUrl}/lti/register/${token}`, ...presentLink({ _id: '', orgId, expiresAt }) },
      });
    }),
  );

  router.post(
    '/admin/lti/registration-links/:id/delete',
    page(async (req, res) => {
      const link = await links.find(req.params.id!);
      if (link) {
        if (!mayUseLink(req, link.orgId)) throw forbidden();
        await links.revoke(link._id);
      }
      res.redirect(303, '/admin/lti');
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
