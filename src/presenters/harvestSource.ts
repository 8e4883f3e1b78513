/** A harvest source and its runs as the admin pages show them. */
import type { HarvestRun, HarvestSource } from '../domain/harvest.js';
import type { OrganisationTree } from '../domain/organisation.js';

export const harvestSourceUrl = (source: Pick<HarvestSource, 'id'>) => `/admin/harvest/sources/${source.id}`;

export function presentHarvestSource(s: HarvestSource, tree: OrganisationTree, now = Date.now()) {
  return {
    id: s.id,
    url: harvestSourceUrl(s),
    name: s.name,
    baseUrl: s.baseUrl,
    metadataPrefix: s.metadataPrefix,
    set: s.set ?? '',
    intervalHours: s.intervalHours,
    orgId: s.orgId,
    organisation: tree.get(s.orgId)?.name ?? '',
    reexpose: s.reexpose,
    harvestedUntil: s.harvestedUntil,
    running: s.activeRunId !== null,
    /** Asked for and not yet finished: the page keeps refreshing until the run is over. */
    pending: s.activeRunId !== null || (s.nextRunAt !== null && s.nextRunAt.getTime() <= now),
  };
}

/** A run of the log; `t` labels its status in the reader's language. */
export function presentHarvestRun(r: HarvestRun, t: (key: string) => string) {
  return {
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    status: r.status,
    statusLabel: t(`harvest.statuses.${r.status}`),
    running: r.status === 'running',
    from: r.from?.toISOString() ?? null,
    pages: r.pages,
    added: r.added,
    updated: r.updated,
    deleted: r.deleted,
    unchanged: r.unchanged,
    resumed: r.resumed,
    problems: r.problems.map((e) => ({ at: e.at.toISOString(), url: e.url, message: e.message })),
  };
}
