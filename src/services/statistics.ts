/**
 * Statistics of an organisation (with everything below it), as the national school-library
 * standard asks the software to produce: resources by status, type, subject and level; views,
 * downloads and LTI launches per month; the most used resources.
 *
 * Catalogue counts come from the search engine. Use per month comes from the counters that
 * UsageService keeps beside the events (one small document per organisation and year, read by
 * `_id`), so a report costs (organisations in the subtree × years) reads whatever the number of
 * events: reading the events themselves would be a full scan on the embedded FerretDB
 * (bench/statistics.ts). Counters are kept per organisation, so a moved school takes its history
 * along. The most used resources are ranked over all time, from the running totals per resource.
 */
import { readAll } from '../db/readAll.js';
import { forbidden, notFound } from '../domain/errors.js';
import type { ResourceStatus } from '../domain/resource.js';
import type { OrganisationStatistics } from '../domain/statistics.js';
import { resourceCountsById } from '../models/usage.js';
import { findUsageYear, monthOf, usageYearId, type UsageCounts } from '../models/usageMonthly.js';
import type { Actor } from '../policies/actor.js';
import { canOnOrganisation } from '../policies/organisation.js';
import type { SearchEngine } from '../search/port.js';
import type { OrganisationDirectory } from './organisationDirectory.js';

export { monthOf, type OrganisationStatistics, type UsageCounts };

export const TOP_RESOURCES = 10;
/** The most viewed resources (from the index) whose downloads and launches are read to rank them by all use. */
const TOP_CANDIDATES = 50;

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

const empty = (): UsageCounts => ({ views: 0, downloads: 0, launches: 0 });
function add(into: UsageCounts, counts: Partial<UsageCounts>): void {
  into.views += counts.views ?? 0;
  into.downloads += counts.downloads ?? 0;
  into.launches += counts.launches ?? 0;
}
const allButDeleted: readonly ResourceStatus[] = ['draft', 'submitted', 'published', 'withdrawn'];

export class StatisticsService {
  constructor(
    private readonly engine: SearchEngine,
    private readonly tree: OrganisationDirectory,
  ) {}

  /** Statistics of months `fromMonth` to `toMonth` (both `YYYY-MM`, inclusive). */
  async forOrganisation(
    actor: Actor,
    orgId: string,
    fromMonth: string,
    toMonth: string,
  ): Promise<OrganisationStatistics> {
    if (!this.tree.get(orgId)) throw notFound();
    if (!canOnOrganisation(actor, 'viewStatistics', orgId, this.tree)) throw forbidden();
    const subtree = this.tree.subtree(orgId).map((o) => o.id);

    const stats: OrganisationStatistics = {
      orgId,
      from: fromMonth,
      to: toMonth,
      resources: 0,
      byStatus: new Map(),
      byType: new Map(),
      bySubject: new Map(),
      byLevel: new Map(),
      byMonth: new Map(),
      topResources: [],
    };
    const tally = await this.engine.tally(subtree, allButDeleted);
    stats.resources = tally.total;
    stats.byStatus = tally.byStatus as Map<ResourceStatus, number>;
    stats.byType = tally.byType;
    stats.bySubject = tally.bySubject;
    stats.byLevel = tally.byLevel;

    for (let m = fromMonth; m <= toMonth; m = nextMonth(m)) stats.byMonth.set(m, empty());
    const years = [...new Set([...stats.byMonth.keys()].map((m) => m.slice(0, 4)))];
    const keys = this.tree.subtree(orgId).flatMap((o) => years.map((year) => ({ id: usageYearId(o.id, year), year })));
    for (const { record, key } of await readAll(keys, (k) => findUsageYear(k.id))) {
      for (const [month, counts] of Object.entries(record?.months ?? {})) {
        const inRange = stats.byMonth.get(`${key.year}-${month}`);
        if (inRange) add(inRange, counts);
      }
    }

    const candidates = await this.engine.mostViewed(subtree, allButDeleted, TOP_CANDIDATES);
    const totals = await readAll(candidates, (e) => resourceCountsById(e.id));
    const total = (u: UsageCounts) => u.views + u.downloads + u.launches;
    stats.topResources = totals
      .map(({ key: e, record }) => ({
        id: e.id,
        title: e.title,
        usage: { views: record?.views ?? 0, downloads: record?.downloads ?? 0, launches: record?.launches ?? 0 },
      }))
      .filter((r) => total(r.usage) > 0)
      .sort((a, b) => total(b.usage) - total(a.usage))
      .slice(0, TOP_RESOURCES);
    return stats;
  }
}
