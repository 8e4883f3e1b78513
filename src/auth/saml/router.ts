/**
 * /saml: our metadata, sign-in through a portal (HTTP-Redirect AuthnRequest, HTTP-POST response
 * at the ACS), and single logout both ways (HTTP-Redirect and HTTP-POST). Portals POST to the ACS
 * and to /saml/slo, so those two are exempt from our CSRF check (src/app.ts); what they send is
 * verified by signature instead. A sign-out the person starts here is POST /logout (portalSignOut).
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { DatabaseRateLimitStore } from '../../services/rateLimitStore.js';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import type { Organisation } from '../../domain/organisation.js';
import { translator } from '../../i18n/index.js';
import { identityKey } from '../../domain/person.js';
import type { Services } from '../../services/index.js';
import { signIn, signOut } from '../../web/session.js';
import { safeRedirectPath } from '../../web/redirects.js';
import { parse } from '../../web/validate.js';
import { mapClaims, resolveOrganisation, type RefusalReason } from '../claims.js';
import { decodeMessage } from './messages.js';
import { refused, refusalKind, type ServiceProvider } from './serviceProvider.js';
import { endPortalSessions, rememberPortalSession } from '../../services/samlState.js';
import { spMetadataXml } from './spMetadata.js';
import type { SpCredentials } from './spCredentials.js';
import { samlAccepted, samlRefused } from '../../metrics/index.js';
import type { Named } from '../../services/integrationEvents.js';

/** Read by the login page (src/http/routes/auth.ts) to mark the portal chosen last time. */
const PORTAL_COOKIE = 'tvs.portal';

const acsForm = z.object({
  SAMLResponse: z.string().min(1).max(2_000_000),
  RelayState: z.string().max(4096).optional(),
});
const sloMessage = z.union([
  z.object({ SAMLRequest: z.string().min(1).max(200_000), RelayState: z.string().max(4096).optional() }),
  z.object({ SAMLResponse: z.string().min(1).max(200_000), RelayState: z.string().max(4096).optional() }),
]);

export interface SamlRouterOptions {
  services: Services;
  sp: ServiceProvider;
  credentials: SpCredentials;
  baseUrl: string;
  secureCookies: boolean;
}

type Binding = 'redirect' | 'post';

/** What the integrations log needs of a login attempt: the portal, once known. */
interface LoginAttempt {
  portal: Named | null;
}

/** Checks a login response from a portal, provisions the person and signs them in; a refusal is shown as a page. */
async function acceptLogin(
  { services, sp }: SamlRouterOptions,
  req: Request,
  res: Response,
  attempt: LoginAttempt,
): Promise<void> {
  const form = parse(acsForm, req.body, req);
  const { idp, profile } = await sp.consumeResponse(form.SAMLResponse);
  attempt.portal = { id: idp.id, name: idp.name, orgId: idp.orgId };
  const claims = mapClaims(profile.nameID, (profile.attributes ?? {}) as Record<string, unknown>, idp.mapping);
  const idpOrg = services.tree.get(idp.orgId);
  const org = claims.ok && idpOrg ? resolveOrganisation(claims.value.schoolCode, idpOrg, services.tree) : null;
  if (!claims.ok || !org?.ok) {
    const reason: RefusalReason = !claims.ok ? claims.reason : org && !org.ok ? org.reason : 'noSchool';
    const detail = (!claims.ok ? claims.detail : org && !org.ok ? org.detail : undefined) ?? '';
    samlRefused(reason);
    services.integrationEvents.samlSignIn('refused', reason, attempt.portal);
    return renderRefusal(res, reason, detail, idp.name, idpOrg, services.config.adminEmail);
  }
  const { value } = claims;
  const person = await services.accounts.provision({
    provider: 'saml',
    key: identityKey('saml', idp.id, value.userId),
    displayName: value.displayName,
    email: value.email,
    memberships: value.roles.map((role) => ({ orgId: org.value.id, role })),
    authoritativeFor: idp.orgId,
    matchByEmail: idp.matchByEmail,
  });
  const portal = {
    idpId: idp.id,
    nameId: profile.nameID,
    nameIdFormat: profile.nameIDFormat ?? null,
    sessionIndex: profile.sessionIndex ?? null,
  };
  await signIn(req, person, 'saml', { saml: portal });
  await rememberPortalSession(portal, req.sessionID, services.config.sessionTtlMs);
  samlAccepted();
  services.integrationEvents.samlSignIn('accepted', null, attempt.portal);
  res.redirect(303, safeRedirectPath(form.RelayState));
}

