/**
 * Usage events (views, downloads, LTI launches): recorded behind the request that caused them and
 * appended in batches to this instance's stream (src/models/usage.ts). The counts that pages and
 * statistics show are folded from the streams by one instance at a time (./usageFold.ts), so a
 * page view or a launch writes nothing but its share of one insert.
 *
 * Events of the next `USAGE_BATCH_DELAY_MS` go out together. A batch that cannot be written (the
 * database is away) is tried again, with the same number, until it lands: an attempt that landed
 * although it seemed to fail is recognised by its `_id`, so a batch is never written twice and a
 * stream has no gaps. What is still waiting is written at shutdown; a crash loses at most that
 * window.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Resource } from '../domain/resource.js';
import type { Logger } from '../log.js';
import {
  appendBatch,
  closeStream,
  newUsageEvent,
  resourceCountsById,
  touchStream,
  type UsageEvent,
  type UsageKind,
} from '../models/usage.js';
import { newDatabaseId } from '../models/ids.js';
import { BatchedWriter } from './batchedWriter.js';

/** How long an event may wait for others to join its batch. */
export const USAGE_BATCH_DELAY_MS = 250;
const MAX_BATCH = 500;
/** Events kept while the database is away; beyond this, new ones are dropped (and logged). */
const MAX_WAITING = 100_000;
/** A stream is touched before a batch written after this long without one (the folder retires silent streams). */
export const STREAM_TOUCH_MS = 10 * 60_000;
const RETRY_MS = [200, 1000, 5000];

interface Pending {
  event: UsageEvent;
  written: () => void;
}

export class UsageService {
  /** This instance's stream: a fresh one each time the process starts. */
  readonly stream = newDatabaseId();
  private readonly batches = new BatchedWriter<Pending>({
    delayMs: USAGE_BATCH_DELAY_MS,
    maxBatch: MAX_BATCH,
    write: (batch) => this.write(batch),
  });
  private unwritten = 0;
  private dropped = 0;
  /** The number the next batch gets. */
  private next = 1;
  private touchedAt = Number.NEGATIVE_INFINITY;
  private stopping = false;
  private abandoned = false;

  constructor(private readonly log: Logger) {}

  /** Events recorded and not yet written. */
  get waiting(): number {
    return this.unwritten;
  }

  /** The last batch of this instance's stream written so far (0: none). */
  get lastBatch(): number {
    return this.next - 1;
  }

  /**
   * Queues one event. The promise settles once it is written (it never rejects: a failed batch is
   * logged); request handlers need not wait for it.
   */
  record(
    kind: UsageKind,
    resource: Pick<Resource, 'id' | 'orgId'>,
    personId: string | null,
    lti: UsageEvent['lti'] = null,
  ): Promise<void> {
    if (this.unwritten >= MAX_WAITING) return Promise.resolve(this.drop());
    const event = newUsageEvent(kind, resource, personId, lti);
    this.unwritten++;
    return new Promise((written) => this.batches.add({ event, written }));
  }

  /** Writes everything queued so far; batches are written one after another, in order. */
  flush(): Promise<void> {
    return this.batches.flush();
  }

  /** Writes what is waiting (giving up after a few attempts) and tells the folder the stream ends here. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.flush();
    if (this.lastBatch > 0)
      await closeStream(this.stream, this.lastBatch).catch((err: unknown) =>
        this.log.warn({ err }, 'usage stream not closed; the folder retires it once it has been silent a while'),
      );
    // Anything recorded after all (a test that goes on) opens the stream again before it is written.
    this.touchedAt = Number.NEGATIVE_INFINITY;
    this.stopping = this.abandoned = false;
  }

  /** The folded counts of a resource: every event up to the last fold (see UsageFold's cadence). */
  async statsOf(resourceId: string): Promise<{ views: number; downloads: number; launches: number }> {
    const stats = await resourceCountsById(resourceId);
    return { views: stats?.views ?? 0, downloads: stats?.downloads ?? 0, launches: stats?.launches ?? 0 };
  }

  private async write(batch: Pending[]): Promise<void> {
    const events = batch.map((p) => p.event);
    for (let attempt = 0; !(await this.appended(events)); attempt++) {
      // Stopping with the database away: give up after a few attempts, and at once for the batches after.
      if (this.stopping && attempt >= RETRY_MS.length - 1) this.abandoned = true;
      if (this.abandoned) {
        this.log.error({ events: events.length }, 'usage events lost: the database was away when the instance stopped');
        break;
      }
      await sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
    }
    this.unwritten -= batch.length;
    for (const p of batch) p.written();
  }

  /** Appends the events as the stream's next batch: false when that failed (logged), to be tried again. */
  private async appended(events: UsageEvent[]): Promise<boolean> {
    if (this.abandoned) return false;
    try {
      if (Date.now() - this.touchedAt >= STREAM_TOUCH_MS) {
        await touchStream(this.stream, this.next);
        this.touchedAt = Date.now();
      }
      await appendBatch(this.stream, this.next, events);
      this.next++;
      return true;
    } catch (err) {
      this.log.warn({ err, events: events.length }, 'usage events not written yet; will try again');
      return false;
    }
  }

  private drop(): void {
    if (this.dropped++ % 1000 === 0)
      this.log.error({ dropped: this.dropped }, 'usage events dropped: too many waiting for the database');
  }
}
