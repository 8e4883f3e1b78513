/**
 * Who a request comes from, for every face: the person and actor on the request (set by
 * src/http/middleware/authenticate.ts or an LTI launch token), signing a person in and out of a
 * session, and the gate for pages and API calls that need a signed-in person.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Person } from '../domain/person.js';
import type { Actor } from '../policies/actor.js';
import { DomainError } from '../domain/errors.js';
import { forgetVisitorCsrf, newCsrfSecret } from './csrf.js';

declare module 'express-session' {
  interface SessionData {
    personId: string;
    /** How the person signed in: local, saml or lti. */
    via: string;
    /** For SAML single logout: the IdP and the NameID it gave. */
    saml?: { idpId: string; nameId: string; nameIdFormat: string | null; sessionIndex: string | null };
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    actor: Actor;
    person: Person | null;
  }
}

/** For routes that need a signed-in person: a page sends them to the login page, the API gets 401. */
export function requireSignIn(req: Request, res: Response, next: NextFunction): void {
  if (req.person) return next();
  if (req.path.startsWith('/api/') || req.originalUrl.startsWith('/api/'))
    return next(new DomainError('unauthenticated'));
  res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
}

/**
 * Starts a signed-in session for `person`: a fresh session id (no fixation) with a fresh CSRF
 * secret, so that no token or form from before the sign-in works in it.
 */
export function signIn(
  req: Request,
  person: Person,
  via: string,
  extra: Partial<Pick<Express.Request['session'], 'saml'>> = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.personId = person.id;
      req.session.via = via;
      req.session.csrfSecret = newCsrfSecret();
      if (extra.saml) req.session.saml = extra.saml;
      if (req.res) forgetVisitorCsrf(req.res);
      req.session.save((saveErr) => (saveErr ? reject(saveErr) : resolve()));
    });
  });
}

/** Ends the session; the token of the visitor the person becomes is a new one. */
export function signOut(req: Request): Promise<void> {
  if (req.res) forgetVisitorCsrf(req.res);
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}
