/** A reading list (bộ sưu tập) curated by a teacher or librarian. */
import type { SharingScope } from './resource.js';

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

/** What its owner sets on the form. */
export interface CollectionInput {
  title: string;
  description: string | null;
  scope: SharingScope;
}
