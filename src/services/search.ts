/**
 * Searching the catalogue as a given person: the same Vietnamese search, facets and sorting for
 * the pages, the API and the LTI picker, through the search port (src/search/port.ts), with what
 * the policy lets this person see (src/policies/resourceVisibility.ts) applied by the engine to
 * every hit and every facet count.
 */
import { LRUCache } from 'lru-cache';
import type { ResourceStatus } from '../domain/resource.js';
import type { Actor } from '../policies/actor.js';
import type { ResourceAction } from '../policies/resource.js';
import { searchVisibility } from '../policies/resourceVisibility.js';
import type { Filters } from '../search/facets.js';
import type {
  SearchAfter,
  SearchCard,
  SearchEngine,
  SearchPage,
  SortOrder,
  Suggestion,
  Visibility,
} from '../search/port.js';
import type { OrganisationDirectory } from './organisationDirectory.js';

export interface SearchParams {
  q: string;
  filters: Filters;
  sort: SortOrder;
  limit: number;
  offset?: number;
  /** The sort values of the last hit of the previous page (a cursor); wins over `offset`. */
  after?: SearchAfter;
  /** Which resources count: `view` for everyone's search, `share` for the LTI picker. */
  action?: ResourceAction;
  /** Narrow to these statuses (default: published only). */
  statuses?: readonly ResourceStatus[];
  /** Narrow to one owner (a teacher's own resources). */
  ownerId?: string;
  /** Narrow to resources of these organisations (a librarian's review queue). */
  orgIds?: ReadonlySet<string>;
}

export class SearchService {
  /** Visibility is worked out per organisation; a person's searches reuse it until the tree changes. */
  private readonly visibilities = new LRUCache<string, Visibility>({ max: 2000 });

  constructor(
    readonly engine: SearchEngine,
    private readonly tree: OrganisationDirectory,
  ) {}

  search(actor: Actor, params: SearchParams): Promise<SearchPage> {
    return this.engine.search({
      text: params.q,
      filters: params.filters,
      sort: params.sort,
      visibility: this.visibilityFor(actor, params.action ?? 'view', params.statuses ?? ['published']),
      ownerId: params.ownerId,
      orgIds: params.orgIds ? [...params.orgIds] : undefined,
      limit: params.limit,
      offset: params.offset,
      after: params.after,
    });
  }

  suggest(actor: Actor, text: string, limit = 8): Promise<Suggestion[]> {
    return this.engine.suggest(text, this.visibilityFor(actor, 'view', ['published']), limit);
  }

  /** Cards of these resources, whoever may see them: callers ask the policy. */
  cards(ids: readonly string[]): Promise<Map<string, SearchCard>> {
    return this.engine.cards(ids);
  }

  visibilityFor(actor: Actor, action: ResourceAction, statuses: readonly ResourceStatus[]): Visibility {
    const key = JSON.stringify([
      this.tree.version,
      action,
      statuses,
      actor.personId,
      actor.systemAdmin,
      actor.memberships.map((m) => [m.orgId, m.role]),
      [...actor.grantedResourceIds],
    ]);
    let visibility = this.visibilities.get(key);
    if (!visibility) this.visibilities.set(key, (visibility = searchVisibility(actor, action, statuses, this.tree)));
    return visibility;
  }
}
