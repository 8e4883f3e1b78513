/**
 * What a benchmark reads from the app's /metrics (the app must let it: METRICS_ALLOW=127.0.0.1):
 * the database commands it has sent so far, and whether it has counted every usage event it
 * recorded (nothing waiting to be written, no batch of its stream left unfolded).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { readCpu, type CpuReading } from './cpu.js';

/** How often the benchmark reads /metrics while it waits for the fold (and while it measures the idle app). */
const POLL_MS = 2000;

/** Database commands the app has sent, by command name (succeeded or failed). */
export async function databaseCommands(url: string): Promise<Map<string, number>> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const [, command, n] of metrics.matchAll(
    /^thuvien_db_command_duration_seconds_count\{command="([^"]+)"[^}]*\} (\S+)$/gm,
  ))
    counts.set(command!, (counts.get(command!) ?? 0) + Number(n));
  return counts;
}

/** Commands per operation between two readings, by name, largest first. */
export function commandsPer(before: Map<string, number>, after: Map<string, number>, operations: number) {
  return Object.fromEntries(
    [...after]
      .map(
        ([command, n]) => [command, Math.round(((n - (before.get(command) ?? 0)) / operations) * 100) / 100] as const,
      )
      .filter(([, per]) => per > 0)
      .sort((a, b) => b[1] - a[1]),
  );
}

const queue = (metrics: string, name: string) =>
  Number(new RegExp(`thuvien_queue_length\\{queue="${name}"\\} (\\S+)`).exec(metrics)?.[1] ?? NaN);

/** Waits until every usage event recorded so far is counted: at the default cadence, up to about 35 s. */
export async function usageCounted(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    if (queue(metrics, 'usage-batches') === 0 && queue(metrics, 'usage-fold') === 0) return;
    if (Date.now() > deadline) throw new Error(`usage not counted within ${timeoutMs} ms`);
    await sleep(POLL_MS);
  }
}

/**
 * CPU ms a second of the app, its database and the benchmark while nothing is launched and the
 * benchmark reads /metrics as it does while waiting for the fold: what a wait costs without any
 * work, to be taken off the CPU of the launches and their fold.
 */
export async function idleCpuPerSecond(url: string, pid: number, seconds = 10): Promise<CpuReading> {
  const before = readCpu(pid);
  const start = performance.now();
  for (let i = 0; i < Math.ceil((seconds * 1000) / POLL_MS); i++) {
    await (await fetch(`${url}/metrics`)).text();
    await sleep(POLL_MS);
  }
  const after = readCpu(pid);
  const elapsed = (performance.now() - start) / 1000;
  const rate = (k: keyof CpuReading) => Math.max(0, (after[k] - before[k]) / elapsed);
  return { app: rate('app'), database: rate('database'), benchmark: rate('benchmark') };
}

/** A reading with `seconds` of idle CPU taken off: what the work alone cost. */
export function withoutIdle(reading: CpuReading, idle: CpuReading, seconds: number): CpuReading {
  return {
    app: reading.app - idle.app * seconds,
    database: reading.database - idle.database * seconds,
    benchmark: reading.benchmark - idle.benchmark * seconds,
  };
}
