/**
 * A printed title inside Moodle: the launch shows the copies on the shelf at the learner's school,
 * and the learner places a hold there without leaving the course. The ltik is the session (posted
 * in the form, never a cookie, so another site cannot forge the post: the LTI pages' CSRF defence),
 * and the title is the one the launch opened, read from the launch itself, not from the form.
 */
import type { NextFunction, Request, Response } from 'express';
import type { IdToken } from 'ltijs';
import { DomainError, conflict, forbidden } from '../domain/errors.js';
import { organisationOfDeployment } from '../domain/ltiPlatform.js';
import { identityKey } from '../domain/person.js';
import { actorOf } from '../services/accounts.js';
import { allowPlatform } from './frame.js';
import { RESOURCE_PARAMETER, type LtiDeps } from './launch.js';
import { refuse } from './loginGuard.js';
import { printedAtSchool } from './printedShelf.js';

async function launchedPrintedTitle(deps: LtiDeps, token: IdToken) {
  const platform = await deps.platforms.forLaunch(token.iss, token.clientId);
  const orgId = organisationOfDeployment(platform, token.deploymentId);
  const resourceId = token.platformContext.custom?.[RESOURCE_PARAMETER];
  const resource = typeof resourceId === 'string' ? await deps.services.resources.findToOpen(resourceId) : null;
  const person = await deps.services.accounts.personByIdentity(identityKey('lti', token.iss, token.user));
  if (!orgId || !resource?.print || !person || person.disabled) throw forbidden();
  return { orgId, resource, person };
}

/** The learner places a hold on the launched printed title at their school: 201, or 409 saying why not. */
export function placeHoldRoute(deps: LtiDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = res.locals.token as IdToken | undefined;
    if (token?.platformContext?.messageType !== 'LtiResourceLinkRequest')
      return refuse(req, res, 'moodleDesk.hold.notLaunch', 403, token?.iss);
    try {
      const { orgId, resource, person } = await launchedPrintedTitle(deps, token);
      const shelf = await printedAtSchool(deps.services, person, orgId, resource);
      let answer: { status: number; key: string; params?: Record<string, unknown> };
      try {
        if (!shelf?.total) throw conflict('moodleDesk.hold.noCopy');
        await deps.services.holds.place(actorOf(person), shelf.schoolId, resource.id, person.id);
        answer = { status: 201, key: 'moodleDesk.hold.placed', params: { school: shelf.school } };
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'conflict') throw err;
        answer = { status: 409, key: err.messageKey, params: err.params };
      }
      allowPlatform(res, [token.iss]);
      res.status(answer.status).render('pages/lti-hold', {
        layout: 'lti',
        title: resource.metadata.title,
        message: req.t(answer.key, answer.params),
        placed: answer.status === 201,
      });
    } catch (err) {
      next(err);
    }
  };
}
