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
import { requireSignIn } from '../middleware/authenticate.js';
import { parse } from '../validate.js';
import { searchWords } from '../schemas/search.js';
import { page } from './page.js';

const LIMIT = 50;
const liveStatuses: ResourceStatus[] = ['draft', 'submitted', 'published', 'withdrawn'];
const listQuery = z.object({
  q: searchWords,
  status: z.enum(liveStatuses as [ResourceStatus, ...ResourceStatus[]]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional().default(1),
});

export function workListPages(services: Services): Router {
  const { search, tree } = services;
  const router = Router();

  router.get(
    '/my/resources',
    requireSignIn,
    page(async (req, res) => {
      const query = parse(listQuery, req.query, req);
      const result = await search.search(req.actor, {
        q: query.q,
        filters: {},
        sort: 'newest',
        offset: (query.page - 1) * LIMIT,
        limit: LIMIT,
        statuses: query.status ? [query.status] : liveStatuses,
        ownerId: req.actor.personId!,
      });
      res.render('pages/my-resources', {
        title: req.t('web.my.title'),
        q: query.q,
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
            ? `/my/resources?${new URLSearchParams({ q: query.q, ...(query.status ? { status: query.status } : {}), page: String(query.page + 1) })}`
            : null,
      });
    }),
  );

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
      const query = parse(listQuery.pick({ q: true, page: true }), req.query, req);
      const result = await search.search(req.actor, {
        q: query.q,
        filters: {},
        sort: 'newest',
        offset: (query.page - 1) * LIMIT,
        limit: LIMIT,
        statuses: ['submitted'],
        orgIds: reviewed,
      });
      res.render('pages/review', {
        title: req.t('web.review.title'),
        q: query.q,
        total: result.total,
        items: result.hits.map((h) => ({ ...presentSummary(h.card, tree, req.lang), version: h.card.version })),
        next:
          result.total > query.page * LIMIT
            ? `/review?${new URLSearchParams({ q: query.q, page: String(query.page + 1) })}`
            : null,
      });
    }),
  );

  return router;
}
