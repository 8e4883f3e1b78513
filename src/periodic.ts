/**
 * Background jobs that run now and then every `intervalMs` (purges, metadata refreshes, sweeps):
 * one run at a time, never keeping the process alive, failures logged and retried at the next tick.
 */
import type { Logger } from './log.js';

export function runPeriodically(
  job: () => Promise<void>,
  intervalMs: number,
  log: Logger,
  failure: string,
): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await job();
    } catch (err) {
      log.warn({ err }, failure);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
