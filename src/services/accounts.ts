/**
 * Accounts: every way of signing in (local password, SAML, LTI) ends in `provision`, which finds
 * or creates the person behind an identity and brings their name, e-mail and memberships up to
 * date. Local passwords are hashed with argon2id; repeated failures are throttled by account and
 * client address together where sign-in is offered (src/http/routes/auth.ts), not by locking the
 * account, which anyone could do to anyone.
 */
import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import { DomainError, forbidden } from '../domain/errors.js';
import { stripForbidden } from '../domain/text.js';
import type { IdentityProvider, Membership, Person } from '../domain/person.js';
import { isDuplicateKey } from '../db/errors.js';
import {
  identityExists,
  identityKey,
  findLocalLogin,
  insertIdentity,
  linkIdentityFirst,
  markIdentitySeen,
  setIdentityPasswordHash,
} from '../models/identity.js';
import { isDatabaseId } from '../models/ids.js';
import { deletePerson, findPerson, findPersonByEmail, insertPerson, updatePerson } from '../models/person.js';
import type { Actor } from '../policies/actor.js';
import { IdentityLinks } from './identityLinks.js';
import type { ChangeFeed } from './changeFeed.js';
import { FollowedRecords } from './followedRecords.js';
import { passwordWork } from './passwordWork.js';
import type { OrganisationDirectory } from './organisationDirectory.js';

export interface IdentityClaim {
  provider: IdentityProvider;
  /** The identity's key, from `identityKey()`. */
  key: string;
  displayName: string;
  email: string | null;
  /** Memberships the provider vouches for… */
  memberships: Membership[];
  /** …within this subtree, where they replace what the person had. Null: add nothing, remove nothing. */
  authoritativeFor: string | null;
  /** Attach to an existing person with the same e-mail when the identity is new (an admin's choice per provider). */
  matchByEmail: boolean;
}

export class AccountService {
  private readonly links = new IdentityLinks();
  /** People signing in or acting, read again only when the change feed names them. */
  private readonly people = new FollowedRecords<Person>(loadPerson, 50_000);

  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly changes: ChangeFeed,
  ) {
    changes.subscribe('person', this.people);
  }

  async provision(given: IdentityClaim): Promise<Person> {
    // Names come from portals and LMSs as they have them: what no text may hold is removed (src/domain/text.ts).
    const claim = { ...given, displayName: stripForbidden(given.displayName) || given.email || given.key };
    const now = new Date();
    const identity = await this.links.find(claim.key);
    let existing = identity ? await this.people.get(identity.personId) : null;
    if (!existing && claim.matchByEmail && claim.email) existing = await this.personWith(normaliseEmail(claim.email));
    if (existing?.disabled) throw forbidden('auth.disabled');
    const email = claim.email ? normaliseEmail(claim.email) : null;
    let person: Person;
    if (existing) {
      // A person opening item after item from a course signs in again and again with the same claims.
      person = changesOf(existing, claim, email, this.tree, now).anything
        ? await this.bringUpToDate(existing.id, claim, email, now)
        : existing;
    } else {
      const memberships = mergeMemberships([], claim, this.tree);
      person = await insertPerson({
        displayName: claim.displayName,
        email,
        memberships,
        lastLoginAt: now,
        modifiedAt: now,
        systemAdmin: false,
        disabled: false,
        createdAt: now,
      });
    }
    if (identity) {
      if (!isRecent(identity.lastSeenAt, now)) {
        await markIdentitySeen(claim.key, now);
        this.links.remember(claim.key, { personId: identity.personId, lastSeenAt: now });
      }
    } else if (!(await this.linkIdentity(claim.key, claim.provider, person.id, now))) {
      // A simultaneous first sign-in of the same identity linked it first: keep one person, theirs.
      if (!existing) await deletePerson(person.id);
      return this.provision(claim);
    }
    if (!existing) await this.people.refreshWith(person.id, () => Promise.resolve(person));
    return person;
  }

  /**
   * The kept copy said the claim changes something: the merge is made again from the stored
   * person, so that a change made meanwhile elsewhere (an admin's new role) is not lost. Only a
   * change of more than the sign-in time is news for the other instances.
   */
  private async bringUpToDate(id: string, claim: IdentityClaim, email: string | null, now: Date): Promise<Person> {
    const stored = await this.people.refreshWith(id, () => loadPerson(id));
    if (!stored) throw new Error(`the person ${id} an identity is linked to does not exist`);
    if (stored.disabled) throw forbidden('auth.disabled');
    const change = changesOf(stored, claim, email, this.tree, now);
    if (!change.anything) return stored;
    const fields = {
      displayName: claim.displayName,
      ...(email ? { email } : {}),
      memberships: change.memberships,
      lastLoginAt: now,
      modifiedAt: now,
    };
    const update = () => updatePerson(id, fields);
    if (!change.whatOthersRead) return (await this.people.refreshWith(id, update)) ?? stored;
    const updated = await update();
    await this.changes.publish('person', id);
    return updated ?? stored;
  }

  private personWith(email: string): Promise<Person | null> {
    return findPersonByEmail(email);
  }

  async createLocalAccount(input: {
    username: string;
    password: string;
    displayName: string;
    email: string | null;
    memberships: Membership[];
    systemAdmin?: boolean;
  }): Promise<Person> {
    const key = identityKey('local', normaliseUsername(input.username));
    if (await identityExists(key))
      throw new DomainError('conflict', 'accounts.usernameTaken', { username: input.username });
    const now = new Date();
    const person = await insertPerson({
      displayName: input.displayName,
      email: input.email ? normaliseEmail(input.email) : null,
      memberships: input.memberships,
      systemAdmin: input.systemAdmin ?? false,
      disabled: false,
      createdAt: now,
      modifiedAt: now,
      lastLoginAt: null,
    });
    try {
      await insertIdentity({
        key,
        personId: person.id,
        provider: 'local',
        passwordHash: await hashPassword(input.password),
        createdAt: now,
        lastSeenAt: null,
      });
    } catch (err) {
      await deletePerson(person.id); // the username was taken meanwhile: leave nothing half made
      if (isDuplicateKey(err))
        throw new DomainError('conflict', 'accounts.usernameTaken', { username: input.username });
      throw err;
    }
    return person;
  }

  /**
   * Checks a local password. Returns the identity key on success; throws the same
   * "wrong username or password" for an unknown user as for a wrong password.
   */
  async verifyLocalPassword(username: string, password: string): Promise<string> {
    const key = identityKey('local', normaliseUsername(username));
    const identity = await findLocalLogin(key);
    if (!identity?.passwordHash) {
      await checkPassword(await dummyHash(), password); // same cost as a real check
      throw new DomainError('unauthenticated', 'auth.badCredentials');
    }
    if (!(await checkPassword(identity.passwordHash, password)))
      throw new DomainError('unauthenticated', 'auth.badCredentials');
    return key;
  }

  /** Local sign-in: checks the password, then provisions like every other way in. */
  async signInLocally(username: string, password: string): Promise<Person> {
    const key = await this.verifyLocalPassword(username, password);
    const person = await this.personByIdentity(key);
    if (!person) throw new DomainError('unauthenticated', 'auth.badCredentials');
    return this.provision({
      provider: 'local',
      key,
      displayName: person.displayName,
      email: person.email,
      memberships: [],
      authoritativeFor: null,
      matchByEmail: false,
    });
  }

  async setLocalPassword(personId: string, username: string, password: string): Promise<void> {
    const key = identityKey('local', normaliseUsername(username));
    const identity = await findLocalLogin(key);
    if (!identity || identity.personId !== personId) throw new DomainError('not_found', 'accounts.noLocalLogin');
    await setIdentityPasswordHash(key, await hashPassword(password));
  }

  /** The person behind an identity (an LTI launch token names the identity, not the person). */
  async personByIdentity(key: string): Promise<Person | null> {
    const identity = await this.links.find(key);
    return identity ? this.people.get(identity.personId) : null;
  }

  /** As it was at most one change-feed poll ago: who is behind a session or a launch token. */
  async person(personId: string): Promise<Person | null> {
    return isDatabaseId(personId) ? this.people.get(personId) : null;
  }

  /** False when the identity was linked meanwhile by a concurrent first sign-in. */
  private async linkIdentity(key: string, provider: IdentityProvider, personId: string, now: Date): Promise<boolean> {
    const linked = await linkIdentityFirst({
      key,
      personId,
      provider,
      passwordHash: null,
      createdAt: now,
      lastSeenAt: now,
    });
    if (linked) this.links.remember(key, { personId, lastSeenAt: now });
    return linked;
  }
}

