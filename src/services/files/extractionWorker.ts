/**
 * Runs one extraction in a worker thread with limits: a file built to make a parser spin or eat
 * memory (a PDF bomb, a content stream of millions of operators) ends that job with a reason, and
 * the process, its requests and the other jobs go on. Past the time limit the worker is
 * terminated; past the memory limit V8 stops it (resourceLimits).
 */
import { Worker } from 'node:worker_threads';
import type { ExtractInput } from './textParsers.js';

export interface ExtractionLimits {
  timeMs: number;
  /** The worker's V8 heap (old generation); the file's bytes are transferred outside it. */
  memoryMb: number;
}

export const defaultExtractionLimits: ExtractionLimits = { timeMs: 60_000, memoryMb: 256 };

/** Why a worker gave no text: the parser's error, or a limit. `reason` is recorded with the failed job. */
export class ExtractionFailed extends Error {
  constructor(
    readonly reason: 'parse' | 'time limit' | 'memory limit' | 'worker',
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'ExtractionFailed';
  }
}

const here = import.meta.url;

/**
 * Compiled: the worker's JavaScript. Under tsx (development, tests): the worker registers tsx before loading its
 * TypeScript.
 */
function startWorker(limits: ExtractionLimits): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };
  if (!here.endsWith('.ts')) return new Worker(new URL('./extractWorker.js', here), { resourceLimits });
  const entry = JSON.stringify(new URL('./extractWorker.ts', here).href);
  return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${entry}); })`, {
    eval: true,
    resourceLimits,
  });
}

export function extractInWorker(input: ExtractInput, limits: ExtractionLimits): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(limits);
    let settled = false;
    const settle = (outcome: { text: string } | ExtractionFailed) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (outcome instanceof ExtractionFailed) reject(outcome);
      else resolve(outcome.text);
    };
    const timer = setTimeout(
      () => settle(new ExtractionFailed('time limit', `over ${limits.timeMs} ms`)),
      limits.timeMs,
    );
    worker.once('message', (answer: { text?: string; error?: string }) =>
      settle(answer.error === undefined ? { text: answer.text ?? '' } : new ExtractionFailed('parse', answer.error)),
    );
    worker.once('error', (err: Error & { code?: string }) =>
      settle(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ExtractionFailed('memory limit', `over ${limits.memoryMb} MB`)
          : new ExtractionFailed('worker', err.message),
      ),
    );
    worker.once('exit', (code) => settle(new ExtractionFailed('worker', `exited with code ${code}`)));
    const buffers = input.method === 'pptx' ? input.slides.map((s) => s.xml.buffer) : [input.data.buffer];
    worker.postMessage(input, buffers as ArrayBuffer[]);
  });
}
