/**
 * CPU time spent by the app, its embedded database and the benchmark itself over a run, from
 * /proc (Linux). On a shared machine the wall-clock figures move with whatever else runs; the
 * CPU a launch costs does not, and says how many launches the machine's cores could carry.
 */
import fs from 'node:fs';
import os from 'node:os';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function cpuMsOf(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export interface CpuReading {
  app: number;
  database: number;
  benchmark: number;
}

/** The app's own CPU, its child processes' (the embedded database), and this process's, in ms. */
export function readCpu(appPid: number): CpuReading {
  const own = process.cpuUsage();
  return {
    app: cpuMsOf(appPid),
    database: childrenOf(appPid).reduce((sum, pid) => sum + cpuMsOf(pid), 0),
    benchmark: (own.user + own.system) / 1000,
  };
}

/** CPU ms per operation between two readings, and how many operations a second the machine's cores could carry at that cost. */
export function cpuPerOperation(before: CpuReading, after: CpuReading, operations: number) {
  const per = (k: keyof CpuReading) => Math.round(((after[k] - before[k]) / operations) * 100) / 100;
  const msPerOperation = { app: per('app'), database: per('database'), benchmark: per('benchmark') };
  const capacity = (ms: number) => (ms > 0 ? Math.round((os.cpus().length * 1000) / ms) : null);
  return {
    msPerOperation,
    cores: os.cpus().length,
    operationsPerSecondTheCoresCouldCarry: capacity(
      msPerOperation.app + msPerOperation.database + msPerOperation.benchmark,
    ),
    /** With the client elsewhere (an LMS runs on its own servers): the app and its database alone. */
    operationsPerSecondTheCoresCouldCarryForTheServerAlone: capacity(msPerOperation.app + msPerOperation.database),
  };
}
