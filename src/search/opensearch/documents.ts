/** Search documents and cards to and from OpenSearch's JSON. */
import type { FileKind, ResourceStatus, SharingScope } from '../../domain/resource.js';
import { newestOf } from '../document.js';
import { facetNames } from '../facets.js';
import { textFields, type SearchCard, type SearchDocument } from '../port.js';

export function toSource(d: SearchDocument): Record<string, unknown> {
  const c = d.card;
  return {
    id: c.id,
    ownerId: c.ownerId,
    status: c.status,
    scope: c.scope,
    ...Object.fromEntries(facetNames.map((f) => [f, d.facets[f]])),
    ...Object.fromEntries(textFields.map((f) => [f, d.text[f].normalize('NFC')])),
    titleKey: d.titleKey,
    newestAt: newestOf(c),
    views: c.views,
    card: c,
  };
}

interface StoredCard extends Omit<SearchCard, 'publishedAt' | 'createdAt' | 'modifiedAt'> {
  publishedAt: string | null;
  createdAt: string;
  modifiedAt: string;
}

export function fromSource(source: { card: StoredCard; views: number }): SearchCard {
  const c = source.card;
  return {
    ...c,
    status: c.status as ResourceStatus,
    scope: c.scope as SharingScope,
    fileKinds: c.fileKinds as FileKind[],
    publishedAt: c.publishedAt ? new Date(c.publishedAt) : null,
    createdAt: new Date(c.createdAt),
    modifiedAt: new Date(c.modifiedAt),
    views: source.views,
  };
}
