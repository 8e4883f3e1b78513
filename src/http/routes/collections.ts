/** Reading lists (bộ sưu tập): browse the lists one may see, create and edit one's own, add resources from the item page and remove them. */
import { Router, type Request, type Response } from 'express';
import { sharingScopes } from '../../domain/resource.js';
import { canCreateCollection } from '../../policies/collection.js';
import { presentCollection, presentCollectionDetail } from '../../presenters/collection.js';
import { compareVietnamese } from '../../search/text.js';
import type { Services } from '../../services/index.js';
import { addItemForm, collectionFormFields, newCollectionForm } from '../forms/collection.js';
import { requireSignIn } from '../middleware/authenticate.js';
import { objectId, parse } from '../validate.js';
import { page, versionField, withFieldErrors } from './page.js';

export function collectionPages(services: Services): Router {
  const { collections, tree } = services;
  const router = Router();

  const scopeOptions = (req: Request, chosen: string) =>
    sharingScopes.map((s) => ({
      value: s,
      label: req.t(`resources.scope.${s}`),
      explanation: req.t(`web.scopeExplained.${s}`),
      selected: s === chosen,
    }));

  const renderList = async (
    req: Request,
    res: Response,
    status = 200,
    errors: Record<string, string> = {},
    values: Record<string, unknown> = {},
  ) => {
    const lists = await collections.visibleTo(req.actor);
    const organisations = req.person
      ? tree
          .all()
          .filter((o) => canCreateCollection(req.actor, o.id, tree))
          .sort((a, b) => compareVietnamese(a.name, b.name))
      : [];
    res.status(status).render('pages/collections', {
      title: req.t('web.lists.title'),
      lists: await Promise.all(
        lists.map(async (c) =>
          presentCollection(c, (await collections.visibleItems(req.actor, c)).length, req.actor, tree),
        ),
      ),
      organisations: organisations.map((o) => ({ value: o.id, label: o.name, selected: o.id === values.orgId })),
      scopes: scopeOptions(req, typeof values.scope === 'string' ? values.scope : 'school'),
      errors,
      hasErrors: Object.keys(errors).length > 0,
      values,
    });
  };

  const renderOne = async (
    req: Request,
    res: Response,
    id: string,
    status = 200,
    errors: Record<string, string> = {},
    values?: Record<string, unknown>,
  ) => {
    const collection = await collections.load(req.actor, id);
    const detail = presentCollectionDetail(
      collection,
      await collections.visibleItems(req.actor, collection),
      req.actor,
      tree,
      req.lang,
    );
    res.status(status).render('pages/collection', {
      title: detail.title,
      list: detail,
      scopeExplained: req.t(`web.scopeExplained.${detail.scope}`),
      scopes: scopeOptions(req, (values?.scope as string | undefined) ?? detail.scope),
      values: values ?? { title: detail.title, description: detail.description ?? '' },
      errors,
    });
  };

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
      if (!outcome.ok) return renderList(req, res, 400, outcome.errors, body);
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

  router.get(
    '/collections/:id',
    page(async (req, res) => renderOne(req, res, parse(objectId, req.params.id, req))),
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
      if (!outcome.ok) return renderOne(req, res, id, 400, outcome.errors, body);
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

  return router;
}
