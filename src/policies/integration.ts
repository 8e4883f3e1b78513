/**
 * Integrations (LTI platforms, SAML portals, harvest sources) belong to an organisation and are
 * managed by whoever may `manageIntegrations` there. A platform registered through a link made
 * for no organisation waits (`orgId` null) until an admin confirms one: anyone who manages the
 * integrations of some organisation may see it and confirm it for theirs.
 */
import type { Organisation, OrganisationTree } from '../domain/organisation.js';
import type { Actor } from './actor.js';
import { canOnOrganisation } from './organisation.js';

/** The part of an integration the rules look at. */
export interface IntegrationSubject {
  orgId: string | null;
}

/** The organisations (of `candidates`, in their order) whose integrations `actor` manages. */
export function integrationOrganisations(
  actor: Actor,
  candidates: readonly Organisation[],
  tree: OrganisationTree,
): Organisation[] {
  return candidates.filter((o) => canOnOrganisation(actor, 'manageIntegrations', o.id, tree));
}

/**
 * Whether `actor` may see and change `subject`. `managesSome` says whether they manage the
 * integrations of any organisation at all: what a pending one asks for.
 */
export function canManageIntegration(
  actor: Actor,
  subject: IntegrationSubject,
  tree: OrganisationTree,
  managesSome: boolean,
): boolean {
  return subject.orgId === null ? managesSome : canOnOrganisation(actor, 'manageIntegrations', subject.orgId, tree);
}
