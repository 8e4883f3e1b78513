/** Local sign-in for admins and librarians (portal sign-in is in src/auth/saml), and sign-out. */
import { Router, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit, type AugmentedRequest } from 'express-rate-limit';
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { normaliseUsername } from '../../services/accounts.js';
import { DatabaseRateLimitStore } from '../../services/rateLimitStore.js';
import { DomainError } from '../../domain/errors.js';
import { signIn, signOut } from '../middleware/authenticate.js';
import { safeRedirectPath } from '../redirects.js';
import { parse } from '../validate.js';
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

export function authRouter(services: Services, extras: LoginPageExtras): Router {
  const router = Router();
  // Only failures count (a successful sign-in takes its hit back). Both limits answer the same for
  // an unknown username as for a known one, so the answer tells nothing about who has an account.
  const failedSignIns = (name: string, limit: number, key: (req: Request) => string) =>
    rateLimit({
      windowMs: LOGIN_WINDOW_MS,
      limit,
      skipSuccessfulRequests: true,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      store: new DatabaseRateLimitStore(`login-${name}:`),
      keyGenerator: key,
      handler: (req, res, next) => {
        const minutes = Math.max(
          1,
          Math.ceil((((req as AugmentedRequest).rateLimit?.resetTime?.getTime() ?? Date.now()) - Date.now()) / 60_000),
        );
        res.setHeader('Retry-After', String(minutes * 60));
        renderLogin(req, res, 429, { error: req.t('auth.throttled', { minutes }), username: usernameOf(req) }).catch(
          next,
        );
      },
    });
  const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? '');
  const perAddress = failedSignIns('address', LOGIN_FAILURES_PER_ADDRESS, addressOf);
  const perAccountAndAddress = failedSignIns(
    'account',
    LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
    (req) => `${addressOf(req)}|${usernameOf(req)}`,
  );

  async function renderLogin(
    req: Request,
    res: Response,
    status: number,
    extra: Record<string, unknown>,
  ): Promise<void> {
    const next = safeRedirectPath(req.query.next ?? (req.body as { next?: unknown } | undefined)?.next);
    res.status(status).render('pages/login', {
      title: req.t('auth.title'),
      next,
      portals: (await extras.portals()).map((p) => ({ ...p, url: `${p.url}?next=${encodeURIComponent(next)}` })),
      lastPortal: req.cookies?.['tvs.portal'],
      ...extra,
    });
  }

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
