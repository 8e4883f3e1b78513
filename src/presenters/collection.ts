/** What leaves the server about reading lists; their items are summaries the viewer may see. */
import type { OrganisationTree } from '../domain/organisation.js';
import type { Language } from '../i18n/index.js';
import type { Actor } from '../policies/actor.js';
import { canOnCollection } from '../policies/collection.js';
import type { SearchCard } from '../search/port.js';
import type { Collection } from '../domain/collection.js';
import { presentSummary, type ResourceSummary } from './resource.js';

export interface CollectionView {
  id: string;
  url: string;
  title: string;
  description: string | null;
  scope: Collection['scope'];
  organisation: { id: string; name: string };
  mine: boolean;
  itemCount: number;
  version: number;
  modifiedAt: string;
  permissions: { edit: boolean; delete: boolean };
}

export interface CollectionDetail extends CollectionView {
  items: ResourceSummary[];
}

/** `visibleCount`: how many items this viewer may see (hidden items are not even counted). */
export function presentCollection(
  c: Collection,
  visibleCount: number,
  actor: Actor,
  tree: OrganisationTree,
): CollectionView {
  return {
    id: c.id,
    url: `/collections/${c.id}`,
    title: c.title,
    description: c.description,
    scope: c.scope,
    organisation: { id: c.orgId, name: tree.get(c.orgId)?.name ?? '' },
    mine: actor.personId === c.ownerId,
    itemCount: visibleCount,
    version: c.version,
    modifiedAt: c.modifiedAt.toISOString(),
    permissions: { edit: canOnCollection(actor, 'edit', c, tree), delete: canOnCollection(actor, 'delete', c, tree) },
  };
}

/** `items` are the entries the viewer may see (CollectionService.visibleItems). */
export function presentCollectionDetail(
  c: Collection,
  items: SearchCard[],
  actor: Actor,
  tree: OrganisationTree,
  lang: Language,
): CollectionDetail {
  return { ...presentCollection(c, items.length, actor, tree), items: items.map((e) => presentSummary(e, tree, lang)) };
}
