/**
 * Around ltijs's OIDC login: makes the state single-use and binds the nonce to it, and gives the
 * state cookie the attributes a cross-site iframe needs (`SameSite=None; Secure; Partitioned`). A
 * browser that still refuses the cookie gets a page that carries the platform's id_token on to a
 * window of its own, where the cookie is first-party. It cannot start the login again there:
 * Moodle's `lti_message_hint` names a launch it forgets once it has answered it, so a second
 * authentication request with it is refused ("Invalid request").
 *
 * Nothing is written when a login starts: the state we send carries, sealed (AES-GCM under our LTI
 * secret), the platform, the nonce sent with it and its expiry. The id_token post that answers it
 * with our cookie records the state as used, once: a second post of the same state is refused, and
 * so is a nonce that did not leave with that state. A launch costs one write for both, not a
 * record written at login and taken out again.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { stripForbidden } from '../domain/text.js';
import { markStateUsed, stateUsed } from '../services/ltiUsedStates.js';
import { allowPlatform } from './frame.js';
import { purposeKey, seal, unseal, type Secret } from './sealing.js';
import { ltiRefused } from '../metrics/index.js';
import type { IntegrationEventLog, LtiAttempt } from '../services/integrationEvents.js';

const LOGIN_LIFETIME_MS = 10 * 60_000;

interface Login {
  /** The state ltijs chose (its cookie and its own state record are named after it). */
  state: string;
  /** The platform's issuer (what ltijs's state cookie holds). */
  iss: string;
  /** Whether ltijs keeps a state record of its own: only for a target link with a query string. */
  ltijsKeepsState: boolean;
  nonce: string;
  expiresAt: number;
}

/**
 * The login the id_token post being handled answers, for our storage's answers to ltijs: the
 * state ltijs chose (it looks its own state record up by the state it is posted, ours) and the
 * nonce that left with it, which needs no record of its own to serve once.
 */
const currentLogin = new AsyncLocalStorage<Login>();
export function ltijsStateOf(state: unknown): { state: unknown; hasRecord: boolean } {
  const login = currentLogin.getStore();
  if (!login || typeof state !== 'string' || !state.startsWith(`${login.state}.`)) return { state, hasRecord: true };
  return { state: login.state, hasRecord: login.ltijsKeepsState };
}
export const isNonceOfCurrentLogin = (nonce: unknown) =>
  typeof nonce === 'string' && currentLogin.getStore()?.nonce === nonce;

function targetLinkOf(req: Request): unknown {
  return (req.body as Record<string, unknown> | undefined)?.target_link_uri ?? req.query.target_link_uri;
}

const ticketKey = (secret: Secret) => purposeKey('lti-login', secret);

/** Our state: ltijs's, a dot, and the sealed login. */
function stateFor(login: Login, key: Buffer): string {
  const { iv, data } = seal(login, key, 'base64url');
  return `${login.state}.${iv}.${data}`;
}

function loginOf(state: string, key: Buffer): Login | null {
  const [ltijsState, iv, data, extra] = state.split('.');
  if (!ltijsState || !iv || !data || extra !== undefined) return null;
  try {
    const login = unseal({ iv, data }, key, 'base64url') as Login;
    return login.state === ltijsState && login.expiresAt > Date.now() ? login : null;
  } catch {
    return null;
  }
}

