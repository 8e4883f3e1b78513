/**
 * The item page and the resource forms: view, create, edit, and the review life cycle (submit,
 * approve, send back with a note, withdraw, delete), each a small POST form that carries the
 * version it was based on.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { forbidden } from '../../domain/errors.js';
import type { Organisation } from '../../domain/organisation.js';
import type { Resource } from '../../domain/resource.js';
import { canOnOrganisation } from '../../policies/organisation.js';
import { presentCollection } from '../../presenters/collection.js';
import { presentLibraryPanel } from '../../presenters/copy.js';
import { presentResource } from '../../presenters/resource.js';
import { presentResourceForm } from '../../presenters/resourceForm.js';
import type { Services } from '../../services/index.js';
import { compareVietnamese } from '../../search/text.js';
import {
  emptyResourceForm,
  formFieldOf,
  formValuesOf,
  resourceFormFields,
  resourceInputOf,
  type ResourceFormValues,
} from '../forms/resource.js';
import { requireSignIn } from '../../web/session.js';
import { safeRedirectPath } from '../../web/redirects.js';
import { resourceInputSchema } from '../schemas/resource.js';
import { optionalText } from '../schemas/text.js';
import { parse } from '../../web/validate.js';
import { page, versionField, withFieldErrors } from '../../web/page.js';

const transitionForm = versionField.extend({
  note: optionalText({ max: 2000, multiline: true }),
  next: z.string().optional(),
});

/** Organisations where the person may create resources, in Vietnamese name order. */
function creatableOrganisations(req: Request, tree: Services['tree']): Organisation[] {
  return tree
    .all()
    .filter((o) => canOnOrganisation(req.actor, 'createResource', o.id, tree))
    .sort((a, b) => compareVietnamese(a.name, b.name));
}

/** The resource form, new or for an existing resource, with what was typed and what was wrong. */
function formRenderer({ tree }: Services) {
  return (
    req: Request,
    res: Response,
    status: number,
    values: ResourceFormValues,
    errors: Record<string, string>,
    existing: Resource | null,
  ) => {
    const organisations = existing ? [] : creatableOrganisations(req, tree);
    res.status(status).render('pages/resource-form', {
      title: existing ? req.t('web.form.editTitle', { title: existing.metadata.title }) : req.t('web.form.newTitle'),
      form: presentResourceForm(values, errors, organisations, req.lang),
      action: existing ? `/resources/${existing.id}/edit` : '/resources/new',
      existing: existing
        ? {
            id: existing.id,
            url: `/resources/${existing.id}`,
            version: existing.version,
            organisation: tree.get(existing.orgId)?.name ?? '',
          }
        : null,
      hasErrors: Object.keys(errors).length > 0,
    });
  };
}

/** Creating a resource and editing one: the form and what it posts. */
function formPages(services: Services, router: Router) {
  const { resources, tree } = services;
  const renderForm = formRenderer(services);

  router.get(
    '/resources/new',
    requireSignIn,
    page(async (req, res) => {
      const organisations = creatableOrganisations(req, tree);
      if (!organisations.length) throw forbidden();
      const own = req.actor.memberships.find((m) => organisations.some((o) => o.id === m.orgId));
      renderForm(req, res, 200, emptyResourceForm(own?.orgId ?? organisations[0]!.id), {}, null);
    }),
  );

  router.post(
    '/resources/new',
    requireSignIn,
    page(async (req, res) => {
      const values = parse(resourceFormFields, req.body, req);
      const outcome = await withFieldErrors(
        req,
        async () => resources.create(req.actor, values.orgId, parse(resourceInputSchema, resourceInputOf(values), req)),
        formFieldOf,
      );
      if (!outcome.ok) return renderForm(req, res, 400, values, outcome.errors, null);
      res.redirect(303, `/resources/${outcome.value.id}`);
    }),
  );

  router.get(
    '/resources/:id/edit',
    requireSignIn,
    page(async (req, res) => {
      const resource = await resources.load(req.actor, req.params.id!, 'edit');
      renderForm(req, res, 200, formValuesOf(resource), {}, resource);
    }),
  );

  router.post(
    '/resources/:id/edit',
    requireSignIn,
    page(async (req, res) => {
      const { version } = parse(versionField, req.body, req);
      const existing = await resources.load(req.actor, req.params.id!, 'edit');
      const values = { ...parse(resourceFormFields, req.body, req), orgId: existing.orgId };
      const outcome = await withFieldErrors(
        req,
        async () =>
          resources.update(req.actor, existing.id, version, parse(resourceInputSchema, resourceInputOf(values), req)),
        formFieldOf,
      );
      if (!outcome.ok) return renderForm(req, res, 400, values, outcome.errors, { ...existing, version });
      res.redirect(303, `/resources/${existing.id}`);
    }),
  );
}

/** The item page and the review life cycle (submit, approve, send back, withdraw, delete). */
function itemPages(services: Services, router: Router) {
  const { resources, tree, usage, collections, config } = services;

  router.get(
    '/resources/:id',
    page(async (req, res) => {
      const resource = await resources.load(req.actor, req.params.id!);
      const detail = presentResource(resource, req.actor, tree, req.lang, config.baseUrl);
      void usage.record('view', resource, req.actor.personId);
      const editableLists = req.person
        ? (await collections.visibleTo(req.actor))
            .map((c) => presentCollection(c, c.resourceIds.length, req.actor, tree))
            .filter((c) => c.permissions.edit)
        : [];
      res.render('pages/resource', {
        title: detail.title,
        resource: detail,
        statusLabel: req.t(`resources.status.${detail.status}`),
        scopeExplained: req.t(`web.scopeExplained.${detail.scope}`),
        canChange:
          detail.permissions.edit ||
          detail.permissions.submit ||
          detail.permissions.approve ||
          detail.permissions.reject ||
          detail.permissions.withdraw ||
          detail.permissions.delete,
        editableLists,
        library: presentLibraryPanel(resource, services.holdings.summary(resource.id), req.actor, tree),
        here: `/resources/${detail.id}`,
      });
    }),
  );

  router.post(
    '/resources/:id/:transition(submit|approve|reject|withdraw)',
    requireSignIn,
    page(async (req, res) => {
      const form = parse(transitionForm, req.body, req);
      const transition = req.params.transition as 'submit' | 'approve' | 'reject' | 'withdraw';
      const resource = await resources.transition(req.actor, req.params.id!, form.version, transition, form.note);
      res.redirect(303, safeRedirectPath(form.next, `/resources/${resource.id}`));
    }),
  );

  router.post(
    '/resources/:id/delete',
    requireSignIn,
    page(async (req, res) => {
      const { version } = parse(versionField, req.body, req);
      await resources.remove(req.actor, req.params.id!, version);
      res.redirect(303, '/my/resources');
    }),
  );
}

export function resourcePages(services: Services): Router {
  const router = Router();
  formPages(services, router);
  itemPages(services, router);
  return router;
}
