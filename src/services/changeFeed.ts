/**
 * Keeps in-memory read models of every instance in step with the database. A write publishes
 * (topic, key) after it lands; the publishing instance applies it at once, the others pick it
 * up on their next poll (every second by default). Polling reads the counter and then each new
 * entry by `_id`, which is fast on both MongoDB and FerretDB.
 */
import type { Logger } from '../log.js';
import {
  changeEntryAt,
  changeKept,
  findChange,
  insertChanges,
  latestChangeSequence,
  takeChangeSequences,
} from '../models/change.js';
import { EntryWait } from './entryWait.js';

export type ChangeTopic = 'resource' | 'organisation' | 'person' | 'copy' | 'settings';

export interface ChangeSubscriber {
  /**
   * Apply changes to these keys (re-read them). `written`: the documents this instance has just
   * written, by key, as the writer handed them to `publishMany`; a subscriber may take them
   * instead of reading them again. Changes from other instances come without.
   */
  apply(keys: string[], written?: ReadonlyMap<string, unknown>): Promise<void>;
  /** Rebuild everything: the feed has a gap this instance cannot fill. */
  reloadAll(): Promise<void>;
  /** Every change up to `position` has been applied (a store that outlives the process records it). */
  positionReached?(position: number): Promise<void>;
}

interface RecordGroup {
  keys: Set<string>;
  waiters: { resolve: () => void; reject: (err: unknown) => void }[];
}

/**
 * Topics whose entries are written behind the request that made the change, grouped over
 * RECORDED_BEHIND_MS: copies change at the desk many times a second, and the other instances
 * read the feed once a second anyway. The publishing instance has applied the change before the
 * request answers, and a clean stop writes what waits. What a crash loses is the same as a crash
 * between a write and its entry always lost (the other instances learn of those copies at their
 * next full load), over RECORDED_BEHIND_MS instead of a few milliseconds.
 */
const RECORDED_BEHIND: ReadonlySet<ChangeTopic> = new Set<ChangeTopic>(['copy']);
const RECORDED_BEHIND_MS = 50;

const RETENTION_MS = 24 * 3600_000;
/** A sequence number taken but not yet written is waited for this long, then skipped. */
const GAP_GRACE_MS = 10_000;
/** Further behind than this, replaying entry by entry costs more than reloading. */
const MAX_REPLAY = 5_000;

