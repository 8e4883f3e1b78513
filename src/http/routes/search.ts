/** The search page, `/search?q=…&level=…&sort=…&page=…`: a stable URL that guides and integrations link to. */
import { Router } from 'express';
import { presentSearchPage } from '../../presenters/searchPage.js';
import type { Services } from '../../services/index.js';
import { searchParamsOf, searchQuerySchema, searchStateOf } from '../../web/searchQuery.js';
import { parse } from '../../web/validate.js';
import { page } from '../../web/page.js';

export function searchPages(services: Services): Router {
  const router = Router();
  router.get(
    '/search',
    page(async (req, res) => {
      const state = searchStateOf(parse(searchQuerySchema, req.query, req));
      const result = await services.search.search(req.actor, searchParamsOf(state));
      res.render('pages/search', {
        title: state.q ? req.t('web.search.titleFor', { q: state.q }) : req.t('web.search.title'),
        search: presentSearchPage(state, result, services.tree, req.lang),
      });
    }),
  );
  return router;
}
