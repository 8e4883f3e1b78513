/**
 * The periodic harvest job: every `intervalMs`, runs what is due (interrupted runs first, so a
 * restart resumes them). Started by src/server.ts and stopped on shutdown; safe with several
 * instances, since each source is claimed with a lease before it is harvested.
 */
import type { Logger } from '../../log.js';
import { runPeriodically } from '../../periodic.js';
import type { Harvester } from './harvester.js';

export function scheduleHarvests(harvester: Harvester, intervalMs: number, log: Logger): () => Promise<void> {
  let current: Promise<void> = Promise.resolve();
  const stopTimer = runPeriodically(
    () => (current = harvester.runDue()),
    intervalMs,
    log,
    'harvest: scheduled run failed',
  );
  // Stopping lets the run under way save its page and release its source, then returns.
  return async () => {
    stopTimer();
    harvester.stop();
    await current.catch(() => {});
  };
}