/** On the login route: the state ltijs chose becomes ours, in the redirect to the platform and in the cookie's name. */
export function rememberLogins(loginPath: string, partitioned: boolean, secret: Secret) {
  const key = ticketKey(secret);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path !== loginPath) return next();
    const targetLink = targetLinkOf(req);
    const cookie = res.cookie.bind(res) as (name: string, value: string, options: CookieOptions) => Response;
    let stateCookie: { value: string; options: CookieOptions } | undefined;
    res.cookie = ((name: string, value: string, options: CookieOptions = {}) => {
      if (!name.startsWith('state')) return cookie(name, value, options);
      // Set with the redirect, under our state.
      stateCookie = { value, options: partitioned ? { ...options, partitioned: true } : options };
      return res;
    }) as Response['cookie'];
    const redirect = res.redirect.bind(res) as (url: string) => void;
    res.redirect = ((url: string) => {
      // ltijs redirects to the platform's authorisation endpoint with the state and nonce it chose.
      const target = new URL(url);
      const ltijsState = target.searchParams.get('state');
      const nonce = target.searchParams.get('nonce');
      if (!ltijsState || !nonce || !stateCookie)
        return next(new Error('LTI login: ltijs sent no state, nonce or state cookie'));
      const ltijsKeepsState = typeof targetLink === 'string' && targetLink.includes('?');
      const state = stateFor(
        {
          state: ltijsState,
          iss: stateCookie.value,
          ltijsKeepsState,
          nonce,
          expiresAt: Date.now() + LOGIN_LIFETIME_MS,
        },
        key,
      );
      target.searchParams.set('state', state);
      cookie(`state${state}`, stateCookie.value, stateCookie.options);
      redirect(target.toString());
    }) as Response['redirect'];
    next();
  };
}

/**
 * On the id_token post: records the state as used (a second post of it is refused), and answers a
 * browser that did not send the state cookie back with the new-window page, leaving the state
 * unused for that window.
 */
export function consumeLoginState(launchPath: string, partitioned: boolean, secret: Secret) {
  const key = ticketKey(secret);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.path !== launchPath || req.method !== 'POST' || typeof body.id_token !== 'string' || body.ltik)
      return next();
    // ltijs clears the state cookie after the launch; only a Set-Cookie that is Partitioned too reaches a partitioned
    // cookie.
    if (partitioned) {
      const cookie = res.cookie.bind(res) as (name: string, value: string, options: CookieOptions) => Response;
      res.cookie = ((name: string, value: string, options: CookieOptions = {}) =>
        cookie(name, value, { ...options, partitioned: true })) as Response['cookie'];
    }
    try {
      const state = typeof body.state === 'string' ? body.state : '';
      const claims = unverifiedPayload(body.id_token);
      const issuer = issuerIn(claims);
      if (!azpAgreesWithAud(claims)) return refuse(req, res, 'lti.refused.platform', 401, issuer);
      const login = loginOf(state, key);
      if (!login) return refuse(req, res, 'lti.refused.state', 401, issuer);
      const signedCookies = req.signedCookies as Record<string, unknown> | undefined;
      if (!signedCookies?.[`state${state}`]) {
        allowPlatform(res, [login.iss]);
        integrationLogOf(req)?.ltiLaunch('redirected', 'cookieBlocked', attemptOf(req, res));
        // So that browsers without Fetch Metadata still send our Origin with the form below.
        res.setHeader('Referrer-Policy', 'same-origin');
        res.status(401).render('pages/lti-new-window', {
          layout: 'lti',
          title: req.t('lti.newWindow.title'),
          action: `${req.baseUrl}${NEW_WINDOW_PATH}`,
          idToken: body.id_token,
          state,
        });
        return;
      }
      if (!(await markUsed(login))) return refuse(req, res, 'lti.refused.state', 401, issuer);
      if (claims.nonce !== login.nonce) return refuse(req, res, 'lti.refused.replay', 401, issuer);
      currentLogin.run(login, next);
    } catch (err) {
      next(err);
    }
  };
}

/** False when the state was used before. */
const markUsed = (login: Login) => markStateUsed(login.state, new Date(login.expiresAt));

export const NEW_WINDOW_PATH = '/new-window';

/** Fetch Metadata where the browser sends it, else the Origin header. */
function sentByOwnPage(req: Request, ownOrigin: string): boolean {
  const site = req.get('sec-fetch-site');
  return site ? site === 'same-origin' : req.get('origin') === ownOrigin;
}

const newWindowForm = z.object({ id_token: z.string().min(1).max(20_000), state: z.string().min(1).max(2_000) });

/**
 * The new window (a top-level page of ours, so its cookies are first-party): gives it the state
 * cookie of the login begun inside the frame, and posts the same id_token to the launch route,
 * where ltijs checks it as usual (signature, nonce, age). Only our own new-window page may send a
 * browser here: another site cannot hand someone a launch made by somebody else.
 */
