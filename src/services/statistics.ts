/**
 * Statistics of an organisation (with everything below it), as the national school-library
 * standard asks the software to produce: resources by status, type, subject and level; views,
 * downloads and LTI launches per month; the most used resources.
 *
 * Catalogue counts come from the in-memory index. Usage comes from the usage events, read once
 * per report through a streaming cursor over a date range: memory stays constant whatever the
 * number of events, and on MongoDB the index on `at` bounds the read to the range. On the embedded
 * FerretDB the range filter is not pushed down and the whole collection is scanned; that is
 * acceptable for a report an administrator asks for now and then, never for a page everyone opens.
 */
import { forbidden, notFound } from '../domain/errors.js';
import type { ResourceStatus } from '../domain/resource.js';
import { UsageEventModel, type UsageKind } from '../models/usage.js';
import type { Actor } from '../policies/actor.js';
import { canOnOrganisation } from '../policies/organisation.js';
import type { CatalogueReadModel } from './catalogueReadModel.js';
import type { OrganisationDirectory } from './organisationDirectory.js';

export interface UsageCounts {
  views: number;
  downloads: number;
  launches: number;
}

export interface OrganisationStatistics {
  orgId: string;
  /** First day of the first month, and first day after the last month (UTC+7, as schools count). */
  from: Date;
  to: Date;
  resources: number;
  byStatus: Map<ResourceStatus, number>;
  byType: Map<string, number>;
  bySubject: Map<string, number>;
  byLevel: Map<string, number>;
  /** `YYYY-MM` → counts, every month of the range present. */
  byMonth: Map<string, UsageCounts>;
  /** Most used first (views + downloads + launches). */
  topResources: { id: string; title: string; usage: UsageCounts }[];
}

const counterOf: Record<UsageKind, keyof UsageCounts> = { view: 'views', download: 'downloads', lti_launch: 'launches' };
/** Vietnam does not observe daylight saving: months begin at 00:00 UTC+7 all year. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;
export const TOP_RESOURCES = 10;

/** `YYYY-MM` of an instant, in Vietnam's time. */
export const monthOf = (at: Date) => new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 7);

/** The instant month `YYYY-MM` begins in Vietnam. */
export function startOfMonth(month: string): Date {
  return new Date(Date.parse(`${month}-01T00:00:00Z`) - VIETNAM_OFFSET_MS);
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

const empty = (): UsageCounts => ({ views: 0, downloads: 0, launches: 0 });
const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

export class StatisticsService {
  constructor(
    private readonly catalogue: CatalogueReadModel,
    private readonly tree: OrganisationDirectory,
  ) {}

  /** Statistics of months `fromMonth` to `toMonth` (both `YYYY-MM`, inclusive). */
  async forOrganisation(actor: Actor, orgId: string, fromMonth: string, toMonth: string): Promise<OrganisationStatistics> {
    if (!this.tree.get(orgId)) throw notFound();
    if (!canOnOrganisation(actor, 'viewStatistics', orgId, this.tree)) throw forbidden();
    const within = (id: string) => this.tree.isWithin(id, orgId);

    const stats: OrganisationStatistics = {
      orgId,
      from: startOfMonth(fromMonth),
      to: startOfMonth(nextMonth(toMonth)),
      resources: 0,
      byStatus: new Map(),
      byType: new Map(),
      bySubject: new Map(),
      byLevel: new Map(),
      byMonth: new Map(),
      topResources: [],
    };
    for (const e of this.catalogue.index.entries()) {
      if (e.status === 'deleted' || !within(e.orgId)) continue;
      stats.resources++;
      bump(stats.byStatus, e.status);
      bump(stats.byType, e.metadata.type);
      bump(stats.bySubject, e.metadata.subject ?? '');
      bump(stats.byLevel, e.metadata.level ?? '');
    }

    for (let m = fromMonth; m <= toMonth; m = nextMonth(m)) stats.byMonth.set(m, empty());
    const perResource = new Map<string, UsageCounts>();
    const events = UsageEventModel.find({ at: { $gte: stats.from, $lt: stats.to } }, { kind: 1, resourceId: 1, orgId: 1, at: 1 }).lean().cursor({ batchSize: 1000 });
    for await (const event of events) {
      const resourceId = event.resourceId.toHexString();
      // The resource's organisation now (a moved school keeps its history); the event's own for resources gone from the index.
      const owner = this.catalogue.index.get(resourceId)?.orgId ?? event.orgId.toHexString();
      if (!within(owner)) continue;
      const counter = counterOf[event.kind];
      const month = stats.byMonth.get(monthOf(event.at));
      if (month) month[counter]++;
      const forResource = perResource.get(resourceId) ?? empty();
      forResource[counter]++;
      perResource.set(resourceId, forResource);
    }
    const total = (u: UsageCounts) => u.views + u.downloads + u.launches;
    stats.topResources = [...perResource]
      .sort(([, a], [, b]) => total(b) - total(a))
      .slice(0, TOP_RESOURCES)
      .map(([id, usage]) => ({ id, title: this.catalogue.index.get(id)?.metadata.title ?? id, usage }));
    return stats;
  }
}
