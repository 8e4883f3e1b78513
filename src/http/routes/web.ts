/** The library's own pages, mounted by src/app.ts. */
import { Router } from 'express';
import type { Services } from '../../services/index.js';
import { adminPages } from './admin.js';
import { collectionPages } from './collections.js';
import { homePages } from './home.js';
import { libraryPages } from './library/index.js';
import { integrationHealthPages } from './integrationHealth.js';
import { resourcePages } from './resources.js';
import { searchPages } from './search.js';
import { statisticsPages } from './statistics.js';
import { workListPages } from './my.js';

export function webRouter(services: Services): Router {
  const router = Router();
  router.use(
    homePages(services),
    searchPages(services),
    resourcePages(services),
    workListPages(services),
    adminPages(services),
    statisticsPages(services),
    integrationHealthPages(services),
    collectionPages(services),
    libraryPages(services),
  );
  return router;
}
