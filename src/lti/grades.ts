/**
 * Completion through Assignment and Grade Services: when the learner has opened the item (or
 * watched most of a video), our small script posts a progress event with the ltik, and where the
 * platform granted the score scope for that link's line item we post a score of 1/1.
 */
import type { NextFunction, Request, Response } from 'express';
import type { IdToken, Provider } from 'ltijs';
import { z } from 'zod';
import type { Logger } from '../log.js';
import { parse } from '../web/validate.js';

const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const progress = z.object({ event: z.enum(['opened', 'watched', 'lastPage']) });

export function progressRoute(provider: Provider, log: Logger) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      parse(progress, req.body, req);
      const token = res.locals.token as IdToken;
      const endpoint = token.platformContext.endpoint;
      if (
        token.platformContext.messageType !== 'LtiResourceLinkRequest' ||
        !endpoint?.lineitem ||
        !endpoint.scope?.includes(SCORE_SCOPE)
      ) {
        res.status(204).end();
        return;
      }
      try {
        await provider.Grade.submitScore(token, endpoint.lineitem, {
          userId: token.user,
          scoreGiven: 1,
          scoreMaximum: 1,
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
          timestamp: new Date().toISOString(),
        });
      } catch (err) {
        log.warn({ err, platform: token.iss }, 'LTI score could not be posted');
        res.status(502).json({ error: { code: 'platform_unavailable', message: req.t('lti.grades.failed') } });
        return;
      }
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  };
}
