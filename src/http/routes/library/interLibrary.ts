/**
 * Asking another school for a printed title from the title's page (a form, so that it works
 * without script); the page then shows the request's status. The steps librarians take are in the
 * API (src/http/api/interLibrary.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../../../services/index.js';
import { page } from '../../../web/page.js';
import { objectId, parse } from '../../../web/validate.js';

const askForm = z.object({ resourceId: objectId, borrowingOrgId: objectId, lendingOrgId: objectId });

export function interLibraryPages(services: Services): Router {
  const router = Router();
  router.post(
    '/library/inter-library-requests',
    page(async (req, res) => {
      const form = parse(askForm, req.body, req);
      const request = await services.interLibrary.request(req.actor, { ...form, note: null });
      res.redirect(303, `/resources/${request.resourceId}`);
    }),
  );
  return router;
}