export function continueInNewWindow(ownOrigin: string, secret: Secret, stateCookie: CookieOptions) {
  const key = ticketKey(secret);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      if (!sentByOwnPage(req, ownOrigin)) return refuse(req, res, 'lti.refused.newWindowOrigin', 403);
      const form = newWindowForm.safeParse(req.body);
      if (!form.success) return refuse(req, res, 'lti.refused.invalid', 400);
      const login = loginOf(form.data.state, key);
      if (!login || (await stateUsed(login.state))) return refuse(req, res, 'lti.refused.state', 401);
      // What ltijs's login route would have set: the issuer, signed, for one minute.
      res.cookie(`state${form.data.state}`, login.iss, {
        ...stateCookie,
        httpOnly: true,
        signed: true,
        maxAge: 60_000,
      });
      allowPlatform(res, [login.iss]);
      res.render('pages/lti-new-window-continue', {
        layout: 'lti',
        title: req.t('lti.newWindow.continuing'),
        action: req.baseUrl || '/',
        idToken: form.data.id_token,
        state: form.data.state,
      });
    } catch (err) {
      next(err);
    }
  };
}

/** Our clear page for a launch we refuse: what happened, in the person's language, never a bare 401. */
export function refuse(
  req: Request,
  res: Response,
  messageKey: string,
  status = 401,
  platformUrl?: string,
  params: Record<string, unknown> = {},
): void {
  allowPlatform(res, [platformUrl]);
  const reason = messageKey.replace(/^lti\.refused\./, '');
  ltiRefused(reason);
  if (reason !== messageKey) integrationLogOf(req)?.ltiLaunch('refused', reason, attemptOf(req, res));
  res.status(status).render('pages/lti-refused', {
    layout: 'lti',
    title: req.t('lti.refused.title'),
    message: req.t(messageKey, params),
    requestId: String(req.id ?? ''),
  });
}

function unverifiedPayload(idToken: string): Record<string, unknown> {
  try {
    const payload: unknown = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The integrations log, set on the LTI app's locals by src/lti/index.ts. */
export const integrationLogOf = (req: Request) =>
  (req.app.locals as { integrationEvents?: IntegrationEventLog }).integrationEvents;

const text = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * What a refused launch named: from the token ltijs verified when there is one, else from the
 * id_token posted (unverified: shown to admins as what the request claimed, never trusted).
 */
export function attemptOf(req: Request, res: Response): LtiAttempt {
  const verified = res.locals.token as
    { iss?: unknown; clientId?: unknown; deploymentId?: unknown; platformContext?: { context?: unknown } } | undefined;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const claims = verified ? {} : typeof body.id_token === 'string' ? unverifiedPayload(body.id_token) : {};
  const context = (verified?.platformContext?.context ??
    claims['https://purl.imsglobal.org/spec/lti/claim/context']) as Record<string, unknown> | undefined;
  return {
    issuer: text(verified?.iss ?? claims.iss),
    clientId: text(verified?.clientId ?? (Array.isArray(claims.aud) ? claims.aud[0] : claims.aud)),
    deploymentId: text(verified?.deploymentId ?? claims['https://purl.imsglobal.org/spec/lti/claim/deployment_id']),
    context: context
      ? { id: text(context.id), title: stripForbidden(text(context.title) ?? '').slice(0, 300) || null }
      : null,
  };
}

/** The issuer a token claims, unverified: only to let that platform frame our refusal page. */
export const unverifiedIssuer = (idToken: string) => issuerIn(unverifiedPayload(idToken));

const issuerIn = ({ iss }: Record<string, unknown>): string | undefined => (typeof iss === 'string' ? iss : undefined);

/**
 * OIDC Core §3.1.3.7: an `azp` must name one of the audiences (ltijs then checks it is our client
 * id when there are several). Only ever a reason to refuse, so it may look before the signature is.
 */
function azpAgreesWithAud({ azp, aud }: Record<string, unknown>): boolean {
  if (azp === undefined) return true;
  return typeof azp === 'string' && (Array.isArray(aud) ? aud.includes(azp) : aud === azp);
}
