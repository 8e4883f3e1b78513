/**
 * Patrons: the people of a school as the desk sees them (their patron type from their role there).
 * A person with no membership in the school is not its patron, and is "not found" at its desk, so
 * that one school's librarian cannot see another school's readers.
 */
import { conflict, forbidden, notFound } from '../../domain/errors.js';
import { patronTypeOf, type PatronType } from '../../domain/loanRules.js';
import type { Person } from '../../domain/person.js';
import { cardNumber, type LibraryCard } from '../../domain/libraryCard.js';
import { cardByNumber, cardOfPerson, claimCard } from '../../models/libraryCard.js';
import { sequenceIds, takeNumbers } from '../../models/sequence.js';
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

  /** The name of a person the desk tells about (the reader a returned copy is set aside for). */
  async nameOf(personId: string): Promise<string> {
    return (await this.accounts.person(personId))?.displayName ?? '';
  }

  /** The patron a scanned card names at the school's desk; null when the code is no card of the school. */
  async byCard(actor: Actor, orgId: string, code: string): Promise<Patron | null> {
    this.requireDesk(actor, orgId);
    const card = await cardByNumber(orgId, code);
    const person = card ? await this.accounts.person(card.personId) : null;
    return person ? patronOf(person, orgId) : null;
  }

  /** A patron's card at the school, issued now with the school's next number when they have none. */
  async cardOf(actor: Actor, orgId: string, personId: string, now = new Date()): Promise<LibraryCard> {
    await this.load(actor, orgId, personId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await cardOfPerson(orgId, personId);
      if (existing) return existing;
      const seq = await takeNumbers(sequenceIds.libraryCard(orgId), 1);
      const card = { orgId, personId, number: cardNumber(seq), issuedAt: now };
      if (await claimCard(card)) return card;
    }
    throw conflict();
  }
}
