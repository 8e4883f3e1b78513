/**
 * Admin pages for sign-in portals (SAML identity providers): list, connect one from its metadata
 * URL or pasted XML, change its attribute mapping and checks, refresh its metadata, disconnect.
 * Allowed to those with `manageIntegrations` on the portal's organisation.
 */
import path from 'node:path';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { projectRoot, type Config } from '../../../config/index.js';
import { DomainError, forbidden } from '../../domain/errors.js';
import { roles, type Role } from '../../domain/person.js';
import type { SamlIdpRecord } from '../../models/samlIdp.js';
import type { Services } from '../../services/index.js';
import type { IdpDirectory, IdpSettings } from '../../auth/saml/idps.js';
import { defaultRoleValues } from '../../auth/claims.js';
import { requireSignIn } from '../../web/session.js';
import { objectId, parse } from '../../web/validate.js';
import { text } from '../schemas/text.js';
import { integrationAccess } from './integrationAccess.js';

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

/** The form's values for an IdP (or the defaults for a new one). */
function formValues(idp: SamlIdpRecord | null) {
  const m = idp?.mapping;
  return {
    name: idp?.name ?? '',
    orgId: idp?.orgId ?? '',
    attrUserId: m?.userId ?? 'uid',
    attrEmail: m?.email ?? 'mail',
    attrDisplayName: m?.displayName ?? 'displayName',
    attrRole: m?.role ?? 'eduPersonAffiliation',
    attrSchoolCode: m?.schoolCode ?? 'schoolCode',
    roleValues: Object.entries(m?.roleValues ?? defaultRoleValues)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    signature: idp?.signature ?? 'assertion',
    allowUnsolicited: idp?.allowUnsolicited ?? false,
    clockSkewSeconds: (idp?.clockSkewMs ?? 60_000) / 1000,
    matchByEmail: idp?.matchByEmail ?? false,
  };
}

export function samlAdminRouter(services: Services, idps: IdpDirectory, config: Config): Router {
  const router = Router();
  const { tree } = services;
  const { mayManage, requireManagedOrganisations: managedOrganisations } = integrationAccess(tree);
  const loadManaged = async (req: Request) => {
    const idp = await idps.get(String(req.params.id));
    if (!mayManage(req, idp.orgId)) throw forbidden();
    return idp;
  };
  const sp = {
    metadataUrl: `${config.baseUrl}/saml/metadata`,
    acsUrl: `${config.baseUrl}/saml/acs`,
    sloUrl: `${config.baseUrl}/saml/slo`,
  };
  const present = (idp: SamlIdpRecord) => ({
    id: idp._id,
    url: `/admin/saml/idps/${encodeURIComponent(idp._id)}`,
    name: idp.name,
    entityId: idp.entityId,
    organisation: tree.get(idp.orgId)?.name ?? idp.orgId,
    metadataUrl: idp.metadataUrl,
    metadataFetchedAt: idp.metadataFetchedAt.toISOString(),
    metadataError: idp.metadataError,
    certificates: idp.signingCerts.length,
  });

  router.use('/admin/saml', requireSignIn);

  router.get('/admin/saml', async (req, res, next) => {
    try {
      const organisations = managedOrganisations(req);
      const visible = (await idps.list()).filter((idp) => mayManage(req, idp.orgId)).map(present);
      res.render('pages/saml-admin', {
        title: req.t('saml.admin.title'),
        idps: visible,
        sp,
        organisations,
        values: formValues(null),
      });
    } catch (err) {
      next(err);
    }
  });

  router.get('/admin/saml/guide', (req, res, next) => {
    try {
      managedOrganisations(req);
      res.type('text/plain; charset=utf-8').sendFile(path.join(projectRoot, 'docs', 'connect-portal.md'));
    } catch (err) {
      next(err);
    }
  });

  router.post('/admin/saml/idps', async (req, res, next) => {
    try {
      managedOrganisations(req);
      const input = parse(newForm, req.body, req);
      if (!mayManage(req, input.orgId)) throw forbidden();
      const source = input.metadataUrl
        ? { url: input.metadataUrl }
        : input.metadataXml?.trim()
          ? { xml: input.metadataXml }
          : null;
      if (!source) throw new DomainError('validation', 'saml.metadata.missing');
      const idp = await idps.add(source, settingsOf(input));
      res.redirect(303, present(idp).url);
    } catch (err) {
      next(err);
    }
  });

  router.get('/admin/saml/idps/:id', async (req, res, next) => {
    try {
      const organisations = managedOrganisations(req);
      const idp = await loadManaged(req);
      res.render('pages/saml-admin-idp', {
        title: idp.name,
        idp: present(idp),
        values: formValues(idp),
        organisations,
        sp,
      });
    } catch (err) {
      next(err);
    }
  });

  router.post('/admin/saml/idps/:id', async (req, res, next) => {
    try {
      managedOrganisations(req);
      const idp = await loadManaged(req);
      const input = parse(settingsForm, req.body, req);
      if (!mayManage(req, input.orgId)) throw forbidden();
      await idps.update(idp._id, settingsOf(input));
      res.redirect(303, present(idp).url);
    } catch (err) {
      next(err);
    }
  });

  router.post('/admin/saml/idps/:id/refresh', async (req, res, next) => {
    try {
      const idp = await loadManaged(req);
      const pasted = parse(
        z.object({ metadataXml: z.string().max(5_000_000).optional() }),
        req.body,
        req,
      ).metadataXml?.trim();
      await idps.refresh(idp._id, pasted || undefined);
      res.redirect(303, present(idp).url);
    } catch (err) {
      next(err);
    }
  });

  router.post('/admin/saml/idps/:id/delete', async (req, res, next) => {
    try {
      const idp = await loadManaged(req);
      await idps.remove(idp._id);
      res.redirect(303, '/admin/saml');
    } catch (err) {
      next(err);
    }
  });

  return router;
}
