/** Creating, renaming and moving nodes of the organisation tree, and the people in them. */
import { conflict, DomainError, forbidden, notFound } from '../domain/errors.js';
import type { Organisation, OrganisationType } from '../domain/organisation.js';
import type { Membership, Person } from '../domain/person.js';
import { isDuplicateKey } from '../db/errors.js';
import { deleteOrganisation, insertOrganisation, updateOrganisation } from '../models/organisation.js';
import { allPeople, anyoneIn, findPerson, updatePerson } from '../models/person.js';
import { anyResourceIn } from '../models/resourceQueries.js';
import type { Actor } from '../policies/actor.js';
import { canManageAccount } from '../policies/account.js';
import { canOnOrganisation } from '../policies/organisation.js';
import type { ChangeFeed } from './changeFeed.js';
import type { OrganisationDirectory } from './organisationDirectory.js';

export interface OrganisationInput {
  code: string;
  name: string;
  type: OrganisationType;
}

export class OrganisationService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly changes: ChangeFeed,
  ) {}

  async create(actor: Actor, parentId: string | null, input: OrganisationInput): Promise<Organisation> {
    if (
      parentId === null
        ? !actor.systemAdmin
        : !this.tree.get(parentId) || !canOnOrganisation(actor, 'createChild', parentId, this.tree)
    )
      throw forbidden();
    const now = new Date();
    try {
      const org = await insertOrganisation({ ...input, parentId, createdAt: now, modifiedAt: now });
      await this.changes.publish('organisation', org.id);
      return org;
    } catch (err) {
      if (isDuplicateKey(err)) throw codeTaken(input.code);
      throw err;
    }
  }

  async edit(actor: Actor, id: string, input: OrganisationInput): Promise<Organisation> {
    this.require(actor, 'edit', id);
    try {
      const org = await updateOrganisation(id, { ...input, modifiedAt: new Date() });
      if (!org) throw notFound();
      await this.changes.publish('organisation', id);
      return org;
    } catch (err) {
      if (isDuplicateKey(err)) throw codeTaken(input.code);
      throw err;
    }
  }

  /** Moves a node (with everything below it) under another parent: one write; its data does not move. */
  async move(actor: Actor, id: string, newParentId: string): Promise<Organisation> {
    this.require(actor, 'move', id);
    if (!this.tree.get(newParentId) || !canOnOrganisation(actor, 'createChild', newParentId, this.tree))
      throw forbidden();
    if (this.tree.isWithin(newParentId, id)) throw new DomainError('validation', 'organisations.moveIntoItself');
    const org = await updateOrganisation(id, { parentId: newParentId, modifiedAt: new Date() });
    if (!org) throw notFound();
    await this.changes.publish('organisation', id);
    return org;
  }

  /** Only an empty node can go: no children, no resources, no members. */
  async remove(actor: Actor, id: string): Promise<void> {
    this.require(actor, 'delete', id);
    if (this.tree.childrenOf(id).length || (await anyResourceIn(id)) || (await anyoneIn(id))) {
      throw conflict('organisations.notEmpty');
    }
    await deleteOrganisation(id);
    await this.changes.publish('organisation', id);
  }

  /** People with a membership in the node or below it. */
  async people(actor: Actor, id: string): Promise<Person[]> {
    this.require(actor, 'view', id);
    const within = new Set(this.tree.subtree(id).map((o) => o.id));
    return (await allPeople()).filter((p) => p.memberships.some((m) => within.has(m.orgId)));
  }

  /** Replaces a person's roles in one organisation, leaving their roles elsewhere alone. */
  async setRoles(actor: Actor, personId: string, orgId: string, roles: Membership['role'][]): Promise<Person> {
    this.require(actor, 'managePeople', orgId);
    const person = await findPerson(personId);
    if (!person) throw notFound();
    const memberships = [
      ...person.memberships.filter((m) => m.orgId !== orgId),
      ...roles.map((role) => ({ orgId, role })),
    ];
    const updated = await updatePerson(personId, { memberships, modifiedAt: new Date() });
    await this.changes.publish('person', personId);
    return updated!;
  }

  async setDisabled(actor: Actor, personId: string, disabled: boolean): Promise<Person> {
    const person = await findPerson(personId);
    if (!person) throw notFound();
    if (!canManageAccount(actor, person, this.tree)) throw forbidden();
    const updated = await updatePerson(personId, { disabled, modifiedAt: new Date() });
    await this.changes.publish('person', personId);
    return updated!;
  }

  private require(actor: Actor, action: Parameters<typeof canOnOrganisation>[1], id: string): void {
    if (!this.tree.get(id)) throw notFound();
    if (!canOnOrganisation(actor, action, id, this.tree)) throw forbidden();
  }
}

const codeTaken = (code: string) =>
  new DomainError('validation', 'errors.validation', {}, [
    { field: 'code', messageKey: 'organisations.codeTaken', params: { code } },
  ]);
