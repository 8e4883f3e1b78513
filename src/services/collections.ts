/**
 * Reading lists (bộ sưu tập). A list shows only the resources the viewer may see: sharing a list
 * never widens the audience of what is in it.
 */
import { Types } from 'mongoose';
import { conflict, DomainError, forbidden, notFound } from '../domain/errors.js';
import type { SharingScope } from '../domain/resource.js';
import { updateIfVersion } from '../db/versioned.js';
import { CollectionModel, type CollectionRecord } from '../models/collection.js';
import type { Actor } from '../policies/actor.js';
import { canCreateCollection, canOnCollection, type CollectionAction } from '../policies/collection.js';
import { canOnResource } from '../policies/resource.js';
import type { SearchCard, SearchEngine } from '../search/port.js';
import type { OrganisationDirectory } from './organisationDirectory.js';

export interface Collection {
  id: string;
  title: string;
  description: string | null;
  ownerId: string;
  orgId: string;
  scope: SharingScope;
  resourceIds: string[];
  version: number;
  createdAt: Date;
  modifiedAt: Date;
}

export interface CollectionInput {
  title: string;
  description: string | null;
  scope: SharingScope;
}

const toCollection = (r: CollectionRecord): Collection => ({
  id: r._id.toHexString(),
  title: r.title,
  description: r.description,
  ownerId: r.ownerId.toHexString(),
  orgId: r.orgId.toHexString(),
  scope: r.scope,
  resourceIds: r.resourceIds.map((id) => id.toHexString()),
  version: r.version,
  createdAt: r.createdAt,
  modifiedAt: r.modifiedAt,
});

export class CollectionService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly engine: SearchEngine,
  ) {}

  async create(actor: Actor, orgId: string, input: CollectionInput): Promise<Collection> {
    if (!actor.personId || !this.tree.get(orgId) || !canCreateCollection(actor, orgId, this.tree)) throw forbidden();
    const now = new Date();
    const record = await CollectionModel.create({
      ...input,
      ownerId: new Types.ObjectId(actor.personId),
      orgId: new Types.ObjectId(orgId),
      resourceIds: [],
      version: 1,
      createdAt: now,
      modifiedAt: now,
    });
    return toCollection(record.toObject());
  }

  async load(actor: Actor, id: string, action: CollectionAction = 'view'): Promise<Collection> {
    const record = Types.ObjectId.isValid(id) ? await CollectionModel.findById(id).lean() : null;
    const collection = record ? toCollection(record) : null;
    if (!collection || !canOnCollection(actor, 'view', collection, this.tree)) throw notFound('collections.notFound');
    if (!canOnCollection(actor, action, collection, this.tree)) throw forbidden();
    return collection;
  }

  /** The items of a list that this person may see, in the list's order. */
  async visibleItems(actor: Actor, collection: Collection): Promise<SearchCard[]> {
    const cards = await this.engine.cards(collection.resourceIds);
    return collection.resourceIds
      .map((id) => cards.get(id))
      .filter(
        (e): e is SearchCard =>
          e !== undefined && e.status === 'published' && canOnResource(actor, 'view', e, this.tree),
      );
  }

  /** Lists the person may see: their own, then shared ones, newest first. Lists are few; reading them all is cheap. */
  async visibleTo(actor: Actor): Promise<Collection[]> {
    const all = (await CollectionModel.find({}).lean()).map(toCollection);
    return all
      .filter((c) => canOnCollection(actor, 'view', c, this.tree))
      .sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime());
  }

  async update(actor: Actor, id: string, expectedVersion: number, input: CollectionInput): Promise<Collection> {
    await this.load(actor, id, 'edit');
    return this.write(id, expectedVersion, { ...input });
  }

  async setItems(actor: Actor, id: string, expectedVersion: number, resourceIds: string[]): Promise<Collection> {
    await this.load(actor, id, 'edit');
    const cards = await this.engine.cards(resourceIds);
    for (const rid of resourceIds) {
      const entry = cards.get(rid);
      if (!entry || !canOnResource(actor, 'view', entry, this.tree))
        throw new DomainError('validation', 'errors.validation', {}, [
          { field: 'resourceIds', messageKey: 'collections.unknownResource', params: { id: rid } },
        ]);
    }
    return this.write(id, expectedVersion, {
      resourceIds: [...new Set(resourceIds)].map((r) => new Types.ObjectId(r)),
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.load(actor, id, 'delete');
    await CollectionModel.findOneAndDelete({ _id: new Types.ObjectId(id) });
  }

  private async write(id: string, expectedVersion: number, set: Partial<CollectionRecord>): Promise<Collection> {
    const updated = await updateIfVersion<CollectionRecord>(CollectionModel, new Types.ObjectId(id), expectedVersion, {
      $set: { ...set, modifiedAt: new Date() },
      $inc: { version: 1 },
    });
    if (!updated) throw conflict();
    return toCollection(updated);
  }
}
