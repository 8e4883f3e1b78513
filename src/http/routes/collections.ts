/**
 * Reading lists (bộ sưu tập): browse the lists one may see, create and edit one's own, add resources from the item page
 * and remove them.
 */
import { Router, type Request, type Response } from 'express';
import { presentCollectionPage, presentCollectionsPage, type FormState } from '../../presenters/collectionPages.js';
import type { Services } from '../../services/index.js';
import { addItemForm, collectionFormFields, newCollectionForm } from '../forms/collection.js';
import { requireSignIn } from '../../web/session.js';
import { objectId, parse } from '../../web/validate.js';
import { page, versionField, withFieldErrors } from '../../web/page.js';

const viewerOf = (req: Request) => ({ actor: req.actor, lang: req.lang, t: req.t });
const listId = (req: Request) => parse(objectId, req.params.id, req);

function renderers({ collections, tree }: Services) {
  const renderList = async (req: Request, res: Response, status = 200, form: FormState = {}) => {
    const lists = await collections.visibleWithCounts(req.actor);
    const creatableIn = collections.creatableIn(req.actor);
    res
      .status(status)
      .render('pages/collections', presentCollectionsPage(viewerOf(req), tree, lists, creatableIn, form));
  };
  const renderOne = async (req: Request, res: Response, id: string, status = 200, form: FormState = {}) => {
    const collection = await collections.load(req.actor, id);
    const items = await collections.visibleItems(req.actor, collection);
    res.status(status).render('pages/collection', presentCollectionPage(viewerOf(req), tree, collection, items, form));
  };
  return { renderList, renderOne };
}

/** Every list one may see, a new list, a resource added to a list from its page. */
function listsPages(services: Services, router: Router) {
  const { collections } = services;
  const { renderList } = renderers(services);

  router.get(
    '/collections',
    page(async (req, res) => renderList(req, res)),
  );

  router.post(
    '/collections',
    requireSignIn,
    page(async (req, res) => {
      const body = req.body as Record<string, unknown>;
      const outcome = await withFieldErrors(req, async () => {
        const form = parse(newCollectionForm, body, req);
        return collections.create(req.actor, form.orgId, {
          title: form.title,
          description: form.description,
          scope: form.scope,
        });
      });
      if (!outcome.ok) return renderList(req, res, 400, { errors: outcome.errors, values: body });
      res.redirect(303, `/collections/${outcome.value.id}`);
    }),
  );

  router.post(
    '/collections/add',
    requireSignIn,
    page(async (req, res) => {
      const { collectionId, resourceId } = parse(addItemForm, req.body, req);
      const collection = await collections.load(req.actor, collectionId, 'edit');
      await collections.setItems(req.actor, collectionId, collection.version, [...collection.resourceIds, resourceId]);
      res.redirect(303, `/collections/${collectionId}`);
    }),
  );
}

/** One list: shown, edited, an item removed, deleted. */
function listPages(services: Services, router: Router) {
  const { collections } = services;
  const { renderOne } = renderers(services);

  router.get(
    '/collections/:id',
    page(async (req, res) => renderOne(req, res, listId(req))),
  );

  router.post(
    '/collections/:id/edit',
    requireSignIn,
    page(async (req, res) => {
      const id = parse(objectId, req.params.id, req);
      const body = req.body as Record<string, unknown>;
      const { version } = parse(versionField, body, req);
      const outcome = await withFieldErrors(req, async () =>
        collections.update(req.actor, id, version, parse(collectionFormFields, body, req)),
      );
      if (!outcome.ok) return renderOne(req, res, id, 400, { errors: outcome.errors, values: body });
      res.redirect(303, `/collections/${id}`);
    }),
  );

  router.post(
    '/collections/:id/items/:resourceId/remove',
    requireSignIn,
    page(async (req, res) => {
      const id = parse(objectId, req.params.id, req);
      const resourceId = parse(objectId, req.params.resourceId, req);
      const { version } = parse(versionField, req.body, req);
      const collection = await collections.load(req.actor, id, 'edit');
      await collections.setItems(
        req.actor,
        id,
        version,
        collection.resourceIds.filter((r) => r !== resourceId),
      );
      res.redirect(303, `/collections/${id}`);
    }),
  );

  router.post(
    '/collections/:id/delete',
    requireSignIn,
    page(async (req, res) => {
      await collections.remove(req.actor, parse(objectId, req.params.id, req));
      res.redirect(303, '/collections');
    }),
  );
}

export function collectionPages(services: Services): Router {
  const router = Router();
  listsPages(services, router);
  listPages(services, router);
  return router;
}
