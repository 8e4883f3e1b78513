/**
 * The administration pages of the organisation tree as they show it: the part of the tree a person
 * manages, and one node's page (its children, where it may move, its people a page at a time, the
 * forms with what was typed and what was wrong).
 */
import { organisationTypes } from '../../config/vocabularies.js';
import type { Organisation } from '../domain/organisation.js';
import { roles, type Person } from '../domain/person.js';
import type { Language } from '../i18n/index.js';
import { canManageAccount } from '../policies/account.js';
import type { Actor } from '../policies/actor.js';
import { canOnOrganisation } from '../policies/organisation.js';
import { compareVietnamese } from '../search/text.js';
import { presentOrganisation, type OrganisationDirectoryView, type OrganisationNode } from './organisation.js';
import { presentPerson } from './person.js';

/** The directory as these pages read it. */
export interface AdminTree extends OrganisationDirectoryView {
  all(): Organisation[];
}

/** Who looks, in which language. */
export interface Viewer {
  actor: Actor;
  lang: Language;
  t: (key: string) => string;
}

type Errors = Record<string, string>;
type Values = Record<string, unknown>;

/** What a form handler gives the page to show again: a status, field errors, what was typed, a new account. */
export interface NodePageExtras {
  status?: number;
  errors?: { create?: Errors; edit?: Errors; person?: Errors; move?: Errors };
  values?: { create?: Values; edit?: Values; person?: Values };
  newAccount?: { username: string; password: string; displayName: string };
}

export const PEOPLE_PER_PAGE = 100;

const byName = <T extends { name: string }>(a: T, b: T) => compareVietnamese(a.name, b.name);

export const organisationTypeOptions = (lang: Language, chosen: unknown) =>
  organisationTypes.map((o) => ({ value: o.code, label: o[lang], selected: o.code === chosen }));

/** The part of the tree this person manages: every node they may view, under the topmost ones. */
export function presentManagedTree(viewer: Viewer, tree: AdminTree): OrganisationNode[] {
  const can = (id: string) => canOnOrganisation(viewer.actor, 'view', id, tree);
  const node = (id: string): OrganisationNode => ({
    ...presentOrganisation(tree.get(id)!, viewer.actor, tree, viewer.lang),
    children: tree
      .childrenOf(id)
      .sort(byName)
      .map((c) => node(c.id)),
  });
  const tops = tree.all().filter((o) => can(o.id) && !(o.parentId && can(o.parentId)));
  return tops.sort(byName).map((o) => node(o.id));
}

/** Where a node may move: nodes the person may add children to, outside its own subtree, with their paths. */
function parentChoices(org: Organisation, viewer: Viewer, tree: AdminTree) {
  return tree
    .all()
    .filter(
      (o) =>
        o.id !== org.parentId &&
        !tree.isWithin(o.id, org.id) &&
        canOnOrganisation(viewer.actor, 'createChild', o.id, tree),
    )
    .sort(byName)
    .map((o) => ({
      value: o.id,
      label: [...tree.ancestorIds(o.id).map((a) => tree.get(a)?.name ?? ''), o.name].join(' › '),
    }));
}

/** One person on a node's page: their roles here (to change), elsewhere (to read). */
function presentMember(p: Person, orgId: string, viewer: Viewer, tree: AdminTree) {
  const shown = presentPerson(p, tree);
  const here = new Set(p.memberships.filter((m) => m.orgId === orgId).map((m) => m.role));
  return {
    ...shown,
    manageAccount: canManageAccount(viewer.actor, p, tree),
    elsewhere: shown.memberships
      .filter((m) => m.orgId !== orgId)
      .map((m) => ({ ...m, roleLabel: viewer.t(`roles.${m.role}`) })),
    roles: roles.map((r) => ({ value: r, label: viewer.t(`roles.${r}`), selected: here.has(r) })),
  };
}

/** A department lists everyone of its schools: one page of people at a time, with links to the others. */
function peoplePageOf(everyone: readonly Person[], page: number, orgId: string) {
  const link = (n: number) => `/admin/organisations/${orgId}?page=${n}#people`;
  return {
    members: everyone.slice((page - 1) * PEOPLE_PER_PAGE, page * PEOPLE_PER_PAGE),
    pages: {
      total: everyone.length,
      previous: page > 1 ? link(page - 1) : null,
      next: page * PEOPLE_PER_PAGE < everyone.length ? link(page + 1) : null,
    },
  };
}

/** A node's page; `everyone` are its people (none when the viewer may not manage them), sorted by name. */
export function presentOrganisationPage(
  org: Organisation,
  viewer: Viewer,
  tree: AdminTree,
  people: { everyone: readonly Person[]; page: number },
  extras: NodePageExtras = {},
) {
  const view = presentOrganisation(org, viewer.actor, tree, viewer.lang);
  const { members, pages } = peoplePageOf(people.everyone, people.page, org.id);
  const chosenRoles = (extras.values?.person?.roles as string[] | undefined) ?? ['teacher'];
  return {
    title: org.name,
    org: view,
    children: tree
      .childrenOf(org.id)
      .sort(byName)
      .map((c) => presentOrganisation(c, viewer.actor, tree, viewer.lang)),
    editTypes: organisationTypeOptions(viewer.lang, extras.values?.edit?.type ?? org.type),
    childTypes: organisationTypeOptions(viewer.lang, extras.values?.create?.type ?? 'school'),
    parents: view.permissions.move ? parentChoices(org, viewer, tree) : [],
    people: members.map((p) => presentMember(p, org.id, viewer, tree)),
    peoplePages: pages,
    newPersonRoles: roles.map((r) => ({
      value: r,
      label: viewer.t(`roles.${r}`),
      selected: chosenRoles.includes(r),
    })),
    errors: extras.errors ?? {},
    values: { edit: { code: org.code, name: org.name }, create: {}, person: {}, ...extras.values },
    newAccount: extras.newAccount,
    here: `/admin/organisations/${org.id}`,
    editAction: `/admin/organisations/${org.id}/edit`,
  };
}

/** The administration home: the managed tree, and the forms for a new top node. */
export function presentAdminHome(viewer: Viewer, tree: AdminTree, errors: Errors = {}, values: Values = {}) {
  return {
    title: viewer.t('web.admin.title'),
    nodes: presentManagedTree(viewer, tree),
    managesIntegrations: tree.all().some((o) => canOnOrganisation(viewer.actor, 'manageIntegrations', o.id, tree)),
    canCreateRoot: viewer.actor.systemAdmin,
    rootTypes: organisationTypeOptions(viewer.lang, values.type ?? 'department'),
    errors,
    values,
  };
}
