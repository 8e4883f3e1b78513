/**
 * Who may do what with a resource. The single source of these rules: pages, the API, search
 * results, facet counts, file downloads, LTI and OAI-PMH all ask here.
 */
import type { OrganisationTree } from '../domain/organisation.js';
import type { ResourceStatus, SharingScope } from '../domain/resource.js';
import { type Actor, belongsOver, belongsUnder, managesOrganisation } from './actor.js';

export type ResourceAction =
  'view' | 'download' | 'edit' | 'submit' | 'approve' | 'reject' | 'withdraw' | 'delete' | 'share' | 'viewHistory';
export const resourceActions: readonly ResourceAction[] = [
  'view',
  'download',
  'edit',
  'submit',
  'approve',
  'reject',
  'withdraw',
  'delete',
  'share',
  'viewHistory',
];

/** The part of a resource the rules look at. */
export interface ResourceSubject {
  id: string;
  orgId: string;
  ownerId: string;
  status: ResourceStatus;
  scope: SharingScope;
}

/** Who can see a published resource, by its scope. */
function reachesAudience(actor: Actor, r: ResourceSubject, tree: OrganisationTree): boolean {
  switch (r.scope) {
    case 'public':
      return true;
    case 'subtree': {
      // "My parent organisation and everything below it"; a root shares with its whole tree.
      const parent = tree.get(r.orgId)?.parentId ?? r.orgId;
      return belongsUnder(actor, parent, tree) || belongsOver(actor, parent, tree);
    }
    case 'school':
      return belongsOver(actor, r.orgId, tree);
  }
}

export function canOnResource(
  actor: Actor,
  action: ResourceAction,
  r: ResourceSubject,
  tree: OrganisationTree,
): boolean {
  if (r.status === 'deleted') return false;
  const isOwner = actor.personId !== null && actor.personId === r.ownerId;
  const manager = managesOrganisation(actor, r.orgId, tree);
  const visiblePublished =
    r.status === 'published' && (reachesAudience(actor, r, tree) || actor.grantedResourceIds.has(r.id));

  switch (action) {
    case 'view':
    case 'download':
      return visiblePublished || isOwner || manager;
    case 'share':
      // Embedding in a course: staff (not students) sharing a published resource they can see.
      return (
        r.status === 'published' &&
        (visiblePublished || manager) &&
        (actor.systemAdmin || actor.memberships.some((m) => m.role !== 'student'))
      );
    case 'edit':
      return manager || (isOwner && r.status !== 'published');
    case 'submit':
      return (isOwner || manager) && (r.status === 'draft' || r.status === 'withdrawn');
    case 'approve':
      return manager && (r.status === 'submitted' || r.status === 'draft' || r.status === 'withdrawn');
    case 'reject':
      return manager && r.status === 'submitted';
    case 'withdraw':
      return (manager || isOwner) && r.status === 'published';
    case 'delete':
      return manager || (isOwner && r.status === 'draft');
    case 'viewHistory':
      return manager || isOwner;
  }
}
