/** The search page, `/search?q=…&level=…&sort=…&page=…`: a stable URL that guides and integrations link to. */
import { Router, type Request } from 'express';
import { presentSearchPage, type UnionCatalogue } from '../../presenters/searchPage.js';
import type { SearchPage } from '../../search/port.js';
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
        search: presentSearchPage(state, result, services.tree, req.lang, await unionCatalogue(services, req, result)),
      });
    }),
  );
  return router;
}

/**
 * Where each printed hit is held now (the holdings read model), the schools the person belongs to,
 * and their inter-library request for each hit.
 */
async function unionCatalogue(services: Services, req: Request, result: SearchPage): Promise<UnionCatalogue> {
  const { holdings, tree } = services;
  const printed = result.hits.filter((h) => h.card.printed).map((h) => h.card.id);
  const mySchools = [...new Set(req.actor.memberships.map((m) => m.orgId))]
    .map((id) => tree.get(id))
    .filter((o) => o?.type === 'school')
    .map((o) => ({ id: o!.id, name: o!.name }));
  return {
    availability: new Map(printed.map((id) => [id, holdings.availability(id)])),
    mySchools,
    requests: new Map(
      [...(await services.interLibrary.latestOfTitles(req.actor, printed))].map(([id, r]) => [
        id,
        req.t(`interLibrary.status.${r.status}`),
      ]),
    ),
  };
}
