export type OrganisationType = 'department' | 'office' | 'school' | 'other';

/**
 * A node of the organisation tree: a Department of Education, an intermediate office, a school…
 * Only `parentId` is stored, so moving a node (and everything below it) is one atomic write and
 * no data keyed by the organisation's id has to change.
 */
export interface Organisation {
  id: string;
  /** Unique, e.g. the ministry's school code. Letters, digits, `-` and `_`. */
  code: string;
  name: string;
  type: OrganisationType;
  parentId: string | null;
  createdAt: Date;
  modifiedAt: Date;
}

/** Read access to the tree, as policies and services need it. */
export interface OrganisationTree {
  get(id: string): Organisation | undefined;
  /** Ids from the root down to the node's parent (empty for a root). */
  ancestorIds(id: string): readonly string[];
  /** True when `id` is `ancestorId` itself or lies anywhere below it. */
  isWithin(id: string, ancestorId: string): boolean;
}
