/**
 * CSRF protection for forms and for API calls made with the session cookie. Pages embed the token
 * in forms (`_csrf`), scripts send it as `X-CSRF-Token`; multipart uploads, whose bodies are
 * streamed, carry it in the header or the query string.
 *
 * A signed-in session's token is an HMAC of a secret kept in that session, made anew at every
 * sign-in (with a new session id, src/web/session.ts): a token is good for one
 * session only, and a cookie planted in the browser cannot bring one along. Visitors who are not
 * signed in have no session (none is stored for them, so that crawlers cost no writes); their token,
 * needed for the sign-in form, is an HMAC of a random value in an HttpOnly cookie, replaced when a
 * session ends. A cross-site page can neither read these values nor compute the HMAC.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../domain/errors.js';

const VISITOR_COOKIE = 'tvs.csrf';
const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'express-serve-static-core' {
  interface Request {
    csrfToken: string;
  }
}

declare module 'express-session' {
  interface SessionData {
    /** The secret this session's CSRF token is made from. */
    csrfSecret?: string;
  }
}

export const newCsrfSecret = () => randomBytes(32).toString('base64url');

/** When a session ends, the visitor's token is replaced too: nothing from the session works after it. */
export function forgetVisitorCsrf(res: Response): void {
  res.clearCookie(VISITOR_COOKIE, { path: '/' });
}

export function csrfProtection(options: { secret: string; secureCookies: boolean; exemptPrefixes: readonly string[] }) {
  const sign = (kind: 'session' | 'visitor', value: string) =>
    createHmac('sha256', options.secret).update(`csrf:${kind}:${value}`).digest('base64url');

  const tokenOf = (req: Request, res: Response): string => {
    if (req.session?.personId) {
      // Sessions signed in before secrets were kept in them get one now.
      req.session.csrfSecret ??= newCsrfSecret();
      return sign('session', req.session.csrfSecret);
    }
    let value: string | undefined = req.cookies?.[VISITOR_COOKIE];
    if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
      value = newCsrfSecret();
      res.cookie(VISITOR_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/' });
    }
    return sign('visitor', value);
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    req.csrfToken = tokenOf(req, res);
    res.locals.csrfToken = req.csrfToken;
    if (!unsafe.has(req.method) || options.exemptPrefixes.some((p) => req.path.startsWith(p))) return next();

    const body = req.body as Record<string, unknown> | undefined;
    const given =
      req.get('x-csrf-token') ??
      (typeof body?._csrf === 'string' ? body._csrf : undefined) ??
      (typeof req.query._csrf === 'string' ? req.query._csrf : undefined);
    const expected = Buffer.from(req.csrfToken);
    if (!given || Buffer.byteLength(given) !== expected.length || !timingSafeEqual(Buffer.from(given), expected)) {
      return next(new DomainError('forbidden', 'errors.csrf'));
    }
    next();
  };
}
