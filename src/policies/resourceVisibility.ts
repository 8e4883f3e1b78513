/**
 * What a search may show this person, as data a search engine can apply as filters. It is
 * `canOnResource` itself, asked once per organisation and per kind of resource: apart from LTI
 * grants, the rule's answer depends only on the resource's organisation, sharing scope and
 * status and on whether the person owns it. So every engine shows exactly what the policy
 * allows, and moving an organisation needs no re-indexing (the tree is read at query time).
 */
import type { Organisation, OrganisationTree } from '../domain/organisation.js';
import { sharingScopes, type ResourceStatus } from '../domain/resource.js';
import type { Visibility, VisibilityRule } from '../search/port.js';
import type { Actor } from './actor.js';
import { canOnResource, type ResourceAction } from './resource.js';

export interface TreeWithAll extends OrganisationTree {
  all(): Organisation[];
}

export function searchVisibility(
  actor: Actor,
  action: ResourceAction,
  statuses: readonly ResourceStatus[],
  tree: TreeWithAll,
): Visibility {
  const orgIds = tree.all().map((o) => o.id);
  const granted = [...actor.grantedResourceIds];
  const rules: VisibilityRule[] = [];
  for (const scope of sharingScopes) {
    for (const status of statuses) {
      for (const owned of actor.personId ? [false, true] : [false]) {
        for (const isGranted of granted.length ? [false, true] : [false]) {
          const subject = (orgId: string) => ({
            id: isGranted ? granted[0]! : '',
            orgId,
            ownerId: owned ? actor.personId! : '',
            status,
            scope,
          });
          const allowed = orgIds.filter((orgId) => canOnResource(actor, action, subject(orgId), tree));
          if (!allowed.length) continue;
          rules.push({
            scope,
            status,
            owned,
            granted: isGranted,
            orgIds: allowed.length === orgIds.length ? null : allowed,
          });
        }
      }
    }
  }
  return { personId: actor.personId, grantedIds: granted, rules };
}
