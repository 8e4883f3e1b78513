/**
 * LTI Dynamic Registration (https://www.imsglobal.org/spec/lti-dr/v1p0), started from a
 * registration link an admin of ours created in /admin/lti (src/services/ltiRegistrationLinks.ts):
 * the LMS admin pastes `{BASE_URL}/lti/register/<token>` into the LMS, which opens it with its
 * openid-configuration URL; we read that configuration, register ourselves at its registration
 * endpoint (resource links, deep linking, the claims we need, the score scope), and record the
 * platform for the link's organisation (active at once), or pending until an admin confirms its
 * organisation when the link has none.
 *
 * Registration makes our server fetch URLs the request names, so nothing is fetched without a
 * valid link: a request without one, or with one used, expired or unknown, is refused first. The
 * fetches go through the guarded outgoing client (src/outbound).
 */
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config/index.js';
import type { Logger } from '../log.js';
import { parse } from '../web/validate.js';
import { OutboundRefused, type OutboundClient } from '../outbound/client.js';
import type { LtiRegistrationLinks } from '../services/ltiRegistrationLinks.js';
import { allowPlatform } from './frame.js';
import { refuse } from './loginGuard.js';
import type { LtiPlatformService } from '../services/ltiPlatforms.js';

/** A claimed registration link, as the service hands it. */
type RegistrationLink = NonNullable<Awaited<ReturnType<LtiRegistrationLinks['claim']>>>;

const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const TIMEOUT_MS = 10_000;
const MAX_BYTES = 1024 * 1024;

const registrationQuery = z.object({
  openid_configuration: z.url({ protocol: /^https?$/ }),
  registration_token: z.string().max(4000).optional(),
  link: z.string().max(100).optional(),
});

/** The platform's OpenID configuration (LTI-DR §3.5). */
const platformConfiguration = z.object({
  issuer: z.url(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  registration_endpoint: z.url(),
  claims_supported: z.array(z.string()).optional(),
  [PLATFORM_CONFIG]: z.object({ product_family_code: z.string().optional() }).optional(),
});
type PlatformConfiguration = z.infer<typeof platformConfiguration>;

/** The registration answer (LTI-DR §3.6): our client id and the deployment made for us. */
const registrationAnswer = z.object({
  client_id: z.string().min(1),
  [TOOL_CONFIG]: z.object({ deployment_id: z.string().optional() }).optional(),
});

export function toolRegistration(baseUrl: string, claimsSupported: readonly string[] = []) {
  const launchUrl = `${baseUrl}/lti`;
  const wanted = ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'];
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${baseUrl}/lti/login`,
    redirect_uris: [launchUrl],
    client_name: 'Thư viện số',
    jwks_uri: `${baseUrl}/lti/keys`,
    logo_uri: `${baseUrl}/lti/icons/library.png`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: [
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
      'https://purl.imsglobal.org/spec/lti-ags/scope/score',
    ].join(' '),
    [TOOL_CONFIG]: {
      domain: new URL(baseUrl).host,
      description: 'Thư viện số — tài nguyên học liệu cho khoá học / library resources for courses',
      target_link_uri: launchUrl,
      claims: claimsSupported.length ? wanted.filter((c) => claimsSupported.includes(c)) : wanted,
      messages: [
        { type: 'LtiResourceLinkRequest' },
        { type: 'LtiDeepLinkingRequest', target_link_uri: launchUrl, label: 'Thư viện số' },
      ],
    },
  };
}

export interface RegistrationDeps {
  config: Config;
  platforms: LtiPlatformService;
  links: LtiRegistrationLinks;
  outbound: OutboundClient;
  log: Logger;
}

/** GET /register/:link (or /register?link=): checks the link before anything is fetched. */
export function dynamicRegistrationRoute(deps: RegistrationDeps) {
  const { config, links, log } = deps;
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const query = parse(registrationQuery, req.query, req);
      const token = req.params.link ?? query.link;
      if (!token) return refuse(req, res, 'lti.register.linkRequired', 403);
      if (config.env === 'production' && !query.openid_configuration.startsWith('https://'))
        return refuse(req, res, 'lti.register.httpsOnly', 400);
      const link = await links.claim(token);
      if (!link) return refuse(req, res, 'lti.register.linkInvalid', 403);
      let issuer: string | undefined;
      try {
        const platform = await registerAt(deps, link, query.openid_configuration, query.registration_token);
        issuer = platform.issuer;
      } catch (err) {
        await links.release(link);
        log.warn({ err, openidConfiguration: query.openid_configuration }, 'LTI dynamic registration failed');
        if (err instanceof OutboundRefused)
          return refuse(req, res, `outbound.refused.${err.reason}`, 502, issuer, { url: err.url });
        return refuse(req, res, 'lti.register.failed', 502, issuer);
      }
      allowPlatform(res, [issuer]);
      res.render('pages/lti-registered', {
        layout: 'lti',
        title: req.t('lti.register.doneTitle'),
        message: req.t(link.orgId ? 'lti.register.doneActive' : 'lti.register.done'),
      });
    } catch (err) {
      next(err);
    }
  };
}

/** Reads the platform's configuration, registers us there, and records the platform for the link's organisation. */
async function registerAt(
  { config, platforms, outbound }: RegistrationDeps,
  link: RegistrationLink,
  openidConfiguration: string,
  registrationToken: string | undefined,
): Promise<PlatformConfiguration> {
  const limits = { timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES };
  const platform = platformConfiguration.parse(await outbound.json(openidConfiguration, limits));
  const answer = registrationAnswer.parse(
    await outbound.json(platform.registration_endpoint, {
      ...limits,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(registrationToken ? { authorization: `Bearer ${registrationToken}` } : {}),
      },
      body: JSON.stringify(toolRegistration(config.baseUrl, platform.claims_supported)),
    }),
  );
  const deploymentId = answer[TOOL_CONFIG]?.deployment_id;
  await platforms.registerDynamic({
    issuer: platform.issuer,
    clientId: answer.client_id,
    name: `${platform[PLATFORM_CONFIG]?.product_family_code ?? 'LMS'} — ${new URL(platform.issuer).host}`,
    authUrl: platform.authorization_endpoint,
    tokenUrl: platform.token_endpoint,
    jwksUrl: platform.jwks_uri,
    deployments: deploymentId ? [{ id: deploymentId, orgId: link.orgId }] : [],
    orgId: link.orgId,
    matchByEmail: false,
  });
  return platform;
}
