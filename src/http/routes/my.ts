/**
 * Work lists: a teacher's own resources in every status, and the review queue of librarians and
 * organisation admins (submitted resources of the organisations they manage).
 */
import { Router } from 'express';
import { z } from 'zod';
import { forbidden } from '../../domain/errors.js';
import type { ResourceStatus } from '../../domain/resource.js';
import { canOnOrganisation } from '../../policies/organisation.js';
import { presentSummary } from '../../presenters/resource.js';
import type { Services } from '../../services/index.js';
import { requireSignIn } from '../../web/session.js';
import { parse } from '../../web/validate.js';
import { searchParamsOf, searchQuerySchema, searchStateOf } from '../../web/searchQuery.js';
import { page } from '../../web/page.js';

const LIMIT = 50;
const liveStatuses: ResourceStatus[] = ['draft', 'submitted', 'published', 'withdrawn'];
const listQuery = searchQuerySchema.pick({ q: true, page: true }).extend({
  status: z.enum(liveStatuses as [ResourceStatus, ...ResourceStatus[]]).optional(),
});
/** A work list is a search of its own: newest first, a fixed page size, no facets. */
const listSearch = (query: { q: string; page: number }) => searchStateOf({ ...query, sort: 'newest', limit: LIMIT });

export function workListPages(services: Services): Router {
  const router = Router();
  ownResourcesRoute(router, services);
  reviewQueueRoute(router, services);
  return router;
}

/** A teacher's own resources in every live status (or one), newest first. */
function ownResourcesRoute(router: Router, { search, tree }: Services): void {
  router.get(
    '/my/resources',
    requireSignIn,
    page(async (req, res) => {
      const query = parse(listQuery, req.query, req);
      const state = listSearch(query);
      const result = await search.search(
        req.actor,
        searchParamsOf(state, {
          statuses: query.status ? [query.status] : liveStatuses,
          ownerId: req.actor.personId!,
        }),
      );
      res.render('pages/my-resources', {
        title: req.t('web.my.title'),
        q: state.q,
        statuses: liveStatuses.map((s) => ({
          value: s,
          label: req.t(`resources.status.${s}`),
          selected: s === query.status,
        })),
        total: result.total,
        items: result.hits.map((h) => ({
          ...presentSummary(h.card, tree, req.lang),
          statusLabel: req.t(`resources.status.${h.card.status}`),
        })),
        next:
          result.total > query.page * LIMIT
            ? `/my/resources?${new URLSearchParams({
                q: state.q,
                ...(query.status ? { status: query.status } : {}),
                page: String(query.page + 1),
              })}`
            : null,
      });
    }),
  );
}

/** The review queue: submitted resources of the organisations the person reviews for. */
function reviewQueueRoute(router: Router, { search, tree }: Services): void {
  router.get(
    '/review',
    requireSignIn,
    page(async (req, res) => {
      const reviewed = new Set(
        tree
          .all()
          .filter((o) => canOnOrganisation(req.actor, 'reviewResources', o.id, tree))
          .map((o) => o.id),
      );
      if (!reviewed.size) throw forbidden();
      const state = listSearch(parse(listQuery.pick({ q: true, page: true }), req.query, req));
      const result = await search.search(
        req.actor,
        searchParamsOf(state, { statuses: ['submitted'], orgIds: reviewed }),
      );
      res.render('pages/review', {
        title: req.t('web.review.title'),
        q: state.q,
        total: result.total,
        items: result.hits.map((h) => ({ ...presentSummary(h.card, tree, req.lang), version: h.card.version })),
        next:
          result.total > state.page * LIMIT
            ? `/review?${new URLSearchParams({ q: state.q, page: String(state.page + 1) })}`
            : null,
      });
    }),
  );
}
