/**
 * Around ltijs's OIDC login: makes the state single-use and binds the nonce to it, gives the state
 * cookie the attributes a cross-site iframe needs (`SameSite=None; Secure; Partitioned`), and
 * answers a browser that still refuses that cookie with a page that starts the same launch again
 * in a window of its own, where the cookie is first-party.
 *
 * Nothing is written when a login starts: the state we send carries, sealed (AES-GCM under our LTI
 * secret), the login's parameters, the nonce sent with it and its expiry. The id_token post that
 * answers it records the state as used, once: a second post of the same state is refused, and so
 * is a nonce that did not leave with that state. A launch costs one write for both, not a record
 * written at login and taken out again.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import { isDuplicateKey } from '../db/errors.js';
import { LtiUsedStateModel } from '../models/lti.js';
import { allowPlatform } from './frame.js';
import { purposeKey, seal, unseal, type Secret } from './sealing.js';

const LOGIN_LIFETIME_MS = 10 * 60_000;

interface Login {
  /** The state ltijs chose (its cookie and its own state record are named after it). */
  state: string;
  params: Record<string, string>;
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
  // ltijs keeps a state record only for a target link with a query string.
  return { state: login.state, hasRecord: login.params.target_link_uri?.includes('?') ?? false };
}
export const isNonceOfCurrentLogin = (nonce: unknown) => typeof nonce === 'string' && currentLogin.getStore()?.nonce === nonce;
const loginParams = ['iss', 'login_hint', 'target_link_uri', 'client_id', 'lti_message_hint', 'lti_deployment_id'] as const;

function paramsOf(req: Request): Record<string, string> {
  const all = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
  return Object.fromEntries(loginParams.filter((p) => typeof all[p] === 'string').map((p) => [p, all[p] as string]));
}

const ticketKey = (secret: Secret) => purposeKey('lti-login', secret);

/** Our state: ltijs's, a dot, and the sealed login. */
function stateFor(login: Login, secret: Secret): string {
  const { iv, data } = seal(login, ticketKey(secret), 'base64url');
  return `${login.state}.${iv}.${data}`;
}

function loginOf(state: string, secret: Secret): Login | null {
  const [ltijsState, iv, data, extra] = state.split('.');
  if (!ltijsState || !iv || !data || extra !== undefined) return null;
  try {
    const login = unseal({ iv, data }, ticketKey(secret), 'base64url') as Login;
    return login.state === ltijsState && login.expiresAt > Date.now() ? login : null;
  } catch {
    return null;
  }
}

/** On the login route: the state ltijs chose becomes ours, in the redirect to the platform and in the cookie's name. */
export function rememberLogins(loginPath: string, partitioned: boolean, secret: Secret) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path !== loginPath) return next();
    const params = paramsOf(req);
    const cookie = res.cookie.bind(res) as (name: string, value: string, options: CookieOptions) => Response;
    let stateCookie: { value: string; options: CookieOptions } | undefined;
    res.cookie = ((name: string, value: string, options: CookieOptions = {}) => {
      if (!name.startsWith('state')) return cookie(name, value, options);
      stateCookie = { value, options: partitioned ? { ...options, partitioned: true } : options }; // set with the redirect, under our state
      return res;
    }) as Response['cookie'];
    const redirect = res.redirect.bind(res) as (url: string) => void;
    res.redirect = ((url: string) => {
      // ltijs redirects to the platform's authorisation endpoint with the state and nonce it chose.
      const target = new URL(url);
      const ltijsState = target.searchParams.get('state');
      const nonce = target.searchParams.get('nonce');
      if (!ltijsState || !nonce || !stateCookie) return next(new Error('LTI login: ltijs sent no state, nonce or state cookie'));
      const state = stateFor({ state: ltijsState, params, nonce, expiresAt: Date.now() + LOGIN_LIFETIME_MS }, secret);
      target.searchParams.set('state', state);
      cookie(`state${state}`, stateCookie.value, stateCookie.options);
      redirect(target.toString());
    }) as Response['redirect'];
    next();
  };
}

/**
 * On the id_token post: records the state as used (a second post of it is refused), and answers a
 * browser that did not send the state cookie back with the new-window page.
 */
export function consumeLoginState(launchPath: string, partitioned: boolean, secret: Secret) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.path !== launchPath || req.method !== 'POST' || typeof body.id_token !== 'string' || body.ltik) return next();
    // ltijs clears the state cookie after the launch; only a Set-Cookie that is Partitioned too reaches a partitioned cookie.
    if (partitioned) {
      const cookie = res.cookie.bind(res) as (name: string, value: string, options: CookieOptions) => Response;
      res.cookie = ((name: string, value: string, options: CookieOptions = {}) => cookie(name, value, { ...options, partitioned: true })) as Response['cookie'];
    }
    try {
      const state = typeof body.state === 'string' ? body.state : '';
      if (!azpAgreesWithAud(body.id_token)) return refuse(req, res, 'lti.refused.platform', 401, unverifiedIssuer(body.id_token));
      const login = loginOf(state, secret);
      if (!login || !(await markUsed(login))) return refuse(req, res, 'lti.refused.state', 401, unverifiedIssuer(body.id_token));
      const signedCookies = req.signedCookies as Record<string, unknown> | undefined;
      if (!signedCookies?.[`state${state}`]) {
        allowPlatform(res, [login.params.iss]);
        res.status(401).render('pages/lti-new-window', {
          layout: 'lti',
          title: req.t('lti.newWindow.title'),
          relaunchUrl: `${req.baseUrl}/login?${new URLSearchParams(login.params).toString()}`,
        });
        return;
      }
      if (unverifiedPayload(body.id_token).nonce !== login.nonce) return refuse(req, res, 'lti.refused.replay', 401, unverifiedIssuer(body.id_token));
      currentLogin.run(login, next);
    } catch (err) {
      next(err);
    }
  };
}

/** False when the state was used before. */
async function markUsed(login: Login): Promise<boolean> {
  try {
    await LtiUsedStateModel.create({ _id: login.state, expiresAt: new Date(login.expiresAt) });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Our clear page for a launch we refuse: what happened, in the person's language, never a bare 401. */
export function refuse(req: Request, res: Response, messageKey: string, status = 401, platformUrl?: string): void {
  allowPlatform(res, [platformUrl]);
  res.status(status).render('pages/lti-refused', { layout: 'lti', title: req.t('lti.refused.title'), message: req.t(messageKey), requestId: String(req.id ?? '') });
}

function unverifiedPayload(idToken: string): Record<string, unknown> {
  try {
    const payload: unknown = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The issuer a token claims, unverified: only to let that platform frame our refusal page. */
export function unverifiedIssuer(idToken: string): string | undefined {
  const { iss } = unverifiedPayload(idToken);
  return typeof iss === 'string' ? iss : undefined;
}

/**
 * OIDC Core §3.1.3.7: an `azp` must name one of the audiences (ltijs then checks it is our client
 * id when there are several). Only ever a reason to refuse, so it may look before the signature is.
 */
function azpAgreesWithAud(idToken: string): boolean {
  const { azp, aud } = unverifiedPayload(idToken);
  if (azp === undefined) return true;
  return typeof azp === 'string' && (Array.isArray(aud) ? aud.includes(azp) : aud === azp);
}
