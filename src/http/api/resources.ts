/** The catalogue through the API: search, read, create, edit, the review life cycle, deletion, usage. */
import { z } from 'zod';
import type { Config } from '../../../config/index.js';
import { presentFacets, presentResource, presentSummary } from '../../presenters/resource.js';
import type { Services } from '../../services/index.js';
import type { Transition } from '../../services/resources.js';
import { searchParamsOf, searchQuerySchema, searchStateOf } from '../../web/searchQuery.js';
import { resourceAnswer, searchAnswer, usageAnswer } from './answers.js';
import { endpoint, expectedVersion, type Endpoint } from './endpoint.js';
import { createResourceBody, idParams, transitionBody, updateResourceBody, versionOnlyBody } from './inputs.js';
import { encodeSearchCursor, searchPositionOf } from './paging.js';

const statuses = ['draft', 'submitted', 'published', 'withdrawn'] as const;
const searchQuery = searchQuerySchema.omit({ page: true }).extend({
  status: z
    .union([z.enum(statuses), z.array(z.enum(statuses))])
    .optional()
    .transform((v) => (v === undefined ? ['published' as const] : Array.isArray(v) ? v : [v]))
    .describe('Other statuses list only what the caller may see: their own work, or what they review'),
  owner: z.literal('me').optional().describe("Only the caller's own resources"),
});

export function resourceEndpoints(services: Services, config: Config): Endpoint[] {
  return [searchEndpoint(services), ...resourceLifecycleEndpoints(services, config)];
}

/** Searching the catalogue: one page at a time with an opaque cursor, facets, limited to what the caller may see. */
function searchEndpoint({ search, tree }: Services): Endpoint {
  return endpoint({
    method: 'get',
    path: '/resources',
    tag: 'resources',
    summary: 'Search the catalogue (Vietnamese, with or without diacritics) with facets',
    signedIn: false,
    query: searchQuery,
    success: {
      status: 200,
      description: 'One page of results, the total and facet counts, all limited to what the caller may see',
      schema: searchAnswer,
    },
    handle: async ({ req, query }) => {
      const state = searchStateOf({ ...query, page: 1 });
      const result = await search.search(
        req.actor,
        searchParamsOf(state, {
          ...searchPositionOf(query.cursor, query.sort, state.q),
          limit: query.limit + 1, // one more tells whether a next page exists
          statuses: query.status,
          ownerId: query.owner === 'me' ? (req.actor.personId ?? '') : undefined,
        }),
      );
      const hits = result.hits.slice(0, query.limit);
      return {
        body: {
          items: hits.map((h) => presentSummary(h.card, tree, req.lang)),
          total: result.total,
          facets: presentFacets(result.facets, state.filters, tree, req.lang),
          // The cursor is the last hit's place in the order: the next page starts after it.
          next: result.hits.length > query.limit ? encodeSearchCursor(hits.at(-1)!.sortValues) : null,
        },
      };
    },
  });
}

/** One resource: read, create, replace, move through review, delete, and its use. */
function resourceLifecycleEndpoints(services: Services, config: Config): Endpoint[] {
  const { resources, tree, usage } = services;
  const detail = (
    r: Parameters<typeof presentResource>[0],
    req: { actor: Parameters<typeof presentResource>[1]; lang: 'vi' | 'en' },
  ) => ({
    body: presentResource(r, req.actor, tree, req.lang, config.baseUrl),
    version: r.version,
  });

  const transition = (name: Transition, summary: string) =>
    endpoint({
      method: 'post',
      path: `/resources/:id/${name}`,
      tag: 'resources',
      summary,
      signedIn: true,
      versioned: true,
      params: idParams,
      body: transitionBody,
      success: { status: 200, description: 'The resource after the change', schema: resourceAnswer },
      handle: async ({ req, params, body }) =>
        detail(
          await resources.transition(req.actor, params.id, expectedVersion(req, body.version), name, body.note ?? null),
          req,
        ),
    });

  return [
    endpoint({
      method: 'get',
      path: '/resources/:id',
      tag: 'resources',
      summary: 'One resource, with its files, citation, history (for those allowed) and what the caller may do',
      signedIn: false,
      params: idParams,
      success: { status: 200, description: 'The resource; `ETag` carries its version', schema: resourceAnswer },
      handle: async ({ req, params }) => detail(await resources.load(req.actor, params.id), req),
    }),
    endpoint({
      method: 'post',
      path: '/resources',
      tag: 'resources',
      summary: 'Create a resource (a draft) in an organisation where the caller is staff',
      signedIn: true,
      body: createResourceBody,
      success: { status: 201, description: 'The new draft', schema: resourceAnswer },
      handle: async ({ req, res, body }) => {
        const created = await resources.create(
          req.actor,
          body.orgId,
          { metadata: body.metadata, scope: body.scope, print: body.print ?? null },
          body.publish ? { status: 'published' } : {},
        );
        res.location(`/api/v1/resources/${created.id}`);
        return detail(created, req);
      },
    }),
    endpoint({
      method: 'put',
      path: '/resources/:id',
      tag: 'resources',
      summary: 'Replace the metadata and sharing scope',
      signedIn: true,
      versioned: true,
      params: idParams,
      body: updateResourceBody,
      success: { status: 200, description: 'The resource after the change', schema: resourceAnswer },
      handle: async ({ req, params, body }) =>
        detail(
          await resources.update(req.actor, params.id, expectedVersion(req, body.version), {
            metadata: body.metadata,
            scope: body.scope,
            print: body.print,
          }),
          req,
        ),
    }),
    transition('submit', 'Submit a draft for review by a librarian'),
    transition('approve', 'Publish (librarians and organisation admins of the owning organisation)'),
    transition('reject', 'Send a submitted resource back to its author, with a note'),
    transition('withdraw', 'Withdraw a published resource'),
    endpoint({
      method: 'delete',
      path: '/resources/:id',
      tag: 'resources',
      summary: 'Delete: the files go, a tombstone stays for OAI-PMH harvesters',
      signedIn: true,
      versioned: true,
      params: idParams,
      body: versionOnlyBody,
      success: { status: 204, description: 'Deleted' },
      handle: async ({ req, params, body }) => {
        await resources.remove(req.actor, params.id, expectedVersion(req, body.version));
        return {};
      },
    }),
    endpoint({
      method: 'get',
      path: '/resources/:id/usage',
      tag: 'resources',
      summary: 'Views, downloads and LTI launches of a resource (its owner and those who manage it)',
      signedIn: true,
      params: idParams,
      success: {
        status: 200,
        description: 'Counts since the resource was created, as of the last usage fold (every USAGE_FOLD_SECONDS)',
        schema: usageAnswer,
      },
      handle: async ({ req, params }) => {
        const resource = await resources.load(req.actor, params.id, 'viewHistory');
        return { body: await usage.statsOf(resource.id) };
      },
    }),
  ];
}
