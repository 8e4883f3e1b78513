/**
 * What the integration services (LTI platforms, SAML portals, harvest sources) ask before they act:
 * the organisations a person manages integrations of, and whether they may manage this one.
 */
import { forbidden } from '../../domain/errors.js';
import type { Organisation, OrganisationTree } from '../../domain/organisation.js';
import type { Actor } from '../../policies/actor.js';
import { canManageIntegration, integrationOrganisations, type IntegrationSubject } from '../../policies/integration.js';

/** The tree as these services read it: the policy's view and the list of every node. */
export interface IntegrationTree extends OrganisationTree {
  all(): Organisation[];
}

export class IntegrationAccess {
  constructor(private readonly tree: IntegrationTree) {}

  /** The organisations `actor` manages integrations of; refused when there is none (no admin page for them). */
  organisations(actor: Actor): Organisation[] {
    const orgs = integrationOrganisations(actor, this.tree.all(), this.tree);
    if (!orgs.length) throw forbidden();
    return orgs;
  }

  may(actor: Actor, subject: IntegrationSubject): boolean {
    // Only a pending integration needs the list of every organisation the person manages.
    const managesSome =
      subject.orgId === null && integrationOrganisations(actor, this.tree.all(), this.tree).length > 0;
    return canManageIntegration(actor, subject, this.tree, managesSome);
  }

  /** Refuses unless `actor` may manage `subject` (or integrations of `subject.orgId`). */
  check(actor: Actor, subject: IntegrationSubject): void {
    if (!this.may(actor, subject)) throw forbidden();
  }

  /** The ones of `subjects` that `actor` may manage, in their order. */
  filter<T extends IntegrationSubject>(actor: Actor, subjects: readonly T[]): T[] {
    return subjects.filter((s) => this.may(actor, s));
  }
}
