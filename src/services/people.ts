/**
 * Administering people from the organisation pages and the API: local accounts created by an
 * organisation admin, with a password typed by the admin or generated, which is shown only once.
 */
import { randomBytes } from 'node:crypto';
import { forbidden, notFound } from '../domain/errors.js';
import type { Person, Role } from '../domain/person.js';
import type { Actor } from '../policies/actor.js';
import { canOnOrganisation } from '../policies/organisation.js';
import type { AccountService } from './accounts.js';
import type { OrganisationDirectory } from './organisationDirectory.js';

export interface NewAccountInput {
  username: string;
  /** Generated when not given. */
  password?: string;
  displayName: string;
  email: string | null;
  roles: Role[];
}

/** A password a person can read aloud and type: 4 groups of 4 lowercase letters and digits, ~80 bits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export class PeopleService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly accounts: AccountService,
  ) {}

  /**
   * Creates a local account with roles in `orgId`; the answer holds the password, which is not kept in clear anywhere.
   */
  async createLocalAccount(
    actor: Actor,
    orgId: string,
    input: NewAccountInput,
  ): Promise<{ person: Person; username: string; password: string }> {
    if (!this.tree.get(orgId)) throw notFound();
    if (!canOnOrganisation(actor, 'managePeople', orgId, this.tree)) throw forbidden();
    const password = input.password ?? generatePassword();
    const person = await this.accounts.createLocalAccount({
      username: input.username,
      password,
      displayName: input.displayName,
      email: input.email,
      memberships: input.roles.map((role) => ({ orgId, role })),
    });
    return { person, username: input.username, password };
  }
}
