/**
 * Around ltijs's OIDC login: remembers each login we start (keyed by its state), makes the state
 * single-use, and gives the state cookie the attributes a cross-site iframe needs
 * (`SameSite=None; Secure; Partitioned`). A browser that still refuses the cookie gets a page that
 * carries the platform's id_token on to a window of its own, where the cookie is first-party. It
 * cannot start the login again there: Moodle's `lti_message_hint` names a launch it forgets once it
 * has answered it, so a second authentication request with it is refused ("Invalid request").
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { LtiLoginModel, type LtiLoginRecord } from '../models/lti.js';
import { allowPlatform } from './frame.js';

const LOGIN_LIFETIME_MS = 10 * 60_000;

/**
 * ltijs keeps a state record of its own only for a login whose target link had a query string,
 * yet looks one up on every launch; during a launch whose login had none, this names its state,
 * and our storage answers that lookup without asking the database.
 */
const stateWithoutRecord = new AsyncLocalStorage<string>();
export const hasNoStateRecord = (state: unknown) => state !== undefined && stateWithoutRecord.getStore() === state;
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
    let saved: Promise<unknown> = Promise.resolve();
    const cookie = res.cookie.bind(res) as (name: string, value: string, options: CookieOptions) => Response;
    res.cookie = ((name: string, value: string, options: CookieOptions = {}) => {
      if (name.startsWith('state')) {
        saved = LtiLoginModel.create({ _id: name.slice('state'.length), params, expiresAt: new Date(Date.now() + LOGIN_LIFETIME_MS) });
      }
      return cookie(name, value, partitioned ? { ...options, partitioned: true } : options);
    }) as Response['cookie'];
    const redirect = res.redirect.bind(res) as (url: string) => void;
    res.redirect = ((url: string) => {
      saved.then(
        () => redirect(url),
        (err: unknown) => next(err),
      );
    }) as Response['redirect'];
    next();
  };
}

/**
 * On the id_token post: takes the login out of the database (a second post of the same state finds
 * nothing), and answers a browser that did not send the state cookie back with the new-window page,
 * leaving the login in place for that window.
 */
export function consumeLoginState(launchPath: string) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.path !== launchPath || req.method !== 'POST' || typeof body.id_token !== 'string' || body.ltik) return next();
    try {
      const state = typeof body.state === 'string' ? body.state : '';
      if (!azpAgreesWithAud(body.id_token)) return refuse(req, res, 'lti.refused.platform', 401, unverifiedIssuer(body.id_token));
      const signedCookies = req.signedCookies as Record<string, unknown> | undefined;
      const cookieCameBack = Boolean(state && signedCookies?.[`state${state}`]);
      const login = !state ? null : cookieCameBack ? await LtiLoginModel.findOneAndDelete({ _id: state }).lean() : await LtiLoginModel.findById(state).lean();
      if (!isLive(login)) return refuse(req, res, 'lti.refused.state', 401, unverifiedIssuer(body.id_token));
      if (!cookieCameBack) {
        allowPlatform(res, [login.params.iss]);
        // So that browsers without Fetch Metadata still send our Origin with the form below.
        res.setHeader('Referrer-Policy', 'same-origin');
        res.status(401).render('pages/lti-new-window', { layout: 'lti', title: req.t('lti.newWindow.title'), action: `${req.baseUrl}${NEW_WINDOW_PATH}`, idToken: body.id_token, state });
        return;
      }
      if (login.params.target_link_uri?.includes('?')) return next();
      stateWithoutRecord.run(state, next);
    } catch (err) {
      next(err);
    }
  };
}

export const NEW_WINDOW_PATH = '/new-window';

function isLive(login: LtiLoginRecord | null): login is LtiLoginRecord {
  return login !== null && login.expiresAt.getTime() > Date.now();
}

/** Fetch Metadata where the browser sends it, else the Origin header. */
function sentByOwnPage(req: Request, ownOrigin: string): boolean {
  const site = req.get('sec-fetch-site');
  return site ? site === 'same-origin' : req.get('origin') === ownOrigin;
}

const newWindowForm = z.object({ id_token: z.string().min(1).max(20_000), state: z.string().min(1).max(200) });

/**
 * The new window (a top-level page of ours, so its cookies are first-party): gives it the state
 * cookie of the login begun inside the frame, and posts the same id_token to the launch route,
 * where ltijs checks it as usual (signature, nonce, age). Only our own new-window page may send a
 * browser here: another site cannot hand someone a launch made by somebody else.
 */
export function continueInNewWindow(ownOrigin: string, stateCookie: CookieOptions) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      if (!sentByOwnPage(req, ownOrigin)) return refuse(req, res, 'lti.refused.newWindowOrigin', 403);
      const form = newWindowForm.safeParse(req.body);
      if (!form.success) return refuse(req, res, 'lti.refused.invalid', 400);
      const login = await LtiLoginModel.findById(form.data.state).lean();
      if (!isLive(login) || login.params.iss === undefined) return refuse(req, res, 'lti.refused.state', 401);
      // What ltijs's login route would have set: the issuer, signed, for one minute.
      res.cookie(`state${form.data.state}`, login.params.iss, { ...stateCookie, httpOnly: true, signed: true, maxAge: 60_000 });
      allowPlatform(res, [login.params.iss]);
      res.render('pages/lti-new-window-continue', { layout: 'lti', title: req.t('lti.newWindow.continuing'), action: req.baseUrl || '/', idToken: form.data.id_token, state: form.data.state });
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
