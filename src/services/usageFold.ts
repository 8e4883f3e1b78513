/**
 * Folds the usage streams (./usage.ts) into the counts per resource and per organisation and month,
 * every `cadenceMs`, on one instance at a time (a lease), carrying on from the position stored with
 * the counts. src/models/usageFold.ts says why a crash at any point, or two folders at once, neither
 * loses an event nor counts one twice.
 *
 * How late the counts are: an event is in its stream within USAGE_BATCH_DELAY_MS, counted at the
 * next fold (at most `cadenceMs` later; a lease left by a crashed folder runs out after
 * `LEASE_CADENCES` cadences), and its views reach every instance's index at its next follow
 * (./usageViews.ts, a few seconds).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { readAll } from '../db/readAll.js';
import type { Logger } from '../log.js';
import {
  batchAt,
  resourceCounts,
  retireStream,
  usageStreams,
  type UsageEvent,
  type UsageStreamRecord,
} from '../models/usage.js';
import {
  addToOrgYearCounts,
  addToResourceCounts,
  claimRound,
  dropRound,
  foldPosition,
  markRoundDone,
  releaseFoldLease,
  roundAt,
  roundId,
  takeFoldLease,
  type FoldPosition,
  type RoundOrgYear,
  type RoundResource,
  type UsageRoundRecord,
} from '../models/usageFold.js';
import { counterOf, monthOf, usageYearId, type UsageCounts } from '../models/usageMonthly.js';
import { runPeriodically } from '../periodic.js';
import { STREAM_TOUCH_MS } from './usage.js';

export type FoldStep = 'claimed' | 'resources' | 'orgYears' | 'done';

export interface UsageFoldOptions {
  cadenceMs: number;
  /** Counter documents written per bulk write. */
  chunk?: number;
  /** Called after each step of a round; the tests fail here to show that a crash at that point loses nothing. */
  afterStep?: (step: FoldStep) => void | Promise<void>;
}

/** A round stays far below the 16 MB document limit: at most this many events (so resources) in one. */
const MAX_EVENTS_PER_ROUND = 20_000;
/** Counted rounds kept for instances following the views; one further behind reloads all views. */
export const KEEP_ROUNDS = 20;
const LEASE_CADENCES = 4;
/** A stream silent this long (its writer touches it every STREAM_TOUCH_MS while writing) has no writer left. */
const RETIRE_AFTER_MS = 6 * STREAM_TOUCH_MS;
const MAX_PARALLEL_READS = 8;

const zero = (): UsageCounts => ({ views: 0, downloads: 0, launches: 0 });

