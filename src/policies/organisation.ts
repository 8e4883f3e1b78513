/** Rules for the organisation tree, its people and its integrations (LTI platforms, SAML portals, harvest sources). */
import type { OrganisationTree } from '../domain/organisation.js';
import { type Actor, administersOrganisation, isStaffOf, managesOrganisation } from './actor.js';

export type OrganisationAction =
  | 'view'
  | 'createChild'
  | 'edit'
  | 'move'
  | 'delete'
  | 'managePeople'
  | 'createResource'
  | 'reviewResources'
  | 'manageIntegrations'
  | 'viewStatistics';
export const organisationActions: readonly OrganisationAction[] = [
  'view',
  'createChild',
  'edit',
  'move',
  'delete',
  'managePeople',
  'createResource',
  'reviewResources',
  'manageIntegrations',
  'viewStatistics',
];

export function canOnOrganisation(
  actor: Actor,
  action: OrganisationAction,
  orgId: string,
  tree: OrganisationTree,
): boolean {
  switch (action) {
    case 'view':
    case 'viewStatistics':
    case 'reviewResources':
      return managesOrganisation(actor, orgId, tree);
    case 'createResource':
      return isStaffOf(actor, orgId, tree);
    case 'createChild':
    case 'edit':
    case 'managePeople':
    case 'manageIntegrations':
      return administersOrganisation(actor, orgId, tree);
    case 'move':
    case 'delete':
      // Above the node itself: a school cannot move or delete itself.
      return (
        actor.systemAdmin ||
        (tree.get(orgId)?.parentId != null && administersOrganisation(actor, tree.get(orgId)!.parentId!, tree))
      );
  }
}
