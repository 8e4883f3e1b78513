/**
 * Admin pages for sign-in portals (SAML identity providers): list, connect one from its metadata
 * URL or pasted XML, change its attribute mapping and checks, refresh its metadata, disconnect.
 * Allowed to those with `manageIntegrations` on the portal's organisation.
 */
import path from 'node:path';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { projectRoot, type Config } from '../../../config/index.js';
import { DomainError } from '../../domain/errors.js';
import { roles, type Role } from '../../domain/person.js';
import type { IdpSettings } from '../../domain/samlIdp.js';
import { presentOrganisationChoices } from '../../presenters/integration.js';
import { presentSamlIdp, samlIdpFormValues, samlIdpUrl, samlSpValues } from '../../presenters/samlIdp.js';
import type { Services } from '../../services/index.js';
import type { MetadataSource, SamlIdpService } from '../../services/samlIdps.js';
import { page } from '../../web/page.js';
import { requireSignIn } from '../../web/session.js';
import { objectId, parse } from '../../web/validate.js';
import { text } from '../schemas/text.js';

const attribute = text({ max: 255 });
const roleLine = text({ max: 200 })
  .regex(/^[^=\s]+\s*=\s*\S+$/)
  .transform((line) => line.split('=').map((x) => x.trim()) as [string, string]);

const settingsForm = z.object({
  name: text({ max: 200, min: 1 }),
  orgId: objectId,
  attrUserId: attribute.optional(),
  attrEmail: attribute.optional(),
  attrDisplayName: attribute.min(1),
  attrRole: attribute.min(1),
  attrSchoolCode: attribute.optional(),
  roleValues: z
    .string()
    .max(4000)
    .transform((v) =>
      v
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .pipe(z.array(roleLine).min(1).max(50))
    .refine((pairs) => pairs.every(([, role]) => (roles as readonly string[]).includes(role)), {
      error: `Vai trò phải là / Role must be one of: ${roles.join(', ')}`,
    }),
  signature: z.enum(['assertion', 'response', 'both']),
  allowUnsolicited: z.literal('on').optional(),
  clockSkewSeconds: z.coerce.number().int().min(0).max(600),
  matchByEmail: z.literal('on').optional(),
});

const newForm = settingsForm.extend({
  metadataUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]).optional(),
  metadataXml: z.string().max(5_000_000).optional(),
});

const refreshForm = z.object({ metadataXml: z.string().max(5_000_000).optional() });

/** Where the new portal's metadata comes from: its URL, or the XML pasted. */
function metadataSourceOf(input: z.output<typeof newForm>): MetadataSource {
  if (input.metadataUrl) return { url: input.metadataUrl };
  if (input.metadataXml?.trim()) return { xml: input.metadataXml };
  throw new DomainError('validation', 'saml.metadata.missing');
}

function settingsOf(input: z.output<typeof settingsForm>): IdpSettings {
  const optional = (v: string | undefined) => (v ? v : null);
  return {
    name: input.name,
    orgId: input.orgId,
    mapping: {
      userId: optional(input.attrUserId),
      email: optional(input.attrEmail),
      displayName: input.attrDisplayName,
      role: input.attrRole,
      schoolCode: optional(input.attrSchoolCode),
      roleValues: Object.fromEntries(input.roleValues.map(([value, role]) => [value.toLowerCase(), role as Role])),
    },
    signature: input.signature,
    allowUnsolicited: input.allowUnsolicited === 'on',
    clockSkewMs: input.clockSkewSeconds * 1000,
    matchByEmail: input.matchByEmail === 'on',
  };
}

/** What the portal pages share. */
interface PortalPages {
  idps: SamlIdpService;
  tree: Services['tree'];
  /** Our side of the connection, shown for the portal's administrator to copy. */
  sp: ReturnType<typeof samlSpValues>;
  organisations(req: Request): ReturnType<typeof presentOrganisationChoices>;
}

export function samlAdminRouter(services: Services, idps: SamlIdpService, config: Config): Router {
  const router = Router();
  const pages: PortalPages = {
    idps,
    tree: services.tree,
    sp: samlSpValues(config.baseUrl),
    organisations: (req) => presentOrganisationChoices(idps.organisations(req.actor)),
  };
  router.use('/admin/saml', requireSignIn);
  portalListRoutes(router, pages);
  portalRoutes(router, pages);
  return router;
}

/** The list of portals, the guide, and a portal connected. */
function portalListRoutes(router: Router, { idps, tree, sp, organisations }: PortalPages): void {
  router.get(
    '/admin/saml',
    page(async (req, res) => {
      const shown = (await idps.list(req.actor)).map((idp) => presentSamlIdp(idp, tree));
      res.render('pages/saml-admin', {
        title: req.t('saml.admin.title'),
        idps: shown,
        sp,
        organisations: organisations(req),
        values: samlIdpFormValues(null),
      });
    }),
  );

  router.get(
    '/admin/saml/guide',
    page(async (req, res) => {
      idps.organisations(req.actor);
      res.type('text/plain; charset=utf-8').sendFile(path.join(projectRoot, 'docs', 'connect-portal.md'));
    }),
  );

  router.post(
    '/admin/saml/idps',
    page(async (req, res) => {
      idps.organisations(req.actor);
      const input = parse(newForm, req.body, req);
      const idp = await idps.add(req.actor, metadataSourceOf(input), settingsOf(input));
      res.redirect(303, samlIdpUrl(idp));
    }),
  );
}

/** One portal: shown, changed, its metadata refreshed, disconnected. */
function portalRoutes(router: Router, { idps, tree, sp, organisations }: PortalPages): void {
  router.get(
    '/admin/saml/idps/:id',
    page(async (req, res) => {
      const idp = await idps.get(req.actor, req.params.id!);
      res.render('pages/saml-admin-idp', {
        title: idp.name,
        idp: presentSamlIdp(idp, tree),
        values: samlIdpFormValues(idp),
        organisations: organisations(req),
        sp,
      });
    }),
  );

  router.post(
    '/admin/saml/idps/:id',
    page(async (req, res) => {
      const idp = await idps.get(req.actor, req.params.id!);
      await idps.update(req.actor, idp.id, settingsOf(parse(settingsForm, req.body, req)));
      res.redirect(303, samlIdpUrl(idp));
    }),
  );

  router.post(
    '/admin/saml/idps/:id/refresh',
    page(async (req, res) => {
      const idp = await idps.get(req.actor, req.params.id!);
      const pasted = parse(refreshForm, req.body, req).metadataXml?.trim();
      await idps.refresh(req.actor, idp.id, pasted || undefined);
      res.redirect(303, samlIdpUrl(idp));
    }),
  );

  router.post(
    '/admin/saml/idps/:id/delete',
    page(async (req, res) => {
      await idps.remove(req.actor, req.params.id!);
      res.redirect(303, '/admin/saml');
    }),
  );
}
