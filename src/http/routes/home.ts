/**
 * The home page: a search box, browsing by level, subject and type, and the newest and most viewed resources this
 * visitor may see.
 */
import { Router } from 'express';
import { presentSummary } from '../../presenters/resource.js';
import { DEFAULT_LIMIT, presentSearchPage } from '../../presenters/searchPage.js';
import type { Services } from '../../services/index.js';
import { page } from '../../web/page.js';

const SHOWN = 6;
const browseFacets = new Set(['level', 'subject', 'type']);

export function homePages(services: Services): Router {
  const { search, tree } = services;
  const router = Router();
  router.get(
    '/',
    page(async (req, res) => {
      const all = { q: '', filters: {}, offset: 0, limit: SHOWN };
      const [newest, mostViewed] = await Promise.all([
        search.search(req.actor, { ...all, sort: 'newest' }),
        search.search(req.actor, { ...all, sort: 'views' }),
      ]);
      const browse = presentSearchPage(
        { q: '', sort: 'relevance', filters: {}, page: 1, limit: DEFAULT_LIMIT },
        newest,
        tree,
        req.lang,
      ).facets.filter((f) => browseFacets.has(f.name));
      res.render('pages/home', {
        total: newest.total,
        browse,
        newest: newest.hits.map((h) => presentSummary(h.card, tree, req.lang)),
        mostViewed: mostViewed.hits.filter((h) => h.card.views > 0).map((h) => presentSummary(h.card, tree, req.lang)),
      });
    }),
  );
  return router;
}
