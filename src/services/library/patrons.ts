/**
 * Patrons: the people of a school as the desk sees them (their patron type from their role there).
 * A person with no membership in the school is not its patron, and is "not found" at its desk, so
 * that one school's librarian cannot see another school's readers.
 */
import { forbidden, notFound } from '../../domain/errors.js';
import { patronTypeOf, type PatronType } from '../../domain/loanRules.js';
import type { Person } from '../../domain/person.js';
import type { Actor } from '../../policies/actor.js';
import { canAtDesk, canOnPatron, type DeskAction, type PatronAction } from '../../policies/circulation.js';
import type { AccountService } from '../accounts.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';

export interface Patron {
  id: string;
  orgId: string;
  displayName: string;
  type: PatronType;
  disabled: boolean;
}

export function patronOf(person: Person, orgId: string): Patron | null {
  const type = patronTypeOf(person.memberships.filter((m) => m.orgId === orgId).map((m) => m.role));
  if (!type) return null;
  return { id: person.id, orgId, displayName: person.displayName, type, disabled: person.disabled };
}

export class PatronService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly accounts: AccountService,
  ) {}

  /** The actor works this school's desk (or is refused: not found for a school that does not exist). */
  requireDesk(actor: Actor, orgId: string, action: DeskAction = 'lend'): void {
    if (!this.tree.get(orgId)) throw notFound();
    if (!canAtDesk(actor, action, orgId, this.tree)) throw forbidden();
  }

  /** A patron of the school, for its desk. */
  async atDesk(actor: Actor, orgId: string, patronId: string): Promise<Patron> {
    this.requireDesk(actor, orgId);
    const person = await this.accounts.person(patronId);
    const patron = person ? patronOf(person, orgId) : null;
    if (!patron) throw notFound('desk.patronNotFound');
    return patron;
  }

  /** Whether the actor may act on a patron's record at a school (their own, or as its librarian). */
  may(actor: Actor, action: PatronAction, patronId: string, orgId: string): boolean {
    return canOnPatron(actor, action, { personId: patronId, orgId }, this.tree);
  }

  /** A patron of the school whose record the actor may see (the desk or the person themself). */
  async load(actor: Actor, orgId: string, patronId: string, action: PatronAction = 'viewLoans'): Promise<Patron> {
    if (!this.tree.get(orgId)) throw notFound();
    const person = await this.accounts.person(patronId);
    const patron = person ? patronOf(person, orgId) : null;
    if (!patron || !this.may(actor, 'viewLoans', patronId, orgId)) throw notFound('desk.patronNotFound');
    if (!this.may(actor, action, patronId, orgId)) throw forbidden();
    return patron;
  }
}
