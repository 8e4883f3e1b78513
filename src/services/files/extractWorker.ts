/**
 * The extraction worker's entry (a worker_threads thread, one per job, started by
 * ./extractionWorker.ts with time and memory limits): parses the bytes it is sent and posts back
 * the text or the parser's error.
 */
import { parentPort } from 'node:worker_threads';
import { parseText, type ExtractInput } from './textParsers.js';

parentPort!.once('message', (input: ExtractInput) => {
  parseText(input).then(
    (text) => parentPort!.postMessage({ text }),
    (err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) }),
  );
});
