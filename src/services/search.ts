/**
 * Searching the catalogue as a given person: the same Vietnamese search, facets and sorting for
 * the pages, the API and the LTI picker, with the authorisation rule applied to every hit and
 * every facet count.
 */
import type { Actor } from '../policies/actor.js';
import { canOnResource, type ResourceAction } from '../policies/resource.js';
import type { SearchResult, SortOrder } from '../search/catalogueIndex.js';
import type { Filters } from '../search/facets.js';
import type { IndexEntry } from '../search/entry.js';
import type { CatalogueReadModel } from './catalogueReadModel.js';
import type { OrganisationDirectory } from './organisationDirectory.js';

export interface SearchParams {
  q: string;
  filters: Filters;
  sort: SortOrder;
  offset: number;
  limit: number;
  /** Which resources count: `view` for everyone's search, `share` for the LTI picker. */
  action?: ResourceAction;
  /** Narrow to these statuses (default: published only). */
  statuses?: readonly IndexEntry['status'][];
  /** Narrow to one owner (a teacher's own resources). */
  ownerId?: string;
  /** Narrow to resources of these organisations (a librarian's review queue). */
  orgIds?: ReadonlySet<string>;
}

const scopeSlot: Record<IndexEntry['scope'], number> = { school: 0, subtree: 1, public: 2 };
const statusSlot: Record<IndexEntry['status'], number> = {
  draft: 0,
  submitted: 1,
  published: 2,
  withdrawn: 3,
  deleted: 4,
};
const STATUSES = 5;
const SLOTS = 3 * STATUSES * 2;

export class SearchService {
  constructor(
    private readonly catalogue: CatalogueReadModel,
    private readonly tree: OrganisationDirectory,
  ) {}

  search(actor: Actor, params: SearchParams): SearchResult {
    const action = params.action ?? 'view';
    const statuses = new Set(params.statuses ?? ['published']);
    const allowed = this.ruleFor(actor, action);
    return this.catalogue.index.search({
      text: params.q,
      filters: params.filters,
      sort: params.sort,
      offset: params.offset,
      limit: params.limit,
      visible: (e) =>
        statuses.has(e.status) &&
        (params.ownerId === undefined || e.ownerId === params.ownerId) &&
        (params.orgIds === undefined || params.orgIds.has(e.orgId)) &&
        allowed(e),
    });
  }

  /**
   * The policy, memoised for one search: apart from LTI grants, its answer depends only on the
   * resource's organisation, scope and status and on whether the person owns it, and a query may
   * test tens of thousands of entries from a few hundred organisations.
   */
  private ruleFor(actor: Actor, action: ResourceAction): (e: IndexEntry) => boolean {
    // Per organisation, one slot per (scope, status, owned): -1 unknown, else 0/1. No string keys: this runs per candidate.
    const memo = new Map<string, Int8Array>();
    return (e) => {
      if (actor.grantedResourceIds.size > 0 && actor.grantedResourceIds.has(e.id))
        return canOnResource(actor, action, e, this.tree);
      let slots = memo.get(e.orgId);
      if (!slots) memo.set(e.orgId, (slots = new Int8Array(SLOTS).fill(-1)));
      const slot = (scopeSlot[e.scope] * STATUSES + statusSlot[e.status]) * 2 + (e.ownerId === actor.personId ? 1 : 0);
      if (slots[slot] === -1) slots[slot] = canOnResource(actor, action, e, this.tree) ? 1 : 0;
      return slots[slot] === 1;
    };
  }
}
