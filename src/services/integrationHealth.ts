/**
 * The integrations health of an organisation, with everything below it, from the integrations
 * log: who harvests our OAI-PMH (last full and incremental harvest, records served, errors), each
 * LMS platform's launches and refusals per day with their reasons and the latest refusals, each
 * portal's sign-ins and refusals, and each harvest source's last runs. What names no organisation
 * (a platform or portal we do not know) is shown at the top of the tree, where someone can act on
 * it; harvests of the whole repository (or of a set that is not an organisation) concern every
 * organisation's records and are shown to all.
 */
import { forbidden, notFound } from '../domain/errors.js';
import {
  dailyIntegrationCounts,
  dayOf,
  latestCompletedHarvests,
  latestIntegrationEvents,
  oaiHarvesterCounts,
  RETENTION_DAYS,
  type DailyCount,
} from '../models/integrationEvent.js';
import type {
  ChannelActivity,
  HarvesterActivity,
  IntegrationHealth,
  ReasonCount,
  SourceRuns,
} from '../domain/integrationEvent.js';
import type { Actor } from '../policies/actor.js';
import { canViewIntegrationHealth } from '../policies/integrationHealth.js';
import type { OrganisationDirectory } from './organisationDirectory.js';

export const CHART_DAYS = 30;
const LATEST_REFUSALS = 20;
const RUNS_PER_SOURCE = 5;
/** Completed harvests read to find each harvester's last full and incremental one. */
const COMPLETED_HARVESTS = 1000;
const DAY_MS = 86_400_000;

export class IntegrationHealthService {
  constructor(private readonly tree: OrganisationDirectory) {}

  async forOrganisation(actor: Actor, orgId: string, now = new Date()): Promise<IntegrationHealth> {
    if (!this.tree.get(orgId)) throw notFound();
    if (!canViewIntegrationHealth(actor, orgId, this.tree)) throw forbidden();
    const own = this.tree.subtree(orgId).map((o) => o.id);
    // Unattributed events are for the top of the tree; whole-repository harvests for everyone.
    const scoped = this.tree.get(orgId)!.parentId === null ? [...own, null] : own;
    const chartSince = new Date(now.getTime() - (CHART_DAYS - 1) * DAY_MS);
    const days = Array.from({ length: CHART_DAYS }, (_, i) => dayOf(new Date(chartSince.getTime() + i * DAY_MS)));
    const since = new Date(dayStart(days[0]!));
    const keptSince = new Date(now.getTime() - RETENTION_DAYS * DAY_MS);
    const [harvesters, completed, lti, refusals, saml, runs] = await Promise.all([
      oaiHarvesterCounts([...own, null], keptSince),
      latestCompletedHarvests([...own, null], keptSince, COMPLETED_HARVESTS),
      dailyIntegrationCounts('lti', scoped, since),
      latestIntegrationEvents('lti', ['refused', 'redirected'], scoped, since, LATEST_REFUSALS),
      dailyIntegrationCounts('saml', scoped, since),
      latestIntegrationEvents('harvest', ['accepted', 'failed'], scoped, keptSince, 500),
    ]);
    return {
      orgId,
      days,
      harvesters: harvesterActivities(harvesters, completed),
      platforms: channelActivities(lti, days),
      latestLtiRefusals: refusals.map((e) => ({
        at: e.at,
        channelName: e.channelName,
        context: e.context?.title ?? e.context?.id ?? null,
        reason: e.reason ?? '',
      })),
      portals: channelActivities(saml, days),
      sources: sourceRuns(runs),
    };
  }
}

/** Midnight of a Vietnam day, as a UTC instant. */
const dayStart = (day: string) => Date.parse(`${day}T00:00:00+07:00`);

/** A harvester is its address and User-Agent (the channel) and the format and set it asks for. */
const harvesterKey = (channel: string, prefix: string | null, set: string | null) => `${channel}|${prefix}|${set}`;

