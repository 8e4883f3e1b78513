/** What leaves the server about organisations: the public directory, plus what the person may do with each node. */
import type { Organisation, OrganisationTree } from '../domain/organisation.js';
import type { Language } from '../i18n/index.js';
import type { Actor } from '../policies/actor.js';
import { canOnOrganisation, organisationActions, type OrganisationAction } from '../policies/organisation.js';
import { organisationTypeLabel } from './resource.js';

/** The tree as the directory knows it (the services' OrganisationDirectory). */
export interface OrganisationDirectoryView extends OrganisationTree {
  childrenOf(id: string): Organisation[];
  roots(): Organisation[];
}

export interface OrganisationView {
  id: string;
  code: string;
  name: string;
  type: { code: string; label: string };
  parentId: string | null;
  path: { id: string; name: string }[];
  permissions: Record<OrganisationAction, boolean>;
}

export interface OrganisationNode extends OrganisationView {
  children: OrganisationNode[];
}

export function presentOrganisation(
  org: Organisation,
  actor: Actor,
  tree: OrganisationDirectoryView,
  lang: Language,
): OrganisationView {
  return {
    id: org.id,
    code: org.code,
    name: org.name,
    type: { code: org.type, label: organisationTypeLabel(org.type, lang) },
    parentId: org.parentId,
    path: tree.ancestorIds(org.id).map((id) => ({ id, name: tree.get(id)?.name ?? '' })),
    permissions: Object.fromEntries(
      organisationActions.map((a) => [a, canOnOrganisation(actor, a, org.id, tree)]),
    ) as Record<OrganisationAction, boolean>,
  };
}

export function presentOrganisationTree(
  actor: Actor,
  tree: OrganisationDirectoryView,
  lang: Language,
): OrganisationNode[] {
  const node = (org: Organisation): OrganisationNode => ({
    ...presentOrganisation(org, actor, tree, lang),
    children: tree.childrenOf(org.id).map(node),
  });
  return tree.roots().map(node);
}
