/**
 * CSRF protection for forms and for API calls made with the session cookie: a random value in an
 * HttpOnly cookie, and an HMAC of it that pages embed in forms (`_csrf`) and scripts send as
 * `X-CSRF-Token`. A cross-site page can neither read the cookie nor compute the HMAC.
 * Multipart uploads, whose bodies are streamed, carry the token in the header or the query string.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../../domain/errors.js';

const COOKIE = 'tvs.csrf';
const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'express-serve-static-core' {
  interface Request {
    csrfToken: string;
  }
}

export function csrfProtection(options: { secret: string; secureCookies: boolean; exemptPrefixes: readonly string[] }) {
  const sign = (value: string) => createHmac('sha256', options.secret).update(`csrf:${value}`).digest('base64url');
  return (req: Request, res: Response, next: NextFunction): void => {
    let value: string | undefined = req.cookies?.[COOKIE];
    if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
      value = randomBytes(32).toString('base64url');
      res.cookie(COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/' });
    }
    req.csrfToken = sign(value);
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