/** A logout request from the portal (it ends our sessions of that login), or its answer to ours. */
async function singleLogout(sp: ServiceProvider, req: Request, res: Response, next: NextFunction, binding: Binding) {
  try {
    const input = parse(sloMessage, binding === 'redirect' ? req.query : req.body, req);
    const message = 'SAMLRequest' in input ? input.SAMLRequest : input.SAMLResponse;
    const { idp } = await sp.idpOf(decodeMessage(message, binding === 'redirect'));
    const saml = sp.samlFor(idp, 'logout');
    let result;
    try {
      if (binding === 'redirect')
        result = await saml.validateRedirectAsync(req.query, req.originalUrl.slice(req.originalUrl.indexOf('?') + 1));
      else if ('SAMLRequest' in input) result = await saml.validatePostRequestAsync({ SAMLRequest: input.SAMLRequest });
      else result = await saml.validatePostResponseAsync({ SAMLResponse: input.SAMLResponse });
    } catch (err) {
      throw refused(err instanceof Error ? err.message : String(err));
    }
    if ('SAMLResponse' in input) {
      // The portal confirms the logout we started; our session ended already.
      return res.redirect(303, safeRedirectPath(input.RelayState));
    }
    const { profile } = result;
    if (!profile) throw new DomainError('bad_request');
    // The portal ends the person's sessions: all of ours from that login, whichever browser holds them.
    await endPortalSessions(idp.id, profile.nameID);
    if (req.session?.saml?.idpId === idp.id && req.session.saml.nameId === profile.nameID) await signOut(req);
    res.redirect(303, await saml.getLogoutResponseUrlAsync(profile, input.RelayState ?? '', {}, true));
  } catch (err) {
    sp.logRefusal(err, 'slo');
    next(err);
  }
}

export function samlRouter(options: SamlRouterOptions): Router {
  const { services, sp, credentials, baseUrl, secureCookies } = options;
  const router = Router();
  // Per address, counted by every instance together: enough for a school behind one NAT signing in at the start of a
  // lesson.
  router.use(
    rateLimit({
      windowMs: 60_000,
      limit: 300,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
      store: new DatabaseRateLimitStore('saml:'),
      handler: (_req, _res, next) => next(new DomainError('rate_limited')),
    }),
  );

  router.get('/metadata', (_req, res) => {
    res
      .type('application/samlmetadata+xml')
      .send(spMetadataXml(sp.endpoints, credentials.cert, 'Thư viện số', baseUrl));
  });

  router.get('/login/:idpId', async (req, res, next) => {
    try {
      const idp = await sp.idps.signInPortal(req.params.idpId);
      res.cookie(PORTAL_COOKIE, idp.id, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        maxAge: 365 * 24 * 3600_000,
      });
      res.redirect(303, await sp.samlFor(idp).getAuthorizeUrlAsync(safeRedirectPath(req.query.next), undefined, {}));
    } catch (err) {
      next(err);
    }
  });

  router.post('/acs', async (req, res, next) => {
    const attempt: LoginAttempt = { portal: null };
    try {
      await acceptLogin(options, req, res, attempt);
    } catch (err) {
      sp.logRefusal(err, 'acs');
      samlRefused(refusalKind(err));
      attempt.portal ??= await portalNamedIn(sp, req.body as Record<string, unknown>);
      services.integrationEvents.samlSignIn('refused', refusalKind(err), attempt.portal);
      next(err);
    }
  });

  router.get('/slo', (req, res, next) => void singleLogout(sp, req, res, next, 'redirect'));
  router.post('/slo', (req, res, next) => void singleLogout(sp, req, res, next, 'post'));

  return router;
}

/**
 * Signing out of a session that came from a portal ends it at the portal too (single logout): our
 * session ends here, then a page sends the browser on to the portal with a signed LogoutRequest.
 * Called by the sign-out form's POST /logout (with its CSRF token), never by a GET that any page
 * could link to. Resolves false, having done nothing, for a session that no portal's logout
 * concerns: the caller signs it out alone.
 */
export function portalSignOut(sp: ServiceProvider) {
  return async (req: Request, res: Response): Promise<boolean> => {
    const portal = req.session?.saml;
    const idp = portal ? await sp.idps.find(portal.idpId) : null;
    if (!portal || !idp?.sloUrl) return false;
    await signOut(req);
    await endPortalSessions(portal.idpId, portal.nameId);
    const user = {
      issuer: idp.entityId,
      nameID: portal.nameId,
      nameIDFormat: portal.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:unspecified',
      ...(portal.sessionIndex ? { sessionIndex: portal.sessionIndex } : {}),
    };
    const url = await sp.samlFor(idp, 'logout').getLogoutUrlAsync(user, '/', {});
    res.render('pages/saml-logout', { layout: false, url, portal: idp.name });
    return true;
  };
}

/**
 * The portal a refused response claims to come from (it names no other), for the integrations log; null when unknown.
 */
async function portalNamedIn(sp: ServiceProvider, body: Record<string, unknown>): Promise<Named | null> {
  if (typeof body.SAMLResponse !== 'string') return null;
  try {
    const { idp } = await sp.idpOf(decodeMessage(body.SAMLResponse, false));
    return { id: idp.id, name: idp.name, orgId: idp.orgId };
  } catch {
    return null;
  }
}

/** Why nobody was signed in, in Vietnamese then English, and whom to ask. */
function renderRefusal(
  res: Response,
  reason: RefusalReason,
  detail: string,
  portal: string,
  org: Organisation | undefined,
  adminEmail: string,
): void {
  const params = { detail, portal, organisation: org?.name ?? '', adminEmail };
  const [vi, en] = [translator('vi'), translator('en')];
  res.status(403).render('pages/saml-refused', {
    title: vi('saml.refused.title'),
    texts: [
      {
        lang: 'vi',
        title: vi('saml.refused.title'),
        reason: vi(`saml.refused.${reason}`, params),
        contact: vi('saml.refused.contact', params),
      },
      {
        lang: 'en',
        title: en('saml.refused.title'),
        reason: en(`saml.refused.${reason}`, params),
        contact: en('saml.refused.contact', params),
      },
    ],
  });
}
