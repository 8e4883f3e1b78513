/**
 * The periodic harvest job: every `intervalMs`, runs what is due (interrupted runs first, so a
 * restart resumes them). Started by src/server.ts and stopped on shutdown; safe with several
 * instances, since each source is claimed with a lease before it is harvested.
 */
import type { Logger } from '../log.js';
import type { Harvester } from './harvester.js';

export function scheduleHarvests(harvester: Harvester, intervalMs: number, log: Logger): () => Promise<void> {
  let current: Promise<void> = Promise.resolve();
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    current = harvester
      .runDue()
      .catch((err: unknown) => log.error({ err }, 'harvest: scheduled run failed'))
      .finally(() => (running = false));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    harvester.stop();
    await current;
  };
}
