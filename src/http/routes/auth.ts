/** Local sign-in for admins and librarians (portal sign-in is in src/auth/saml), and sign-out. */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit, type AugmentedRequest } from 'express-rate-limit';
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { normaliseUsername } from '../../services/accounts.js';
import { DatabaseRateLimitStore } from '../../services/rateLimitStore.js';
import { DomainError } from '../../domain/errors.js';
import { signIn, signOut } from '../../web/session.js';
import { safeRedirectPath } from '../../web/redirects.js';
import { parse } from '../../web/validate.js';
import { text } from '../schemas/text.js';

const loginForm = z.object({
  username: text({ max: 200, min: 1 }),
  // As typed: see createPersonBody.
  password: z.string().min(1).max(1000),
  next: z.string().optional(),
});

export interface LoginPageExtras {
  /** Extra ways to sign in shown on the login page (the SAML portals). */
  portals: () => Promise<{ id: string; name: string; url: string }[]>;
  /** Ends a session that came from a portal there too, answering the request; false for other sessions. */
  portalSignOut: (req: Request, res: Response) => Promise<boolean>;
}

/** Failed sign-ins counted over this window, in the database so that every instance counts together. */
export const LOGIN_WINDOW_MS = 15 * 60_000;
/** Failures for one account from one address: a person elsewhere is not locked out by them. */
export const LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
/** Failures from one address across accounts (password spraying); looser, for a school behind one address. */
export const LOGIN_FAILURES_PER_ADDRESS = 30;

const usernameOf = (req: Request) =>
  normaliseUsername(String((req.body as { username?: unknown } | undefined)?.username ?? '').slice(0, 200));

type RenderLogin = (req: Request, res: Response, status: number, extra: Record<string, unknown>) => Promise<void>;

const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? '');

export function authRouter(services: Services, extras: LoginPageExtras): Router {
  const router = Router();
  const renderLogin = loginPage(extras);
  const { perAddress, perAccountAndAddress, addressFailures } = loginThrottles(renderLogin);

  router.get('/login', async (req, res, next) => {
    if (req.person) return res.redirect(303, safeRedirectPath(req.query.next));
    await renderLogin(req, res, 200, {}).catch(next);
  });

  router.post('/login', perAddress, perAccountAndAddress, async (req, res, next) => {
    try {
      const form = parse(loginForm, req.body, req);
      let person;
      try {
        person = await services.accounts.signInLocally(form.username, form.password);
      } catch (err) {
        if (err instanceof DomainError && (err.code === 'unauthenticated' || err.code === 'forbidden')) {
          await addressFailures.increment(addressOf(req));
          const status = { unauthenticated: 401, forbidden: 403 }[err.code];
          return await renderLogin(req, res, status, {
            error: req.t(err.messageKey, err.params),
            username: form.username,
          });
        }
        throw err;
      }
      await signIn(req, person, 'local');
      res.redirect(303, safeRedirectPath(form.next));
    } catch (err) {
      next(err);
    }
  });

  router.post('/logout', async (req, res, next) => {
    try {
      // A portal session ends at the portal too (single logout), which then sends the person back here.
      if (await extras.portalSignOut(req, res)) return;
      await signOut(req);
      res.redirect(303, '/');
    } catch (err) {
      next(err);
    }
  });

  return router;
}

/** The login page, with the portals to sign in through, each sending the person back where they were going. */
function loginPage(extras: LoginPageExtras): RenderLogin {
  return async (req, res, status, extra) => {
    const next = safeRedirectPath(req.query.next ?? (req.body as { next?: unknown } | undefined)?.next);
    res.status(status).render('pages/login', {
      title: req.t('auth.title'),
      next,
      portals: (await extras.portals()).map((p) => ({ ...p, url: `${p.url}?next=${encodeURIComponent(next)}` })),
      lastPortal: req.cookies?.['tvs.portal'],
      ...extra,
    });
  };
}

/** The two limits on sign-in attempts, answered with the login page and when to try again. */
function loginThrottles(renderLogin: RenderLogin) {
  const throttled = (req: Request, res: Response, resetTime: Date | undefined) => {
    const minutes = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now()) - Date.now()) / 60_000));
    res.setHeader('Retry-After', String(minutes * 60));
    return renderLogin(req, res, 429, { error: req.t('auth.throttled', { minutes }), username: usernameOf(req) });
  };
  // One account's guesses from one address: counted as each attempt starts (a success takes its hit
  // back), so parallel guesses at one account are held too.
  const perAccountAndAddress = rateLimit({
    windowMs: LOGIN_WINDOW_MS,
    limit: LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: new DatabaseRateLimitStore('login-account:'),
    keyGenerator: (req) => `${addressOf(req)}|${usernameOf(req)}`,
    handler: (req, res, next) => throttled(req, res, (req as AugmentedRequest).rateLimit?.resetTime).catch(next),
  });
  // Failures from one address across accounts (password spraying): counted once they have failed,
  // not while they are checked, so that a class signing in at the same moment behind its school's
  // one address is never turned away by its own correct sign-ins.
  const addressFailures = new DatabaseRateLimitStore('login-address:', LOGIN_WINDOW_MS);
  const perAddress = (req: Request, res: Response, next: NextFunction) => {
    addressFailures.get(addressOf(req)).then((seen) => {
      const open =
        !seen || seen.totalHits < LOGIN_FAILURES_PER_ADDRESS || (seen.resetTime ?? new Date(0)) <= new Date();
      return open ? next() : throttled(req, res, seen.resetTime);
    }, next);
  };
  return { perAccountAndAddress, perAddress, addressFailures };
}
