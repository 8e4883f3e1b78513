/** Creating, renaming and moving nodes of the organisation tree, and the people in them. */
import { Types } from 'mongoose';
import { conflict, DomainError, forbidden, notFound } from '../domain/errors.js';
import type { Organisation, OrganisationType } from '../domain/organisation.js';
import type { Membership, Person } from '../domain/person.js';
import { isDuplicateKey } from '../db/errors.js';
import { OrganisationModel, toOrganisation } from '../models/organisation.js';
import { membershipRecords, PersonModel, toPerson } from '../models/person.js';
import { ResourceModel } from '../models/resource.js';
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
      const record = await OrganisationModel.create({
        ...input,
        parentId: parentId ? new Types.ObjectId(parentId) : null,
        createdAt: now,
        modifiedAt: now,
      });
      const org = toOrganisation(record.toObject());
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
      const record = await OrganisationModel.findOneAndUpdate(
        { _id: new Types.ObjectId(id) },
        { $set: { ...input, modifiedAt: new Date() } },
        { returnDocument: 'after' },
      ).lean();
      if (!record) throw notFound();
      await this.changes.publish('organisation', id);
      return toOrganisation(record);
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
    const record = await OrganisationModel.findOneAndUpdate(
      { _id: new Types.ObjectId(id) },
      { $set: { parentId: new Types.ObjectId(newParentId), modifiedAt: new Date() } },
      { returnDocument: 'after' },
    ).lean();
    if (!record) throw notFound();
    await this.changes.publish('organisation', id);
    return toOrganisation(record);
  }

  /** Only an empty node can go: no children, no resources, no members. */
  async remove(actor: Actor, id: string): Promise<void> {
    this.require(actor, 'delete', id);
    const objectId = new Types.ObjectId(id);
    if (
      this.tree.childrenOf(id).length ||
      (await ResourceModel.exists({ orgId: objectId })) ||
      (await PersonModel.exists({ 'memberships.orgId': objectId }))
    ) {
      throw conflict('organisations.notEmpty');
    }
    await OrganisationModel.findOneAndDelete({ _id: objectId });
    await this.changes.publish('organisation', id);
  }

  /** People with a membership in the node or below it. */
  async people(actor: Actor, id: string): Promise<Person[]> {
    this.require(actor, 'view', id);
    const within = new Set(this.tree.subtree(id).map((o) => o.id));
    const all = await PersonModel.find({}).lean();
    return all.map(toPerson).filter((p) => p.memberships.some((m) => within.has(m.orgId)));
  }

  /** Replaces a person's roles in one organisation, leaving their roles elsewhere alone. */
  async setRoles(actor: Actor, personId: string, orgId: string, roles: Membership['role'][]): Promise<Person> {
    this.require(actor, 'managePeople', orgId);
    if (!Types.ObjectId.isValid(personId)) throw notFound();
    const record = await PersonModel.findById(personId).lean();
    if (!record) throw notFound();
    const person = toPerson(record);
    const memberships = [
      ...person.memberships.filter((m) => m.orgId !== orgId),
      ...roles.map((role) => ({ orgId, role })),
    ];
    const updated = await PersonModel.findOneAndUpdate(
      { _id: record._id },
      { $set: { memberships: membershipRecords(memberships), modifiedAt: new Date() } },
      { returnDocument: 'after' },
    ).lean();
    await this.changes.publish('person', personId);
    return toPerson(updated!);
  }

  async setDisabled(actor: Actor, personId: string, disabled: boolean): Promise<Person> {
    if (!Types.ObjectId.isValid(personId)) throw notFound();
    const record = await PersonModel.findById(personId).lean();
    if (!record) throw notFound();
    if (!canManageAccount(actor, toPerson(record), this.tree)) throw forbidden();
    const updated = await PersonModel.findOneAndUpdate(
      { _id: record._id },
      { $set: { disabled, modifiedAt: new Date() } },
      { returnDocument: 'after' },
    ).lean();
    await this.changes.publish('person', personId);
    return toPerson(updated!);
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
