/** Local sign-in for admins and librarians (portal sign-in is in src/auth/saml), and sign-out. */
import { Router, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { Services } from '../../services/index.js';
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

export function authRouter(services: Services, extras: LoginPageExtras): Router {
  const router = Router();
  // Per instance; the per-account lock-out in the database is the cross-instance guard.
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: 20,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) =>
      `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
    handler: (_req, _res, next) => next(new DomainError('rate_limited')),
  });

  const renderLogin = async (
    req: Parameters<Parameters<typeof router.get>[1]>[0],
    res: Parameters<Parameters<typeof router.get>[1]>[1],
    status: number,
    extra: Record<string, unknown>,
  ) => {
    const next = safeRedirectPath(req.query.next ?? (req.body as { next?: unknown } | undefined)?.next);
    res.status(status).render('pages/login', {
      title: req.t('auth.title'),
      next,
      portals: (await extras.portals()).map((p) => ({ ...p, url: `${p.url}?next=${encodeURIComponent(next)}` })),
      lastPortal: req.cookies?.['tvs.portal'],
      ...extra,
    });
  };

  router.get('/login', async (req, res, next) => {
    if (req.person) return res.redirect(303, safeRedirectPath(req.query.next));
    await renderLogin(req, res, 200, {}).catch(next);
  });

  router.post('/login', limiter, async (req, res, next) => {
    try {
      const form = parse(loginForm, req.body, req);
      let person;
      try {
        person = await services.accounts.signInLocally(form.username, form.password);
      } catch (err) {
        if (
          err instanceof DomainError &&
          (err.code === 'unauthenticated' || err.code === 'rate_limited' || err.code === 'forbidden')
        ) {
          const status = { unauthenticated: 401, rate_limited: 429, forbidden: 403 }[err.code];
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
