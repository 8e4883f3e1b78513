/**
 * Counts the dashboard figures of every school for the current school year on a cadence, on one
 * instance at a time (a lease, like the usage fold's), and stores them for every instance
 * (src/models/countedFigures.ts): the first dashboard opened after a quiet spell shows figures
 * counted at most one cadence ago instead of counting them cold (5.7 s for a school of 5,000 copies
 * under load; bench/libraryStatistics.ts).
 *
 * How late the figures are: a loan, a return or new copies are counted at the next warm-up, so they
 * appear within LIBRARY_STATS_WARM_SECONDS plus the time a count takes; each page shows when its
 * figures were counted. If no instance warms (the holder died: its lease runs out after
 * LEASE_CADENCES cadences), stored figures older than two freshness spans (10 minutes) are not shown:
 * the dashboard counts on demand as it did before.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Logger } from '../../log.js';
import { releaseFiguresLease, takeFiguresLease } from '../../models/countedFigures.js';
import { runPeriodically } from '../../periodic.js';
import type { LibraryStatisticsService } from './statistics.js';

const LEASE_CADENCES = 2;

export class FiguresWarmer {
  private readonly holder = `${os.hostname()}:${process.pid}:${randomUUID()}`;
  private stopTimer: () => void = () => {};
  private warming: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly statistics: LibraryStatisticsService,
    private readonly log: Logger,
  ) {}

  /** Warms now and every `cadenceMs` while this instance holds the lease; returns the function that stops it. */
  start(cadenceMs: number): () => Promise<void> {
    const tick = async () => {
      this.warming = this.warmIfHolding(cadenceMs);
      await this.warming;
    };
    this.stopTimer = runPeriodically(tick, cadenceMs, this.log, 'library statistics not counted; will retry');
    return () => this.stop();
  }

  /** Counts if this instance holds (or takes) the lease: the schools counted, or null when another instance counts. */
  async warmIfHolding(cadenceMs: number, now = new Date()): Promise<number | null> {
    if (!(await takeFiguresLease(this.holder, LEASE_CADENCES * cadenceMs))) return null;
    const started = Date.now();
    const schools = await this.statistics.warmCurrentYear(now);
    this.log.debug({ schools, ms: Date.now() - started }, 'library statistics counted');
    return schools;
  }

  async stop(): Promise<void> {
    this.stopTimer();
    await this.warming.catch(() => {});
    await releaseFiguresLease(this.holder).catch(() => {});
  }
}
