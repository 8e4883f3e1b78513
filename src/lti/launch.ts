/**
 * A verified launch (ltijs checked the signature against the platform's JWKS, iss, aud, exp, iat
 * and the nonce) becomes a person here: we check the deployment against the platform's
 * registration, provision the person through the one provisioning path, grant the launched item,
 * record the launch and show the item in the iframe layout.
 */
import type { NextFunction, Request, Response } from 'express';
import type { IdToken } from 'ltijs';
import { z } from 'zod';
import { stripForbidden } from '../domain/text.js';
import type { Config } from '../../config/index.js';
import type { Person, Role } from '../domain/person.js';
import { identityKey } from '../domain/person.js';
import { actorOf } from '../services/accounts.js';
import type { Services } from '../services/index.js';
import { canOnResource } from '../policies/resource.js';
import { presentResource } from '../presenters/resource.js';
import { allowPlatform } from './frame.js';
import { grantResource } from '../services/ltiGrants.js';
import { refuse } from './loginGuard.js';
import { organisationOfDeployment, type LtiPlatform } from '../domain/ltiPlatform.js';
import type { LtiPlatformService } from '../services/ltiPlatforms.js';
import { rolesFromLti } from './roles.js';
import { ltiAccepted } from '../metrics/index.js';

/** The custom parameter our deep-linking items carry: which library item a link opens. */
export const RESOURCE_PARAMETER = 'tvs_resource_id';
const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';

/** The claims we rely on, as ltijs stored them (LTI 1.3 core §5.3, AGS §3.1). */
const launchClaims = z.object({
  roles: z.array(z.string()).default([]),
  context: z
    .object({
      id: z.string(),
      // Shown on our pages and kept with usage: what no text may hold is removed.
      title: z
        .string()
        .optional()
        .transform((v) => (v === undefined ? v : stripForbidden(v))),
      label: z.string().optional(),
    })
    .optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  endpoint: z.object({ scope: z.array(z.string()).default([]), lineitem: z.string().optional() }).optional(),
});

export interface LtiDeps {
  config: Config;
  services: Services;
  platforms: LtiPlatformService;
}

export interface Admitted {
  person: Person;
  platform: LtiPlatform;
  roles: Role[];
  claims: z.output<typeof launchClaims>;
}

/** Deployment check and provisioning, shared by launches and the picker. Null: refused (answered). */
export async function admit(deps: LtiDeps, token: IdToken, req: Request, res: Response): Promise<Admitted | null> {
  const platform = await deps.platforms.forLaunch(token.iss, token.clientId);
  const orgId = organisationOfDeployment(platform, token.deploymentId);
  if (!platform || !orgId) {
    refuse(req, res, 'lti.refused.deployment', 403, token.iss);
    return null;
  }
  const parsed = launchClaims.safeParse(token.platformContext);
  if (!parsed.success) {
    refuse(req, res, 'lti.refused.claims', 400, token.iss);
    return null;
  }
  const roles = rolesFromLti(parsed.data.roles);
  const info = token.userInfo ?? {};
  const displayName =
    info.name?.trim() ||
    [info.given_name, info.family_name].filter(Boolean).join(' ').trim() ||
    req.t('lti.unnamedPerson');
  const person = await deps.services.accounts.provision({
    provider: 'lti',
    key: identityKey('lti', token.iss, token.user),
    displayName,
    email: info.email ?? null,
    memberships: roles.map((role) => ({ orgId, role })),
    authoritativeFor: orgId,
    matchByEmail: platform.matchByEmail,
  });
  ltiAccepted();
  deps.services.integrationEvents.ltiLaunch(
    'accepted',
    null,
    {
      issuer: token.iss,
      clientId: token.clientId,
      deploymentId: token.deploymentId,
      context: parsed.data.context ? { id: parsed.data.context.id, title: parsed.data.context.title ?? null } : null,
    },
    { id: platform.id, name: platform.name, orgId },
  );
  return { person, platform, roles, claims: parsed.data };
}

export function onLaunch(deps: LtiDeps) {
  return async (token: IdToken, req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const admitted = await admit(deps, token, req, res);
      if (!admitted) return;
      const { person, platform, roles, claims } = admitted;
      const resourceId = claims.custom?.[RESOURCE_PARAMETER];
      const resource = typeof resourceId === 'string' ? await deps.services.resources.findToOpen(resourceId) : null;
      if (!resource || resource.status !== 'published')
        return refuse(req, res, 'lti.refused.noResource', 404, token.iss);

      // Only what the person could not open anyway needs a grant (most items are public).
      if (!canOnResource(actorOf(person), 'view', resource, deps.services.tree))
        await grantResource(person.id, { platformUrl: token.iss, courseId: claims.context?.id ?? null }, resource.id);
      void deps.services.usage.record('lti_launch', resource, person.id, {
        platformId: platform.id,
        courseId: claims.context?.id ?? null,
        courseTitle: claims.context?.title ?? null,
        role: roles[0] ?? null,
      });

      const ltik = String(res.locals.ltik);
      const actor = actorOf(person, new Set([resource.id]));
      const detail = presentResource(resource, actor, deps.services.tree, req.lang, deps.config.baseUrl);
      const tracksCompletion = Boolean(claims.endpoint?.lineitem && claims.endpoint.scope.includes(SCORE_SCOPE));
      allowPlatform(res, [token.iss]);
      res.render('pages/lti-launch', {
        layout: 'lti',
        title: detail.title,
        resource: detail,
        course: claims.context?.title ?? null,
        ltik,
        tracksCompletion,
      });
    } catch (err) {
      next(err);
    }
  };
}
