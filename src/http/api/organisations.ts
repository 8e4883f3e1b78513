/** The organisation tree and its people through the API. */
import { notFound } from '../../domain/errors.js';
import { presentOrganisation, presentOrganisationTree } from '../../presenters/organisation.js';
import { presentPerson } from '../../presenters/person.js';
import type { Services } from '../../services/index.js';
import { compareVietnamese } from '../../search/text.js';
import {
  newAccountAnswer,
  organisationAnswer,
  organisationDetailAnswer,
  organisationNodeAnswer,
  peopleAnswer,
  personAnswer,
} from './answers.js';
import { endpoint, type Endpoint } from './endpoint.js';
import {
  createOrganisationBody,
  createPersonBody,
  editOrganisationBody,
  idParams,
  moveOrganisationBody,
  pageQuery,
  personOnlyParams,
  personParams,
  setRolesBody,
  setStatusBody,
} from './inputs.js';
import { pageOf } from './paging.js';
import { z } from 'zod';

export function organisationEndpoints(services: Services): Endpoint[] {
  return [...treeEndpoints(services), ...peopleEndpoints(services)];
}

/** The tree: the directory, one node, and creating, editing, moving and deleting nodes. */
function treeEndpoints(services: Services): Endpoint[] {
  const { organisations, tree } = services;
  const present = (id: string, req: { actor: Parameters<typeof presentOrganisation>[1]; lang: 'vi' | 'en' }) => {
    const org = tree.get(id);
    if (!org) throw notFound();
    return presentOrganisation(org, req.actor, tree, req.lang);
  };

  return [
    endpoint({
      method: 'get',
      path: '/organisations',
      tag: 'organisations',
      summary: 'The whole organisation tree (a public directory), with what the caller may do on each node',
      signedIn: false,
      success: {
        status: 200,
        description: 'Roots with their children, at any depth',
        schema: z.array(organisationNodeAnswer),
      },
      handle: async ({ req }) => ({ body: presentOrganisationTree(req.actor, tree, req.lang) }),
    }),
    endpoint({
      method: 'get',
      path: '/organisations/:id',
      tag: 'organisations',
      summary: 'One node, its path from the root and its children',
      signedIn: false,
      params: idParams,
      success: { status: 200, description: 'The node', schema: organisationDetailAnswer },
      handle: async ({ req, params }) => ({
        body: { ...present(params.id, req), children: tree.childrenOf(params.id).map((c) => present(c.id, req)) },
      }),
    }),
    endpoint({
      method: 'post',
      path: '/organisations',
      tag: 'organisations',
      summary: 'Create a node under a parent (organisation admins of the parent); a root needs a system admin',
      signedIn: true,
      body: createOrganisationBody,
      success: { status: 201, description: 'The new node', schema: organisationAnswer },
      handle: async ({ req, res, body }) => {
        const org = await organisations.create(req.actor, body.parentId, {
          code: body.code,
          name: body.name,
          type: body.type,
        });
        res.location(`/api/v1/organisations/${org.id}`);
        return { body: presentOrganisation(org, req.actor, tree, req.lang) };
      },
    }),
    endpoint({
      method: 'put',
      path: '/organisations/:id',
      tag: 'organisations',
      summary: 'Rename or recode a node',
      signedIn: true,
      params: idParams,
      body: editOrganisationBody,
      success: { status: 200, description: 'The node after the change', schema: organisationAnswer },
      handle: async ({ req, params, body }) => ({
        body: presentOrganisation(await organisations.edit(req.actor, params.id, body), req.actor, tree, req.lang),
      }),
    }),
    endpoint({
      method: 'post',
      path: '/organisations/:id/move',
      tag: 'organisations',
      summary: 'Move a node, with everything below it, under another parent; its resources and people stay with it',
      signedIn: true,
      params: idParams,
      body: moveOrganisationBody,
      success: { status: 200, description: 'The node after the move', schema: organisationAnswer },
      handle: async ({ req, params, body }) => ({
        body: presentOrganisation(
          await organisations.move(req.actor, params.id, body.parentId),
          req.actor,
          tree,
          req.lang,
        ),
      }),
    }),
    endpoint({
      method: 'delete',
      path: '/organisations/:id',
      tag: 'organisations',
      summary: 'Delete an empty node (no children, resources or members)',
      signedIn: true,
      params: idParams,
      success: { status: 204, description: 'Deleted' },
      handle: async ({ req, params }) => {
        await organisations.remove(req.actor, params.id);
        return {};
      },
    }),
  ];
}

/** The people of a node: listed a page at a time, new local accounts, roles, disabled or enabled. */
function peopleEndpoints(services: Services): Endpoint[] {
  const { organisations, people, tree } = services;
  return [
    endpoint({
      method: 'get',
      path: '/organisations/:id/people',
      tag: 'people',
      summary: 'People with a role in the node or below it, in Vietnamese name order',
      signedIn: true,
      params: idParams,
      query: pageQuery,
      success: { status: 200, description: 'One page of people', schema: peopleAnswer },
      handle: async ({ req, params, query }) => {
        const people = (await organisations.people(req.actor, params.id)).sort((a, b) =>
          compareVietnamese(a.displayName, b.displayName),
        );
        const page = pageOf(people, query.cursor, query.limit);
        return { body: { ...page, items: page.items.map((p) => presentPerson(p, tree)) } };
      },
    }),
    endpoint({
      method: 'post',
      path: '/organisations/:id/people',
      tag: 'people',
      summary: 'Create a local account with roles in this organisation; the password is answered once',
      signedIn: true,
      params: idParams,
      body: createPersonBody,
      success: { status: 201, description: 'The new person, their username and password', schema: newAccountAnswer },
      handle: async ({ req, params, body }) => {
        const { person, username, password } = await people.createLocalAccount(req.actor, params.id, body);
        return { body: { person: presentPerson(person, tree), username, password } };
      },
    }),
    endpoint({
      method: 'put',
      path: '/organisations/:id/people/:personId/roles',
      tag: 'people',
      summary: "Replace a person's roles in this organisation (an empty list removes them from it)",
      signedIn: true,
      params: personParams,
      body: setRolesBody,
      success: { status: 200, description: 'The person after the change', schema: personAnswer },
      handle: async ({ req, params, body }) => ({
        body: presentPerson(await organisations.setRoles(req.actor, params.personId, params.id, body.roles), tree),
      }),
    }),
    endpoint({
      method: 'put',
      path: '/people/:personId/status',
      tag: 'people',
      summary: 'Disable or enable a person (not oneself)',
      signedIn: true,
      params: personOnlyParams,
      body: setStatusBody,
      success: { status: 200, description: 'The person after the change', schema: personAnswer },
      handle: async ({ req, params, body }) => ({
        body: presentPerson(await organisations.setDisabled(req.actor, params.personId, body.disabled), tree),
      }),
    }),
  ];
}
