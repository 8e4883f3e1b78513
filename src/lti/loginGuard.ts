/**
 * Around ltijs's OIDC login: remembers each login we start (keyed by its state), makes the state
 * single-use, and gives the state cookie the attributes a cross-site iframe needs
 * (`SameSite=None; Secure; Partitioned`). A browser that still refuses the cookie gets a page that
 * starts the same launch again in a window of its own, where the cookie is first-party.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import { LtiLoginModel } from '../models/lti.js';
import { allowPlatform } from './frame.js';

const LOGIN_LIFETIME_MS = 10 * 60_000;

/**
 * What the consumed login of the id_token post being handled vouches for, for our storage's
 * answers to ltijs: `state`, when ltijs keeps no state record of its own (it does only for a
 * target link with a query string, yet looks one up on every launch), and `nonce`, the nonce that
 * login was sent with. That nonce needs no record of its own to serve once: it is accepted only
 * with its state, and the state was just taken out of the database.
 */
const consumedLogin = new AsyncLocalStorage<{ state: string | null; nonce: string | null }>();
export const hasNoStateRecord = (state: unknown) => state !== undefined && consumedLogin.getStore()?.state === state;
export const isNonceOfConsumedLogin = (nonce: unknown) => typeof nonce === 'string' && consumedLogin.getStore()?.nonce === nonce;
const loginParams = ['iss', 'login_hint', 'target_link_uri', 'client_id', 'lti_message_hint', 'lti_deployment_id'] as const;

function paramsOf(req: Request): Record<string, string> {
  const all = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
  return Object.fromEntries(loginParams.filter((p) => typeof all[p] === 'string').map((p) => [p, all[p] as string]));
}

/** On the login route: records the state ltijs picks, and waits for that record before redirecting. */
export function rememberLogins(loginPath: string, partitioned: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path !== loginPath) return next();
    const params = paramsOf(req);
    const cookie = res.cookie.bind(res) as (name: string, value: string, options: CookieOptions) => Response;
    res.cookie = ((name: string, value: string, options: CookieOptions = {}) => cookie(name, value, partitioned && name.startsWith('state') ? { ...options, partitioned: true } : options)) as Response['cookie'];
    const redirect = res.redirect.bind(res) as (url: string) => void;
    res.redirect = ((url: string) => {
      // ltijs redirects to the platform's authorisation endpoint with the state and nonce it chose.
      const sent = new URL(url).searchParams;
      LtiLoginModel.create({ _id: sent.get('state') ?? undefined, params, nonce: sent.get('nonce'), expiresAt: new Date(Date.now() + LOGIN_LIFETIME_MS) }).then(
        () => redirect(url),
        (err: unknown) => next(err),
      );
    }) as Response['redirect'];
    next();
  };
}

/**
 * On the id_token post: takes the login out of the database (a second post of the same state finds
 * nothing), and answers a browser that did not send the state cookie back with the new-window page.
 */
export function consumeLoginState(launchPath: string, partitioned: boolean) {
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
      const login = state ? await LtiLoginModel.findOneAndDelete({ _id: state }).lean() : null;
      if (!login || login.expiresAt.getTime() <= Date.now()) {
        return refuse(req, res, 'lti.refused.state', 401, unverifiedIssuer(body.id_token));
      }
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
      const { nonce } = unverifiedPayload(body.id_token);
      if (login.nonce && nonce !== login.nonce) return refuse(req, res, 'lti.refused.replay', 401, unverifiedIssuer(body.id_token));
      consumedLogin.run({ state: login.params.target_link_uri?.includes('?') ? null : state, nonce: login.nonce ?? null }, next);
    } catch (err) {
      next(err);
    }
  };
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
