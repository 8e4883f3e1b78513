/**
 * LTI Dynamic Registration (https://www.imsglobal.org/spec/lti-dr/v1p0): a platform admin pastes
 * `{BASE_URL}/lti/register` into the LMS; the LMS opens it with its openid-configuration URL; we
 * read that configuration, register ourselves at its registration endpoint (resource links,
 * deep linking, the claims we need, the score scope), and record the platform as pending until
 * an admin of ours confirms which organisation it belongs to.
 */
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config/index.js';
import type { Logger } from '../log.js';
import { parse } from '../http/validate.js';
import { allowPlatform } from './frame.js';
import { refuse } from './loginGuard.js';
import type { LtiPlatforms } from './platforms.js';

const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const TIMEOUT_MS = 10_000;

const registrationQuery = z.object({
  openid_configuration: z.url({ protocol: /^https?$/ }),
  registration_token: z.string().max(4000).optional(),
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

/** The registration answer (LTI-DR §3.6): our client id and the deployment made for us. */
const registrationAnswer = z.object({
  client_id: z.string().min(1),
  [TOOL_CONFIG]: z.object({ deployment_id: z.string().optional() }).optional(),
});

async function getJson(url: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

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

export function dynamicRegistrationRoute(config: Config, platforms: LtiPlatforms, log: Logger) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const query = parse(registrationQuery, req.query, req);
      if (config.env === 'production' && !query.openid_configuration.startsWith('https://'))
        return refuse(req, res, 'lti.register.httpsOnly', 400);
      let issuer: string | undefined;
      try {
        const platform = platformConfiguration.parse(await getJson(query.openid_configuration));
        issuer = platform.issuer;
        const answer = registrationAnswer.parse(
          await getJson(platform.registration_endpoint, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json',
              ...(query.registration_token ? { authorization: `Bearer ${query.registration_token}` } : {}),
            },
            body: JSON.stringify(toolRegistration(config.baseUrl, platform.claims_supported)),
          }),
        );
        const deploymentId = answer[TOOL_CONFIG]?.deployment_id;
        await platforms.register({
          issuer: platform.issuer,
          clientId: answer.client_id,
          name: `${platform[PLATFORM_CONFIG]?.product_family_code ?? 'LMS'} — ${new URL(platform.issuer).host}`,
          authUrl: platform.authorization_endpoint,
          tokenUrl: platform.token_endpoint,
          jwksUrl: platform.jwks_uri,
          deployments: deploymentId ? [{ id: deploymentId, orgId: null }] : [],
          orgId: null,
          matchByEmail: false,
          registeredVia: 'dynamic',
        });
      } catch (err) {
        log.warn({ err, openidConfiguration: query.openid_configuration }, 'LTI dynamic registration failed');
        return refuse(req, res, 'lti.register.failed', 502, issuer);
      }
      allowPlatform(res, [issuer]);
      res.render('pages/lti-registered', { layout: 'lti', title: req.t('lti.register.doneTitle') });
    } catch (err) {
      next(err);
    }
  };
}
