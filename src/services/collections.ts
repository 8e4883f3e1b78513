/**
 * Reading lists (bộ sưu tập). A list shows only the resources the viewer may see: sharing a list
 * never widens the audience of what is in it.
 */
import type { Collection, CollectionInput } from '../domain/collection.js';
import { conflict, DomainError, forbidden, notFound } from '../domain/errors.js';
import type { Organisation } from '../domain/organisation.js';
import {
  allCollections,
  deleteCollection,
  findCollection,
  insertCollection,
  updateCollectionIfVersion,
} from '../models/collection.js';
import type { Actor } from '../policies/actor.js';
import { canCreateCollection, canOnCollection, type CollectionAction } from '../policies/collection.js';
import { canOnResource } from '../policies/resource.js';
import type { SearchCard, SearchEngine } from '../search/port.js';
import { compareVietnamese } from '../search/text.js';
import type { OrganisationDirectory } from './organisationDirectory.js';

export type { Collection, CollectionInput };

export class CollectionService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly engine: SearchEngine,
  ) {}

  async create(actor: Actor, orgId: string, input: CollectionInput): Promise<Collection> {
    if (!actor.personId || !this.tree.get(orgId) || !canCreateCollection(actor, orgId, this.tree)) throw forbidden();
    return insertCollection(actor.personId, orgId, input);
  }

  async load(actor: Actor, id: string, action: CollectionAction = 'view'): Promise<Collection> {
    const collection = await findCollection(id);
    if (!collection || !canOnCollection(actor, 'view', collection, this.tree)) throw notFound('collections.notFound');
    if (!canOnCollection(actor, action, collection, this.tree)) throw forbidden();
    return collection;
  }

  /** The organisations where the person may start a list, by name. */
  creatableIn(actor: Actor): Organisation[] {
    if (!actor.personId) return [];
    return this.tree
      .all()
      .filter((o) => canCreateCollection(actor, o.id, this.tree))
      .sort((a, b) => compareVietnamese(a.name, b.name));
  }

  /** The lists the person may see, each with how many of its items they may see. */
  async visibleWithCounts(actor: Actor): Promise<{ collection: Collection; visibleItems: number }[]> {
    const lists = await this.visibleTo(actor);
    return Promise.all(
      lists.map(async (collection) => ({
        collection,
        visibleItems: (await this.visibleItems(actor, collection)).length,
      })),
    );
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
    const all = await allCollections();
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
      resourceIds: [...new Set(resourceIds)],
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.load(actor, id, 'delete');
    await deleteCollection(id);
  }

  private async write(
    id: string,
    expectedVersion: number,
    change: Partial<CollectionInput> & { resourceIds?: string[] },
  ): Promise<Collection> {
    const updated = await updateCollectionIfVersion(id, expectedVersion, change);
    if (!updated) throw conflict();
    return updated;
  }
}
