/**
 * Who is asking: the person signed in to this session, or an anonymous visitor. Puts the actor on
 * the request for routes and policies (src/web/session.ts declares them), and a presentable summary
 * on `res.locals` for the views.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Person } from '../../domain/person.js';
import { anonymous } from '../../policies/actor.js';
import { actorOf } from '../../services/accounts.js';
import type { Services } from '../../services/index.js';
import { presentCurrentUser } from '../../presenters/person.js';
import '../../web/session.js';

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