function harvesterActivities(
  rows: Awaited<ReturnType<typeof oaiHarvesterCounts>>,
  completed: Awaited<ReturnType<typeof latestCompletedHarvests>>,
): HarvesterActivity[] {
  const byKey = new Map<string, HarvesterActivity>();
  for (const row of rows) {
    const key = harvesterKey(row.channel, row.metadataPrefix, row.set);
    const h = byKey.get(key) ?? {
      channel: row.channel,
      name: row.channelName,
      metadataPrefix: row.metadataPrefix,
      set: row.set,
      lastRequestDay: row.day,
      lastFullHarvest: null,
      lastIncrementalHarvest: null,
      requests: 0,
      itemsServed: 0,
      errors: [],
    };
    byKey.set(key, h);
    add(h, { ...h, lastRequestDay: row.day, requests: row.requests, itemsServed: row.items, errors: [] });
    if (row.reason) addReason(h.errors, row.reason, row.requests);
  }
  // Newest first: the first completion seen of each kind is the last one.
  for (const e of completed) {
    const h = byKey.get(harvesterKey(e.channel, e.oai?.metadataPrefix ?? null, e.oai?.set ?? null));
    if (h && e.oai?.harvest === 'full') h.lastFullHarvest ??= e.at;
    if (h && e.oai?.harvest === 'incremental') h.lastIncrementalHarvest ??= e.at;
  }
  foldRequestsWithoutFormat(byKey);
  return [...byKey.values()].sort(
    (a, b) => b.lastRequestDay.localeCompare(a.lastRequestDay) || b.requests - a.requests,
  );
}

function add(into: HarvesterActivity, more: HarvesterActivity): void {
  if (more.lastRequestDay > into.lastRequestDay) into.lastRequestDay = more.lastRequestDay;
  into.requests += more.requests;
  into.itemsServed += more.itemsServed;
  for (const e of more.errors) addReason(into.errors, e.reason, e.count);
}

/**
 * Requests that name no format (Identify, a resumption token we refused) belong to the same
 * harvester's busiest list; they stay a row of their own only when it has none.
 */
function foldRequestsWithoutFormat(byKey: Map<string, HarvesterActivity>): void {
  for (const [key, h] of byKey) {
    if (h.metadataPrefix !== null || h.set !== null) continue;
    const lists = [...byKey.values()].filter((o) => o.channel === h.channel && o !== h);
    const busiest = lists.sort((a, b) => b.requests - a.requests)[0];
    if (!busiest) continue;
    add(busiest, h);
    byKey.delete(key);
  }
}

function channelActivities(rows: DailyCount[], days: string[]): ChannelActivity[] {
  const byChannel = new Map<string, ChannelActivity>();
  for (const row of rows) {
    let c = byChannel.get(row.channel);
    if (!c) {
      c = {
        channel: row.channel,
        name: row.channelName,
        accepted: 0,
        refused: 0,
        redirected: 0,
        perDay: [],
        reasons: [],
      };
      c.perDay = days.map((day) => ({ day, accepted: 0, refused: 0 }));
      byChannel.set(row.channel, c);
    }
    const day = c.perDay.find((d) => d.day === row.day);
    if (row.outcome === 'accepted') {
      c.accepted += row.count;
      if (day) day.accepted += row.count;
    } else if (row.outcome === 'redirected') {
      c.redirected += row.count;
      addReason(c.reasons, row.reason ?? 'cookieBlocked', row.count);
    } else {
      c.refused += row.count;
      if (day) day.refused += row.count;
      addReason(c.reasons, row.reason ?? 'unknown', row.count);
    }
  }
  for (const c of byChannel.values()) c.reasons.sort((a, b) => b.count - a.count);
  return [...byChannel.values()].sort((a, b) => b.accepted + b.refused - (a.accepted + a.refused));
}

function sourceRuns(events: Awaited<ReturnType<typeof latestIntegrationEvents>>): SourceRuns[] {
  const bySource = new Map<string, SourceRuns>();
  for (const e of events) {
    if (!e.harvest) continue;
    const s = bySource.get(e.channel) ?? { channel: e.channel, name: e.channelName, runs: [] };
    if (s.runs.length < RUNS_PER_SOURCE) s.runs.push({ ...e.harvest, problem: e.reason });
    bySource.set(e.channel, s);
  }
  return [...bySource.values()];
}

function addReason(reasons: ReasonCount[], reason: string, count: number): void {
  const found = reasons.find((r) => r.reason === reason);
  if (found) found.count += count;
  else reasons.push({ reason, count });
}