export function actorOf(person: Person, grantedResourceIds: ReadonlySet<string> = new Set()): Actor {
  return { personId: person.id, systemAdmin: person.systemAdmin, memberships: person.memberships, grantedResourceIds };
}

export function mergeMemberships(
  existing: readonly Membership[],
  claim: Pick<IdentityClaim, 'memberships' | 'authoritativeFor'>,
  tree: OrganisationDirectory,
): Membership[] {
  const kept = claim.authoritativeFor
    ? existing.filter((m) => !tree.isWithin(m.orgId, claim.authoritativeFor!))
    : [...existing];
  const all = [...kept, ...claim.memberships];
  return all.filter((m, i) => all.findIndex((o) => o.orgId === m.orgId && o.role === m.role) === i);
}

/**
 * Sign-in times are kept to within this much: a repeated sign-in with nothing new to say within it
 * writes nothing (LTI launches come one per item opened, several a minute).
 */
export const SIGN_IN_TIME_PRECISION_MS = 5 * 60_000;
const isRecent = (at: Date | null, now: Date) =>
  at !== null && now.getTime() - at.getTime() < SIGN_IN_TIME_PRECISION_MS;

/**
 * What a sign-in changes: the person's memberships after it, whether it changes what others read of them, whether
 * anything is to be written.
 */
function changesOf(person: Person, claim: IdentityClaim, email: string | null, tree: OrganisationDirectory, now: Date) {
  const memberships = mergeMemberships(person.memberships, claim, tree);
  const key = (m: Membership) => `${m.orgId}:${m.role}`;
  const before = new Set(person.memberships.map(key));
  const sameMemberships = before.size === memberships.length && memberships.every((m) => before.has(key(m)));
  const whatOthersRead =
    person.displayName !== claim.displayName || (email !== null && person.email !== email) || !sameMemberships;
  return { memberships, whatOthersRead, anything: whatOthersRead || !isRecent(person.lastLoginAt, now) };
}

const loadPerson = findPerson;

export const normaliseUsername = (u: string) => u.trim().normalize('NFC').toLowerCase();
export const normaliseEmail = (e: string) => e.trim().toLowerCase();

const hashPassword = (password: string) => passwordWork(() => argon2.hash(password, { type: argon2.argon2id }));
const checkPassword = (hash: string, password: string) => passwordWork(() => argon2.verify(hash, password));
let dummy: Promise<string> | undefined;
/** A hash of a random string, checked against when the username does not exist. */
const dummyHash = () => (dummy ??= hashPassword(randomUUID()));
