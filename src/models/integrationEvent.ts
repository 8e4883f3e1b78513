/**
 * The integrations log: one document per LTI launch or refusal, SAML sign-in or refusal, OAI-PMH
 * request and harvest run, kept for RETENTION_DAYS (each carries its `expiresAt`, purged by the
 * periodic job of src/db/expiry.ts: FerretDB v1 has no TTL index). What the integrations health
 * page shows is counted from it by the named queries below, with `$match`, `$group`, `$sum` and
 * `$max` only (FerretDB v1 has no `$lookup`). `day` is the event's date in Vietnam's time, kept so
 * per-day counts group on a plain field.
 */
import { Schema, model, type Types } from 'mongoose';
import type {
  HarvestRunFacts,
  IntegrationKind,
  IntegrationOutcome,
  OaiRequestFacts,
} from '../domain/integrationEvent.js';

export const RETENTION_DAYS = 90;
const VIETNAM_OFFSET_MS = 7 * 3600_000;

export type { HarvestRunFacts, IntegrationKind, IntegrationOutcome, OaiRequestFacts };

export interface IntegrationEventRecord {
  _id: Types.ObjectId;
  kind: IntegrationKind;
  /**
   * The organisation concerned; null when nobody could be named (an unknown platform or portal, the whole repository).
   */
  orgId: string | null;
  /** Which platform, portal, harvester or source: a stable key of the kind. */
  channel: string;
  /** How the page names the channel. */
  channelName: string;
  outcome: IntegrationOutcome;
  /** Why it was refused or failed (a message key's last part, an OAI-PMH error code); null when accepted. */
  reason: string | null;
  at: Date;
  day: string;
  expiresAt: Date;
  /** OAI-PMH: records or headers served (`oai.items`), at the top level for `$sum`. */
  items: number;
  /** LTI: the course as the launch named it. */
  context: { id: string | null; title: string | null } | null;
  oai: OaiRequestFacts | null;
  harvest: HarvestRunFacts | null;
}

export type NewIntegrationEvent = Omit<IntegrationEventRecord, '_id' | 'day' | 'expiresAt' | 'items'>;

export const dayOf = (at: Date) => new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

export const IntegrationEventModel = model<IntegrationEventRecord>(
  'IntegrationEvent',
  new Schema<IntegrationEventRecord>(
    {
      kind: { type: String, required: true },
      orgId: { type: String, default: null },
      channel: { type: String, required: true },
      channelName: { type: String, required: true },
      outcome: { type: String, required: true },
      reason: { type: String, default: null },
      at: { type: Date, required: true },
      day: { type: String, required: true },
      expiresAt: { type: Date, required: true, index: true },
      items: { type: Number, default: 0 },
      context: { type: Schema.Types.Mixed, default: null },
      oai: { type: Schema.Types.Mixed, default: null },
      harvest: { type: Schema.Types.Mixed, default: null },
    },
    { versionKey: false, collection: 'integrationevents' },
  ).index({ kind: 1, at: -1 }),
);

/** Writes a batch in one insert. */
export async function insertIntegrationEvents(events: readonly NewIntegrationEvent[]): Promise<void> {
  const documents = events.map((e) => ({
    ...e,
    day: dayOf(e.at),
    // Top level: FerretDB v1's $sum reads no dotted path.
    items: e.oai?.items ?? 0,
    expiresAt: new Date(e.at.getTime() + RETENTION_DAYS * 86_400_000),
  }));
  await IntegrationEventModel.insertMany(documents, { lean: true });
}

/** The events of one kind since a date, of these organisations (null: the unattributed ones). */
const scope = (kind: IntegrationKind, orgIds: readonly (string | null)[], since: Date) => ({
  kind,
  orgId: { $in: [...orgIds] },
  at: { $gte: since },
});

export interface DailyCount {
  channel: string;
  channelName: string;
  day: string;
  outcome: IntegrationOutcome;
  reason: string | null;
  count: number;
}

/**
 * Events per channel, day, outcome and reason (LTI launches, SAML sign-ins); `$sum` only, as FerretDB v1 has no `$max`.
 */
export async function dailyIntegrationCounts(
  kind: IntegrationKind,
  orgIds: readonly (string | null)[],
  since: Date,
): Promise<DailyCount[]> {
  const rows = await IntegrationEventModel.aggregate<{ _id: Omit<DailyCount, 'count'>; count: number }>([
    { $match: scope(kind, orgIds, since) },
    {
      $group: {
        _id: { channel: '$channel', channelName: '$channelName', day: '$day', outcome: '$outcome', reason: '$reason' },
        count: { $sum: 1 },
      },
    },
  ]);
  return rows.map(({ _id, count }) => ({ ..._id, reason: _id.reason ?? null, count }));
}

export interface HarvesterCount {
  channel: string;
  channelName: string;
  metadataPrefix: string | null;
  set: string | null;
  /** The error code, or null for answers without one. */
  reason: string | null;
  day: string;
  requests: number;
  items: number;
}

/**
 * OAI-PMH requests and records served per harvester, day and error code. Two aggregations of one
 * `$sum` each, matched by their group: FerretDB v1 computes only the first accumulator of a `$group`.
 */
export async function oaiHarvesterCounts(orgIds: readonly (string | null)[], since: Date): Promise<HarvesterCount[]> {
  type Key = Omit<HarvesterCount, 'requests' | 'items'>;
  const sum = (value: 1 | '$items') =>
    IntegrationEventModel.aggregate<{ _id: Key; total: number }>([
      { $match: scope('oai', orgIds, since) },
      {
        $group: {
          _id: {
            channel: '$channel',
            channelName: '$channelName',
            metadataPrefix: '$oai.metadataPrefix',
            set: '$oai.set',
            reason: '$reason',
            day: '$day',
          },
          total: { $sum: value },
        },
      },
    ]);
  const [requests, items] = await Promise.all([sum(1), sum('$items')]);
  const itemsOf = new Map(items.map((row) => [JSON.stringify(row._id), row.total]));
  return requests.map(({ _id, total }) => ({
    ..._id,
    metadataPrefix: _id.metadataPrefix ?? null,
    set: _id.set ?? null,
    reason: _id.reason ?? null,
    requests: total,
    items: itemsOf.get(JSON.stringify(_id)) ?? 0,
  }));
}

/** The latest completed harvests (last pages of lists), newest first: few beside the pages themselves. */
export function latestCompletedHarvests(
  orgIds: readonly (string | null)[],
  since: Date,
  limit: number,
): Promise<IntegrationEventRecord[]> {
  return IntegrationEventModel.find({ ...scope('oai', orgIds, since), 'oai.harvest': { $in: ['full', 'incremental'] } })
    .sort({ at: -1 })
    .limit(limit)
    .lean<IntegrationEventRecord[]>();
}

/** The latest events of a kind and outcome, newest first. */
export function latestIntegrationEvents(
  kind: IntegrationKind,
  outcomes: readonly IntegrationOutcome[],
  orgIds: readonly (string | null)[],
  since: Date,
  limit: number,
): Promise<IntegrationEventRecord[]> {
  return IntegrationEventModel.find({ ...scope(kind, orgIds, since), outcome: { $in: [...outcomes] } })
    .sort({ at: -1 })
    .limit(limit)
    .lean<IntegrationEventRecord[]>();
}
