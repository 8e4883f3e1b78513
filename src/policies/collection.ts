/** Reading lists: curated by teachers and librarians, shared with the same scopes as resources. */
import type { OrganisationTree } from '../domain/organisation.js';
import type { SharingScope } from '../domain/resource.js';
import { type Actor, belongsOver, belongsUnder, isStaffOf, managesOrganisation } from './actor.js';

export type CollectionAction = 'view' | 'edit' | 'delete';

export interface CollectionSubject {
  ownerId: string;
  orgId: string;
  scope: SharingScope;
}

export function canCreateCollection(actor: Actor, orgId: string, tree: OrganisationTree): boolean {
  return isStaffOf(actor, orgId, tree);
}

export function canOnCollection(
  actor: Actor,
  action: CollectionAction,
  c: CollectionSubject,
  tree: OrganisationTree,
): boolean {
  const isOwner = actor.personId !== null && actor.personId === c.ownerId;
  const manager = managesOrganisation(actor, c.orgId, tree);
  if (action !== 'view') return isOwner || manager;
  if (isOwner || manager) return true;
  switch (c.scope) {
    case 'public':
      return true;
    case 'subtree': {
      const parent = tree.get(c.orgId)?.parentId ?? c.orgId;
      return belongsUnder(actor, parent, tree) || belongsOver(actor, parent, tree);
    }
    case 'school':
      return belongsOver(actor, c.orgId, tree);
  }
}