export class UsageFold {
  private readonly holder = `${os.hostname()}:${process.pid}:${randomUUID()}`;
  private stopTimers: (() => void)[] = [];
  private ticking: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: Logger,
    private readonly options: UsageFoldOptions,
  ) {}

  /** Folds on the cadence while this instance holds the lease; `follow` runs after each fold and every `followMs`. */
  start(follow: () => Promise<void>, followMs: number): void {
    const tick = async () => {
      this.ticking = this.foldWhileHolding();
      await this.ticking;
      await follow();
    };
    this.stopTimers = [
      runPeriodically(tick, this.options.cadenceMs, this.log, 'usage fold failed; will retry'),
      runPeriodically(follow, followMs, this.log, 'usage views not followed; will retry'),
    ];
  }

  async stop(): Promise<void> {
    for (const stop of this.stopTimers) stop();
    await this.ticking.catch(() => {});
    await releaseFoldLease(this.holder).catch(() => {});
  }

  /** Folds everything written so far, lease or not (tests, and folding by hand); returns the events counted. */
  async fold(): Promise<number> {
    let events = 0;
    for (let counted = await this.foldRound(); counted !== null; counted = await this.foldRound()) events += counted;
    return events;
  }

  private async foldWhileHolding(): Promise<void> {
    const leaseMs = LEASE_CADENCES * this.options.cadenceMs;
    while (await takeFoldLease(this.holder, leaseMs)) if ((await this.foldRound()) === null) return;
  }

  /** Counts one round (a pending one first): the events it counted, or null when nothing was left. */
  private async foldRound(): Promise<number | null> {
    const position = await foldPosition();
    const pending = await roundAt(position.round + 1);
    if (pending) {
      await this.count(pending);
      return 0;
    }
    const next = await this.nextRound(position);
    if (!next) return null;
    if (!(await claimRound(next))) return 0; // another folder claimed this number: its round is counted next
    await this.afterStep('claimed');
    // A folder that stalled long enough for the real round of this number to be counted and pruned meanwhile.
    if ((await foldPosition()).round >= next.round) {
      await dropRound(next.round);
      return 0;
    }
    await this.count(next);
    return next.events;
  }

  private async count(round: UsageRoundRecord): Promise<void> {
    const chunk = this.options.chunk ?? 200;
    for (let i = 0; i < round.resources.length; i += chunk) {
      await addToResourceCounts(round.round, round.resources.slice(i, i + chunk));
      await this.afterStep('resources');
    }
    for (let i = 0; i < round.orgYears.length; i += chunk) {
      await addToOrgYearCounts(round.round, round.orgYears.slice(i, i + chunk));
      await this.afterStep('orgYears');
    }
    await markRoundDone(round);
    await this.afterStep('done');
    await dropRound(round.round - KEEP_ROUNDS);
    this.log.debug({ round: round.round, events: round.events, resources: round.resources.length }, 'usage folded');
  }

  private async afterStep(step: FoldStep): Promise<void> {
    await this.options.afterStep?.(step);
  }

  /** The next round from `position`: every stream's batches since, up to MAX_EVENTS_PER_ROUND; null when none. */
  private async nextRound(position: FoldPosition): Promise<UsageRoundRecord | null> {
    const positions: Record<string, number> = {};
    const events: UsageEvent[] = [];
    for (const stream of await usageStreams()) {
      const from = position.positions[stream._id] ?? stream.from - 1;
      const { at, end } = await readStream(stream._id, from, events);
      positions[stream._id] = at;
      if (end && at === from && isFinished(stream, at)) await retireStream(stream);
    }
    if (!events.length) return null;
    const round = position.round + 1;
    const { resources, orgYears } = tally(events);
    await addViewsAfter(resources);
    return { _id: roundId(round), round, positions, resources, orgYears, events: events.length, at: new Date() };
  }
}

/** Appends the stream's batches after `from` to `events`: the last one read, and whether the stream ended there. */
async function readStream(stream: string, from: number, events: UsageEvent[]): Promise<{ at: number; end: boolean }> {
  let at = from;
  // One read when nothing is new (the usual case at each fold), more at once while batches keep coming.
  for (let window = 1; events.length < MAX_EVENTS_PER_ROUND; window = Math.min(window * 2, MAX_PARALLEL_READS)) {
    const numbers = Array.from({ length: window }, (_, i) => at + 1 + i);
    for (const { record } of await readAll(numbers, (n) => batchAt(stream, n))) {
      if (!record) return { at, end: true };
      events.push(...record.events);
      at++;
    }
  }
  return { at, end: false };
}

/** A stream with nothing after `at` whose writer stopped cleanly there, or has been silent too long to be alive. */
function isFinished(stream: UsageStreamRecord, at: number): boolean {
  return stream.closedAfter === at || Date.now() - stream.touchedAt.getTime() > RETIRE_AFTER_MS;
}

/** What the events add to each resource and to each organisation's months. */
export function tally(events: readonly UsageEvent[]): { resources: RoundResource[]; orgYears: RoundOrgYear[] } {
  const resources = new Map<string, RoundResource>();
  const orgYears = new Map<string, RoundOrgYear>();
  for (const e of events) {
    const counter = counterOf[e.kind];
    const key = e.resourceId.toHexString();
    const resource = resources.get(key) ?? { id: e.resourceId, add: zero(), viewsAfter: null };
    resource.add[counter]++;
    resources.set(key, resource);
    const [year, month] = monthOf(e.at).split('-') as [string, string];
    const id = usageYearId(e.orgId.toHexString(), year);
    const orgYear = orgYears.get(id) ?? { id, months: {} };
    (orgYear.months[month] ??= zero())[counter]++;
    orgYears.set(id, orgYear);
  }
  return { resources: [...resources.values()], orgYears: [...orgYears.values()] };
}

/** The views each viewed resource will have once the round is counted, for the instances' indexes. */
async function addViewsAfter(resources: RoundResource[]): Promise<void> {
  const viewed = resources.filter((r) => r.add.views > 0);
  for (const { key, record } of await readAll(viewed, (r) => resourceCounts(r.id)))
    key.viewsAfter = (record?.views ?? 0) + key.add.views;
}
