import type { Membership, Role } from '../domain/person.js';
import type { OrganisationTree } from '../domain/organisation.js';

/** Who is asking. Anonymous visitors are actors too, with no person and no memberships. */
export interface Actor {
  personId: string | null;
  systemAdmin: boolean;
  memberships: readonly Membership[];
  /** Resources this person may open whatever their scope: granted by an LTI launch in a course. */
  grantedResourceIds: ReadonlySet<string>;
}

export const anonymous: Actor = { personId: null, systemAdmin: false, memberships: [], grantedResourceIds: new Set() };

const managerRoles: readonly Role[] = ['org_admin', 'librarian'];
const staffRoles: readonly Role[] = ['org_admin', 'librarian', 'teacher'];

/** Has one of `roles` in `orgId` itself or in an organisation above it. */
export function hasRoleOver(actor: Actor, orgId: string, roles: readonly Role[], tree: OrganisationTree): boolean {
  return actor.memberships.some((m) => roles.includes(m.role) && tree.isWithin(orgId, m.orgId));
}

/** Librarians and organisation admins of the organisation or of any organisation above it. */
export function managesOrganisation(actor: Actor, orgId: string, tree: OrganisationTree): boolean {
  return actor.systemAdmin || hasRoleOver(actor, orgId, managerRoles, tree);
}

export function administersOrganisation(actor: Actor, orgId: string, tree: OrganisationTree): boolean {
  return actor.systemAdmin || hasRoleOver(actor, orgId, ['org_admin'], tree);
}

export function isStaffOf(actor: Actor, orgId: string, tree: OrganisationTree): boolean {
  return actor.systemAdmin || hasRoleOver(actor, orgId, staffRoles, tree);
}

/** Any membership (students included) in `orgId` or anywhere below it. */
export function belongsUnder(actor: Actor, orgId: string, tree: OrganisationTree): boolean {
  return actor.memberships.some((m) => tree.isWithin(m.orgId, orgId));
}

/** Any membership in `orgId` or in an organisation above it. */
export function belongsOver(actor: Actor, orgId: string, tree: OrganisationTree): boolean {
  return actor.memberships.some((m) => tree.isWithin(orgId, m.orgId));
}
