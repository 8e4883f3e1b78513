/**
 * Administration of the organisation tree (any depth) and of the people in it: create a child
 * node, rename or recode, move under another allowed parent, delete an empty node; list people,
 * create local accounts (the password is shown once), set roles per organisation, disable or
 * enable. Every rule is asked of the policies through the services; src/presenters/adminPages.ts
 * shapes the pages.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { forbidden, notFound } from '../../domain/errors.js';
import type { Person } from '../../domain/person.js';
import { canOnOrganisation } from '../../policies/organisation.js';
import {
  presentAdminHome,
  presentOrganisationPage,
  type NodePageExtras,
  type Viewer,
} from '../../presenters/adminPages.js';
import { compareVietnamese } from '../../search/text.js';
import type { Services } from '../../services/index.js';
import {
  createOrganisationBody,
  createPersonBody,
  editOrganisationBody,
  moveOrganisationBody,
  setRolesBody,
} from '../api/inputs.js';
import { parentForm, personForm, rolesForm, statusForm } from '../forms/admin.js';
import { requireSignIn } from '../../web/session.js';
import { safeRedirectPath } from '../../web/redirects.js';
import { objectId, parse } from '../../web/validate.js';
import { page, withFieldErrors } from '../../web/page.js';

const peoplePageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).optional().default(1) });

const viewerOf = (req: Request): Viewer => ({ actor: req.actor, lang: req.lang, t: req.t });
const nodeId = (req: Request) => parse(objectId, req.params.id, req);
const nodeUrl = (id: string) => `/admin/organisations/${id}`;

/** Renders the administration home and a node's page; the form handlers render them again on errors. */
function adminRenderers({ organisations, tree }: Services) {
  const renderNode = async (req: Request, res: Response, id: string, extras: NodePageExtras = {}) => {
    const org = tree.get(id);
    if (!org) throw notFound();
    if (!canOnOrganisation(req.actor, 'view', id, tree)) throw forbidden();
    const everyone: Person[] = canOnOrganisation(req.actor, 'managePeople', id, tree)
      ? (await organisations.people(req.actor, id)).sort((a, b) => compareVietnamese(a.displayName, b.displayName))
      : [];
    const { page: peoplePage } = parse(peoplePageQuery, req.query, req);
    const view = presentOrganisationPage(org, viewerOf(req), tree, { everyone, page: peoplePage }, extras);
    res.status(extras.status ?? 200).render('pages/admin-organisation', view);
  };
  const renderAdmin = (
    req: Request,
    res: Response,
    status = 200,
    errors = {},
    values: Record<string, unknown> = {},
  ) => {
    const view = presentAdminHome(viewerOf(req), tree, errors, values);
    if (!view.nodes.length && !req.actor.systemAdmin) throw forbidden();
    res.status(status).render('pages/admin', view);
  };
  return { renderNode, renderAdmin };
}

/** The tree: the home, a node's page, and creating a node. */
function organisationPages(services: Services, router: Router) {
  const { organisations } = services;
  const { renderNode, renderAdmin } = adminRenderers(services);

  router.get(
    '/admin',
    page(async (req, res) => renderAdmin(req, res)),
  );

  router.get(
    '/admin/organisations/:id',
    page(async (req, res) => renderNode(req, res, nodeId(req))),
  );

  router.post(
    '/admin/organisations',
    page(async (req, res) => {
      const { parentId } = parse(parentForm, req.body, req);
      const body = req.body as Record<string, unknown>;
      const outcome = await withFieldErrors(req, async () => {
        const { parentId: parent, ...input } = parse(
          createOrganisationBody,
          { ...body, parentId: parentId ?? null },
          req,
        );
        return organisations.create(req.actor, parent, input);
      });
      if (outcome.ok) return res.redirect(303, nodeUrl(outcome.value.id));
      if (!parentId) return renderAdmin(req, res, 400, outcome.errors, body);
      const extras = { status: 400, errors: { create: outcome.errors }, values: { create: body } };
      await renderNode(req, res, parse(objectId, parentId, req), extras);
    }),
  );
}

/** A node changed: edited, moved under another, deleted. */
function organisationChangePages(services: Services, router: Router) {
  const { organisations, tree } = services;
  const { renderNode } = adminRenderers(services);

  router.post(
    '/admin/organisations/:id/edit',
    page(async (req, res) => {
      const id = nodeId(req);
      const body = req.body as Record<string, unknown>;
      const outcome = await withFieldErrors(req, async () =>
        organisations.edit(req.actor, id, parse(editOrganisationBody, body, req)),
      );
      if (outcome.ok) return res.redirect(303, nodeUrl(id));
      await renderNode(req, res, id, { status: 400, errors: { edit: outcome.errors }, values: { edit: body } });
    }),
  );

  router.post(
    '/admin/organisations/:id/move',
    page(async (req, res) => {
      const id = nodeId(req);
      const { parentId } = parse(moveOrganisationBody, req.body, req);
      await organisations.move(req.actor, id, parentId);
      res.redirect(303, nodeUrl(id));
    }),
  );

  router.post(
    '/admin/organisations/:id/delete',
    page(async (req, res) => {
      const id = nodeId(req);
      const parentId = tree.get(id)?.parentId;
      await organisations.remove(req.actor, id);
      const parentShown = parentId && canOnOrganisation(req.actor, 'view', parentId, tree);
      res.redirect(303, parentShown ? nodeUrl(parentId) : '/admin');
    }),
  );
}

/** The people of a node: new local accounts, roles here, an account disabled or enabled. */
function peoplePages(services: Services, router: Router) {
  const { organisations, people } = services;
  const { renderNode } = adminRenderers(services);

  router.post(
    '/admin/organisations/:id/people',
    page(async (req, res) => {
      const id = nodeId(req);
      const form = parse(personForm, req.body, req);
      const outcome = await withFieldErrors(req, async () =>
        people.createLocalAccount(req.actor, id, parse(createPersonBody, form, req)),
      );
      if (!outcome.ok) {
        const values = { person: { ...form, password: '' } };
        return renderNode(req, res, id, { status: 400, errors: { person: outcome.errors }, values });
      }
      const { person, username, password } = outcome.value;
      await renderNode(req, res, id, {
        status: 201,
        newAccount: { username, password, displayName: person.displayName },
      });
    }),
  );

  router.post(
    '/admin/organisations/:id/people/:personId/roles',
    page(async (req, res) => {
      const id = nodeId(req);
      const personId = parse(objectId, req.params.personId, req);
      const { roles: chosen } = parse(setRolesBody, parse(rolesForm, req.body, req), req);
      await organisations.setRoles(req.actor, personId, id, chosen);
      res.redirect(303, `${nodeUrl(id)}#people`);
    }),
  );

  router.post(
    '/admin/people/:personId/status',
    page(async (req, res) => {
      const personId = parse(objectId, req.params.personId, req);
      const form = parse(statusForm, req.body, req);
      await organisations.setDisabled(req.actor, personId, form.disabled);
      res.redirect(303, safeRedirectPath(form.next, '/admin'));
    }),
  );
}

export function adminPages(services: Services): Router {
  const router = Router();
  router.use('/admin', requireSignIn);
  organisationPages(services, router);
  organisationChangePages(services, router);
  peoplePages(services, router);
  return router;
}
