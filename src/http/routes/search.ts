/** The search page, `/search?q=…&level=…&sort=…&page=…`: a stable URL that guides and integrations link to. */
import { Router } from 'express';
import { presentSearchPage } from '../../presenters/searchPage.js';
import type { Services } from '../../services/index.js';
import { filtersOf, searchQuerySchema } from '../schemas/search.js';
import { parse } from '../validate.js';
import { page } from './page.js';

export function searchPages(services: Services): Router {
  const router = Router();
  router.get(
    '/search',
    page(async (req, res) => {
      const query = parse(searchQuerySchema, req.query, req);
      const state = {
        q: query.q.trim(),
        sort: query.sort,
        filters: filtersOf(query),
        page: query.page,
        limit: query.limit,
      };
      const result = await services.search.search(req.actor, {
        q: state.q,
        filters: state.filters,
        sort: state.sort,
        offset: (state.page - 1) * state.limit,
        limit: state.limit,
      });
      res.render('pages/search', {
        title: state.q ? req.t('web.search.titleFor', { q: state.q }) : req.t('web.search.title'),
        search: presentSearchPage(state, result, services.tree, req.lang),
      });
    }),
  );
  return router;
}
