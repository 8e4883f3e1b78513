/** Reading lists through the API. */
import type { Request } from 'express';
import { presentCollection, presentCollectionDetail } from '../../presenters/collection.js';
import type { Services } from '../../services/index.js';
import { collectionDetailAnswer, collectionsAnswer } from './answers.js';
import { endpoint, expectedVersion, type Endpoint } from './endpoint.js';
import { createCollectionBody, idParams, pageQuery, setItemsBody, updateCollectionBody } from './inputs.js';
import { pageOf } from './paging.js';

export function collectionEndpoints(services: Services): Endpoint[] {
  const { collections, tree } = services;
  const detail = async (c: Awaited<ReturnType<typeof collections.load>>, req: Request) => ({
    body: presentCollectionDetail(c, await collections.visibleItems(req.actor, c), req.actor, tree, req.lang),
    version: c.version,
  });

  return [
    endpoint({
      method: 'get',
      path: '/collections',
      tag: 'collections',
      summary: 'Reading lists the caller may see: their own and those shared with them',
      signedIn: false,
      query: pageQuery,
      success: { status: 200, description: 'One page of lists', schema: collectionsAnswer },
      handle: async ({ req, query }) => {
        const page = pageOf(await collections.visibleTo(req.actor), query.cursor, query.limit);
        return {
          body: {
            ...page,
            items: await Promise.all(
              page.items.map(async (c) =>
                presentCollection(c, (await collections.visibleItems(req.actor, c)).length, req.actor, tree),
              ),
            ),
          },
        };
      },
    }),
    endpoint({
      method: 'get',
      path: '/collections/:id',
      tag: 'collections',
      summary: 'One reading list with the items the caller may see',
      signedIn: false,
      params: idParams,
      success: { status: 200, description: 'The list; `ETag` carries its version', schema: collectionDetailAnswer },
      handle: async ({ req, params }) => detail(await collections.load(req.actor, params.id), req),
    }),
    endpoint({
      method: 'post',
      path: '/collections',
      tag: 'collections',
      summary: 'Create a reading list (teachers, librarians, organisation admins)',
      signedIn: true,
      body: createCollectionBody,
      success: { status: 201, description: 'The new list', schema: collectionDetailAnswer },
      handle: async ({ req, res, body }) => {
        const created = await collections.create(req.actor, body.orgId, {
          title: body.title,
          description: body.description,
          scope: body.scope,
        });
        res.location(`/api/v1/collections/${created.id}`);
        return detail(created, req);
      },
    }),
    endpoint({
      method: 'put',
      path: '/collections/:id',
      tag: 'collections',
      summary: 'Change the title, description or sharing scope',
      signedIn: true,
      versioned: true,
      params: idParams,
      body: updateCollectionBody,
      success: { status: 200, description: 'The list after the change', schema: collectionDetailAnswer },
      handle: async ({ req, params, body }) =>
        detail(
          await collections.update(req.actor, params.id, expectedVersion(req, body.version), {
            title: body.title,
            description: body.description,
            scope: body.scope,
          }),
          req,
        ),
    }),
    endpoint({
      method: 'put',
      path: '/collections/:id/items',
      tag: 'collections',
      summary: 'Replace the items, in order (only resources the caller may see)',
      signedIn: true,
      versioned: true,
      params: idParams,
      body: setItemsBody,
      success: { status: 200, description: 'The list after the change', schema: collectionDetailAnswer },
      handle: async ({ req, params, body }) =>
        detail(
          await collections.setItems(req.actor, params.id, expectedVersion(req, body.version), body.resourceIds),
          req,
        ),
    }),
    endpoint({
      method: 'delete',
      path: '/collections/:id',
      tag: 'collections',
      summary: 'Delete a reading list (the resources stay)',
      signedIn: true,
      params: idParams,
      success: { status: 204, description: 'Deleted' },
      handle: async ({ req, params }) => {
        await collections.remove(req.actor, params.id);
        return {};
      },
    }),
  ];
}
