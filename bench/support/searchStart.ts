/**
 * The memory engine's start, measured from outside: wall time until /healthz and /readyz, and
 * the CPU seconds the app and its embedded database spent until ready (on a shared machine the
 * CPU figures are the ones to compare). Without a snapshot the index is built from the database;
 * with one (written when the previous start stopped) it is read from disk and caught up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readCpu } from './cpu.js';
import { startBenchServer } from './http.js';

export interface StartFigures {
  listeningMs: number;
  readyMs: number;
  appCpuMs: number;
  databaseCpuMs: number;
}

export interface StartComparison {
  withoutSnapshot: StartFigures;
  withSnapshot: StartFigures;
}

async function startOnce(dataDir: string): Promise<StartFigures> {
  const server = await startBenchServer(dataDir);
  const cpu = readCpu(server.pid);
  await server.stop(); // a clean stop writes the snapshot the next start reads
  return {
    listeningMs: server.listeningMs,
    readyMs: server.readyMs,
    appCpuMs: cpu.app,
    databaseCpuMs: cpu.database,
  };
}

export async function memoryStarts(dataDir: string): Promise<StartComparison> {
  fs.rmSync(path.join(dataDir, 'search-snapshot'), { recursive: true, force: true });
  const withoutSnapshot = await startOnce(dataDir);
  const withSnapshot = await startOnce(dataDir);
  return { withoutSnapshot, withSnapshot };
}

export function startLines(c: StartComparison): string[] {
  const row = (name: string, f: StartFigures) =>
    `| ${name} | ${f.listeningMs} / ${f.readyMs} ms | ${(f.appCpuMs / 1000).toFixed(1)} s | ${(f.databaseCpuMs / 1000).toFixed(1)} s |`;
  return [
    `| memory engine start | listening / ready (wall) | app CPU until ready | database CPU until ready |`,
    `| --- | --- | --- | --- |`,
    row('without a snapshot (built from the database)', c.withoutSnapshot),
    row('with a snapshot (read from disk, caught up)', c.withSnapshot),
  ];
}
