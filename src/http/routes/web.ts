/** The library's own pages, mounted by src/app.ts. */
import { Router } from 'express';
import type { Services } from '../../services/index.js';
import { homePages } from './home.js';
import { resourcePages } from './resources.js';
import { searchPages } from './search.js';
import { workListPages } from './my.js';

export function webRouter(services: Services): Router {
  const router = Router();
  router.use(homePages(services), searchPages(services), resourcePages(services), workListPages(services));
  return router;
}
