/**
 * Who is asking: the person signed in to this session, or an anonymous visitor. Puts the actor on
 * the request for routes and policies, and a presentable summary on `res.locals` for the views.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Person } from '../../domain/person.js';
import { anonymous, type Actor } from '../../policies/actor.js';
import { actorOf } from '../../services/accounts.js';
import type { Services } from '../../services/index.js';
import { presentCurrentUser } from '../../presenters/person.js';
import { DomainError } from '../../domain/errors.js';
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

/**
 * People launched from an LMS: inside the platform's iframe the browser may keep no cookie of
 * ours, so the LTI launch token (`ltik`) on a request stands for the person, with the items their
 * courses link to (src/lti/session.ts).
 */
export interface LtiSessionSource {
  fromRequest(req: Request): Promise<{ person: Person; grantedResourceIds: ReadonlySet<string> } | null>;
}

export function authenticate(services: Services, lti?: LtiSessionSource) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    req.actor = anonymous;
    req.person = null;
    try {
      const personId = req.session?.personId;
      if (personId) {
        const person = await services.accounts.person(personId);
        if (person && !person.disabled) {
          req.person = person;
          req.actor = actorOf(person);
          res.locals.currentUser = presentCurrentUser(person, services.tree, req.lang);
        } else {
          await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
        }
      }
      const launched = !req.person && lti ? await lti.fromRequest(req) : null;
      if (launched) {
        req.person = launched.person;
        req.actor = actorOf(launched.person, launched.grantedResourceIds);
      }
      next();
    } catch (err) {
      next(err);
    }
  };
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
