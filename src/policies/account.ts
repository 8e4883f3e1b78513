/**
 * A person's account: disabling or enabling it, their password, their sign-in identities. Such a
 * change reaches every organisation the person belongs to, so it needs power over every one of
 * them; managing one of their memberships (a role in one organisation, canOnOrganisation
 * 'managePeople' there) gives no power over the others or over the account.
 */
import type { OrganisationTree } from '../domain/organisation.js';
import type { Membership } from '../domain/person.js';
import { type Actor, administersOrganisation } from './actor.js';

/** The part of a person the rule looks at. */
export interface AccountSubject {
  id: string;
  systemAdmin: boolean;
  memberships: readonly Membership[];
}

export function canManageAccount(actor: Actor, person: AccountSubject, tree: OrganisationTree): boolean {
  // One's own account is not an admin's to lock: a lone admin could lock everyone out.
  if (actor.personId === null || actor.personId === person.id) return false;
  if (actor.systemAdmin) return true;
  if (person.systemAdmin) return false;
  return (
    person.memberships.length > 0 && person.memberships.every((m) => administersOrganisation(actor, m.orgId, tree))
  );
}
