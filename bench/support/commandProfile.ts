/**
 * Where an import's time goes, step by step: the database commands the app sends (counted by
 * command and collection, from the driver's command monitoring), their time, and the CPU of the
 * app and of its embedded database. A step ends when its outcomes are inserted (one insert of
 * `importoutcomes` a step, src/models/importJob.ts), so a step's figures are what the worker did
 * since the previous one.
 */
import mongoose from 'mongoose';
import { readCpu, type CpuReading } from './cpu.js';

interface StepFigures {
  ms: number;
  commands: Map<string, { calls: number; ms: number }>;
  cpu: CpuReading;
}

export class CommandProfile {
  private readonly steps: StepFigures[] = [];
  private current = new Map<string, { calls: number; ms: number }>();
  private started = performance.now();
  private cpu = readCpu(process.pid);
  private readonly names = new Map<number, string>();

  constructor() {
    const client = mongoose.connection.getClient();
    client.on('commandStarted', (e) => {
      const target = (e.command as Record<string, unknown>)[e.commandName];
      this.names.set(e.requestId, `${e.commandName} ${typeof target === 'string' ? target : ''}`.trim());
    });
    client.on('commandSucceeded', (e) => this.finished(e.requestId, e.duration));
    client.on('commandFailed', (e) => this.finished(e.requestId, e.duration));
  }

  private finished(requestId: number, ms: number): void {
    const name = this.names.get(requestId) ?? 'unknown';
    this.names.delete(requestId);
    const entry = this.current.get(name) ?? { calls: 0, ms: 0 };
    entry.calls++;
    entry.ms += ms;
    this.current.set(name, entry);
    if (name === 'insert importoutcomes') this.endStep();
  }

  private endStep(): void {
    const now = performance.now();
    const cpu = readCpu(process.pid);
    this.steps.push({
      ms: now - this.started,
      commands: this.current,
      cpu: { app: cpu.app - this.cpu.app, database: cpu.database - this.cpu.database, benchmark: 0 },
    });
    this.current = new Map();
    this.started = now;
    this.cpu = cpu;
  }

  /** Averages over the first and the last `span` steps, as lines of a Markdown table. */
  report(span = 5): string[] {
    const parts = [
      { label: `steps 1-${span}`, steps: this.steps.slice(0, span) },
      { label: `last ${span} of ${this.steps.length}`, steps: this.steps.slice(-span) },
    ];
    const lines = ['| steps | ms/step | app CPU ms | db CPU ms | calls/step | db ms/step | busiest calls |'];
    lines.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const { label, steps } of parts) lines.push(summary(label, steps));
    return lines;
  }
}

function summary(label: string, steps: StepFigures[]): string {
  const n = Math.max(steps.length, 1);
  const avg = (f: (s: StepFigures) => number) => Math.round(steps.reduce((sum, s) => sum + f(s), 0) / n);
  const merged = new Map<string, { calls: number; ms: number }>();
  for (const step of steps)
    for (const [name, c] of step.commands) {
      const entry = merged.get(name) ?? { calls: 0, ms: 0 };
      merged.set(name, { calls: entry.calls + c.calls, ms: entry.ms + c.ms });
    }
  const all = [...merged.values()];
  const busiest = [...merged]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 5)
    .map(([name, c]) => `${name} ${(c.calls / n).toFixed(0)}× ${(c.ms / n).toFixed(0)} ms`)
    .join('; ');
  const calls = Math.round(all.reduce((s, c) => s + c.calls, 0) / n);
  const dbMs = Math.round(all.reduce((s, c) => s + c.ms, 0) / n);
  return `| ${label} | ${avg((s) => s.ms)} | ${avg((s) => s.cpu.app)} | ${avg((s) => s.cpu.database)} | ${calls} | ${dbMs} | ${busiest} |`;
}
