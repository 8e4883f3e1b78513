/**
 * Administration of the organisation tree (any depth) and of the people in it: create a child
 * node, rename or recode, move under another allowed parent, delete an empty node; list people,
 * create local accounts (the password is shown once), set roles per organisation, disable or
 * enable. Every rule is asked of the policies through the services.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { organisationTypes } from '../../../config/vocabularies.js';
import { forbidden, notFound } from '../../domain/errors.js';
import { roles, type Person } from '../../domain/person.js';
import { canManageAccount } from '../../policies/account.js';
import { canOnOrganisation, type OrganisationAction } from '../../policies/organisation.js';
import { presentOrganisation, type OrganisationNode } from '../../presenters/organisation.js';
import { presentPerson } from '../../presenters/person.js';
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

type Errors = Record<string, string>;
const PEOPLE_PER_PAGE = 100;
const peoplePageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).optional().default(1) });
interface NodeExtras {
  status?: number;
  errors?: { create?: Errors; edit?: Errors; person?: Errors; move?: Errors };
  values?: { create?: Record<string, unknown>; edit?: Record<string, unknown>; person?: Record<string, unknown> };
  newAccount?: { username: string; password: string; displayName: string };
}

export function adminPages(services: Services): Router {
  const { organisations, people, tree } = services;
  const router = Router();
  router.use('/admin', requireSignIn);

  const can = (req: Request, action: OrganisationAction, id: string) => canOnOrganisation(req.actor, action, id, tree);
  const byName = <T extends { name: string }>(a: T, b: T) => compareVietnamese(a.name, b.name);

  /** The part of the tree this person manages: every node they may view, under the topmost ones. */
  const managedTree = (req: Request): OrganisationNode[] => {
    const node = (id: string): OrganisationNode => ({
      ...presentOrganisation(tree.get(id)!, req.actor, tree, req.lang),
      children: tree
        .childrenOf(id)
        .sort(byName)
        .map((c) => node(c.id)),
    });
    const tops = tree.all().filter((o) => can(req, 'view', o.id) && !(o.parentId && can(req, 'view', o.parentId)));
    return tops.sort(byName).map((o) => node(o.id));
  };

  const organisationTypeOptions = (req: Request, chosen: unknown) =>
    organisationTypes.map((o) => ({ value: o.code, label: o[req.lang], selected: o.code === chosen }));

  const renderNode = async (req: Request, res: Response, id: string, extras: NodeExtras = {}) => {
    const org = tree.get(id);
    if (!org) throw notFound();
    if (!can(req, 'view', id)) throw forbidden();
    const view = presentOrganisation(org, req.actor, tree, req.lang);
    const everyone: Person[] = view.permissions.managePeople
      ? (await organisations.people(req.actor, id)).sort((a, b) => compareVietnamese(a.displayName, b.displayName))
      : [];
    // A department lists everyone of its schools: one page of people at a time.
    const { page: peoplePage } = parse(peoplePageQuery, req.query, req);
    const members = everyone.slice((peoplePage - 1) * PEOPLE_PER_PAGE, peoplePage * PEOPLE_PER_PAGE);
    const pageLink = (n: number) => `/admin/organisations/${id}?page=${n}#people`;
    const parents = view.permissions.move
      ? tree
          .all()
          .filter((o) => o.id !== org.parentId && !tree.isWithin(o.id, id) && can(req, 'createChild', o.id))
          .sort(byName)
          .map((o) => ({
            value: o.id,
            label: [...tree.ancestorIds(o.id).map((a) => tree.get(a)?.name ?? ''), o.name].join(' › '),
          }))
      : [];
    res.status(extras.status ?? 200).render('pages/admin-organisation', {
      title: org.name,
      org: view,
      children: tree
        .childrenOf(id)
        .sort(byName)
        .map((c) => presentOrganisation(c, req.actor, tree, req.lang)),
      editTypes: organisationTypeOptions(req, extras.values?.edit?.type ?? org.type),
      childTypes: organisationTypeOptions(req, extras.values?.create?.type ?? 'school'),
      parents,
      people: members.map((p) => {
        const shown = presentPerson(p, tree);
        const here = new Set(p.memberships.filter((m) => m.orgId === id).map((m) => m.role));
        return {
          ...shown,
          manageAccount: canManageAccount(req.actor, p, tree),
          elsewhere: shown.memberships
            .filter((m) => m.orgId !== id)
            .map((m) => ({ ...m, roleLabel: req.t(`roles.${m.role}`) })),
          roles: roles.map((r) => ({ value: r, label: req.t(`roles.${r}`), selected: here.has(r) })),
        };
      }),
      peoplePages: {
        total: everyone.length,
        previous: peoplePage > 1 ? pageLink(peoplePage - 1) : null,
        next: peoplePage * PEOPLE_PER_PAGE < everyone.length ? pageLink(peoplePage + 1) : null,
      },
      newPersonRoles: roles.map((r) => ({
        value: r,
        label: req.t(`roles.${r}`),
        selected: ((extras.values?.person?.roles as string[] | undefined) ?? ['teacher']).includes(r),
      })),
      errors: extras.errors ?? {},
      values: { edit: { code: org.code, name: org.name }, create: {}, person: {}, ...extras.values },
      newAccount: extras.newAccount,
      here: `/admin/organisations/${id}`,
      editAction: `/admin/organisations/${id}/edit`,
    });
  };

  const nodeId = (req: Request) => parse(objectId, req.params.id, req);

  const renderAdmin = (
    req: Request,
    res: Response,
    status = 200,
    errors: Errors = {},
    values: Record<string, unknown> = {},
  ) => {
    const nodes = managedTree(req);
    if (!nodes.length && !req.actor.systemAdmin) throw forbidden();
    res.status(status).render('pages/admin', {
      title: req.t('web.admin.title'),
      nodes,
      managesIntegrations: tree.all().some((o) => can(req, 'manageIntegrations', o.id)),
      canCreateRoot: req.actor.systemAdmin,
      rootTypes: organisationTypeOptions(req, values.type ?? 'department'),
      errors,
      values,
    });
  };

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
        const input = parse(createOrganisationBody, { ...body, parentId: parentId ?? null }, req);
        return organisations.create(req.actor, input.parentId, {
          code: input.code,
          name: input.name,
          type: input.type,
        });
      });
      if (outcome.ok) return res.redirect(303, `/admin/organisations/${outcome.value.id}`);
      if (!parentId) return renderAdmin(req, res, 400, outcome.errors, body);
      await renderNode(req, res, parse(objectId, parentId, req), {
        status: 400,
        errors: { create: outcome.errors },
        values: { create: body },
      });
    }),
  );

  router.post(
    '/admin/organisations/:id/edit',
    page(async (req, res) => {
      const id = nodeId(req);
      const body = req.body as Record<string, unknown>;
      const outcome = await withFieldErrors(req, async () =>
        organisations.edit(req.actor, id, parse(editOrganisationBody, body, req)),
      );
      if (outcome.ok) return res.redirect(303, `/admin/organisations/${id}`);
      await renderNode(req, res, id, { status: 400, errors: { edit: outcome.errors }, values: { edit: body } });
    }),
  );

  router.post(
    '/admin/organisations/:id/move',
    page(async (req, res) => {
      const id = nodeId(req);
      const { parentId } = parse(moveOrganisationBody, req.body, req);
      await organisations.move(req.actor, id, parentId);
      res.redirect(303, `/admin/organisations/${id}`);
    }),
  );

  router.post(
    '/admin/organisations/:id/delete',
    page(async (req, res) => {
      const id = nodeId(req);
      const parentId = tree.get(id)?.parentId;
      await organisations.remove(req.actor, id);
      res.redirect(303, parentId && can(req, 'view', parentId) ? `/admin/organisations/${parentId}` : '/admin');
    }),
  );

  router.post(
    '/admin/organisations/:id/people',
    page(async (req, res) => {
      const id = nodeId(req);
      const form = parse(personForm, req.body, req);
      const outcome = await withFieldErrors(req, async () =>
        people.createLocalAccount(req.actor, id, parse(createPersonBody, form, req)),
      );
      if (!outcome.ok)
        return renderNode(req, res, id, {
          status: 400,
          errors: { person: outcome.errors },
          values: { person: { ...form, password: '' } },
        });
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
      res.redirect(303, `/admin/organisations/${id}#people`);
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

  return router;
}