export class ChangeFeed {
  private readonly subscribers = new Map<ChangeTopic, ChangeSubscriber[]>();
  private lastSeen = 0;
  private readonly entryWait = new EntryWait(GAP_GRACE_MS);
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private readonly ownSequences = new Set<number>();
  /** Changes this instance could not apply or record yet (the database was unreachable): retried by `poll`. */
  private readonly unapplied = new Map<ChangeTopic, Set<string>>();
  private readonly unrecorded: { topic: ChangeTopic; keys: string[] }[] = [];
  /** Changes waiting for their feed entry while an earlier one is written, by topic, with who waits. */
  private readonly toRecord = new Map<ChangeTopic, RecordGroup>();
  private recording: Promise<void> | undefined;
  private recordLater: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    private readonly pollMs = 1000,
  ) {}

  subscribe(topic: ChangeTopic, subscriber: ChangeSubscriber): void {
    this.subscribers.set(topic, [...(this.subscribers.get(topic) ?? []), subscriber]);
  }

  /** Call before the subscribers load everything, so that nothing written meanwhile is missed. */
  async markStart(): Promise<void> {
    this.lastSeen = await this.currentSequence();
  }

  /** The latest position; entries after it are yet to come. */
  latest(): Promise<number> {
    return this.currentSequence();
  }

  /** Resume after `position` (a store kept it): the next polls replay what came since. */
  resumeFrom(position: number): void {
    this.lastSeen = position;
  }

  /** Whether the entries after `position` are all still kept (they expire after a day). */
  async canReplayFrom(position: number): Promise<boolean> {
    const latest = await this.currentSequence();
    if (latest - position > MAX_REPLAY) return false;
    return latest === position || (await changeKept(position + 1));
  }

  /** When the entry at `position` was written (null: none, or expired): a store checks that it follows this feed. */
  entryAt(position: number): Promise<Date | null> {
    return changeEntryAt(position);
  }

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
    await this.recorded();
  }

  /**
   * Called after a write has landed. This instance applies the change at once; the feed entry
   * tells the others (for RECORDED_BEHIND topics it is written after this returns). If the
   * database becomes unreachable half way, neither step is lost while the process lives: both
   * are retried by the poll loop, so this instance and the others converge on what was written.
   */
  async publish(topic: ChangeTopic, key: string): Promise<void> {
    await this.publishMany(topic, [key]);
  }

  /**
   * As `publish`, for changes written in bulk: applied at once here, one entry in the feed for all.
   * `written`: the documents as written, handed to this instance's subscribers (see `apply`).
   */
  async publishMany(topic: ChangeTopic, keys: string[], written?: ReadonlyMap<string, unknown>): Promise<void> {
    if (!keys.length) return;
    try {
      await this.applyTo(topic, keys, written);
    } catch (err) {
      for (const key of keys) this.remember(this.unapplied, topic, key);
      this.log.warn({ err, topic, keys: keys.length }, 'change not applied yet; will retry');
    }
    const behind = RECORDED_BEHIND.has(topic);
    const recorded = this.record(topic, keys, behind).catch((err: unknown) => {
      this.unrecorded.push({ topic, keys });
      this.log.warn({ err, topic, keys: keys.length }, 'change not recorded in the feed yet; will retry');
    });
    if (!behind) await recorded;
  }

  /** Whether every change this instance published has its entry in the feed (none waiting or failed). */
  get allRecorded(): boolean {
    return !this.unrecorded.length && !this.toRecord.size && !this.recording;
  }

  /** Resolves once every change published so far is in the feed (or waits in the retry list): a clean stop, tests. */
  async recorded(): Promise<void> {
    this.startRecording();
    while (this.recording) await this.recording;
  }

  /** Entries written to the feed that this instance has not read yet. */
  async behind(): Promise<number> {
    return Math.max(0, (await this.currentSequence()) - this.lastSeen);
  }

  poll(): Promise<void> {
    this.polling ??= this.retryPending()
      .then(() => this.readNewEntries())
      .catch((err: unknown) => this.log.warn({ err }, 'change feed poll failed; will retry'))
      .finally(() => (this.polling = undefined));
    return this.polling;
  }

  /**
   * Resolves once an entry naming `keys` is in the feed. Changes published while an earlier write
   * of the feed is in flight (or, `behind`, within RECORDED_BEHIND_MS) go in together: one entry
   * per topic, their sequence numbers taken in one update of the counter and the entries written
   * in one insert. Four desks at once thus pay for the feed a fraction of a write each.
   */
  private record(topic: ChangeTopic, keys: string[], behind = false): Promise<void> {
    return new Promise((resolve, reject) => {
      const group = this.toRecord.get(topic) ?? { keys: new Set<string>(), waiters: [] };
      for (const key of keys) group.keys.add(key);
      group.waiters.push({ resolve, reject });
      this.toRecord.set(topic, group);
      if (!behind) this.startRecording();
      else if (!this.recording) this.recordLater ??= setTimeout(() => this.startRecording(), RECORDED_BEHIND_MS);
    });
  }

  private startRecording(): void {
    clearTimeout(this.recordLater);
    this.recordLater = undefined;
    if (!this.toRecord.size || this.recording) return;
    this.recording = this.recordWaiting().finally(() => {
      this.recording = undefined;
      this.startRecording(); // what arrived as the last write ended
    });
  }

  /** Writes what waits to be recorded, group after group, until nothing waits. */
  private async recordWaiting(): Promise<void> {
    while (this.toRecord.size) {
      const groups = [...this.toRecord];
      this.toRecord.clear();
      const waiters = groups.flatMap(([, group]) => group.waiters);
      try {
        await this.writeEntries(groups.map(([topic, group]) => ({ topic, keys: [...group.keys] })));
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
    }
  }

  private async writeEntries(changes: { topic: ChangeTopic; keys: string[] }[]): Promise<void> {
    const last = await takeChangeSequences(changes.length);
    const first = last - changes.length + 1;
    for (let seq = first; seq <= last; seq++) this.ownSequences.add(seq);
    const at = new Date();
    const expiresAt = new Date(at.getTime() + RETENTION_MS);
    await insertChanges(
      changes.map(({ topic, keys }, i) => ({
        seq: first + i,
        entry: { topic, key: keys[0]!, ...(keys.length > 1 ? { keys } : {}), at, expiresAt },
      })),
    );
  }

  private async retryPending(): Promise<void> {
    for (const [topic, keys] of this.unapplied) {
      await this.applyTo(topic, [...keys]);
      this.unapplied.delete(topic);
    }
    while (this.unrecorded.length) {
      const { topic, keys } = this.unrecorded[0]!;
      await this.record(topic, keys);
      this.unrecorded.shift();
    }
  }

  /** Every subscriber hears of the change even when one fails (the whole change is retried later). */
  private async applyTo(topic: ChangeTopic, keys: string[], written?: ReadonlyMap<string, unknown>): Promise<void> {
    const subscribers = this.subscribers.get(topic) ?? [];
    const failures = (await Promise.allSettled(subscribers.map((s) => s.apply(keys, written)))).filter(
      (r) => r.status === 'rejected',
    );
    if (failures[0]) throw failures[0].reason;
  }

  private remember(map: Map<ChangeTopic, Set<string>>, topic: ChangeTopic, key: string): void {
    if (!map.has(topic)) map.set(topic, new Set());
    map.get(topic)!.add(key);
  }

  private currentSequence(): Promise<number> {
    return latestChangeSequence();
  }

  private async readNewEntries(): Promise<void> {
    const latest = await this.currentSequence();
    if (latest <= this.lastSeen) return;
    if (latest - this.lastSeen > MAX_REPLAY) {
      this.log.warn({ behind: latest - this.lastSeen }, 'change feed: too far behind, reloading everything');
      for (const s of [...this.subscribers.values()].flat()) await s.reloadAll();
      this.lastSeen = latest;
      this.forgetOwnUpTo(latest);
      await this.reportPosition();
      return;
    }
    const keys = new Map<ChangeTopic, Set<string>>();
    for (let seq = this.lastSeen + 1; seq <= latest; seq++) {
      if (this.ownSequences.delete(seq)) {
        this.lastSeen = seq;
        continue;
      }
      const entry = await findChange(seq);
      if (!entry) {
        if (this.entryWait.keepWaiting(seq)) break; // its writer is still writing it
        this.log.warn({ seq }, 'change feed: skipping an entry that never arrived');
      } else {
        const topic = entry.topic as ChangeTopic;
        if (!keys.has(topic)) keys.set(topic, new Set());
        for (const key of entry.keys ?? [entry.key]) keys.get(topic)!.add(key);
      }
      this.lastSeen = seq;
    }
    this.forgetOwnUpTo(this.lastSeen);
    for (const [topic, set] of keys) {
      try {
        await this.applyTo(topic, [...set]);
      } catch (err) {
        for (const key of set) this.remember(this.unapplied, topic, key);
        throw err;
      }
    }
    await this.reportPosition();
  }

  /** Own numbers passed over (skipped as gaps, or behind a reload) are never met again. */
  private forgetOwnUpTo(position: number): void {
    for (const seq of this.ownSequences) if (seq <= position) this.ownSequences.delete(seq);
  }

  private async reportPosition(): Promise<void> {
    if (this.unapplied.size) return;
    for (const s of [...this.subscribers.values()].flat()) await s.positionReached?.(this.lastSeen);
  }
}
