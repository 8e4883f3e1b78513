/**
 * What the document renderers share while they stream: waiting for a slow reader instead of
 * buffering a whole register, and stopping as soon as the reader has gone.
 */
import type { Readable, Writable } from 'node:stream';

/** The reader went away mid-download (socket closed): the rendering stops, nothing else is wrong. */
export class DownloadAborted extends Error {
  constructor() {
    super('the download was closed by the client');
  }
}

/** How much a renderer may hold ahead of its reader before it waits. */
const AHEAD_BYTES = 1 << 20;

/**
 * Waits while `out` cannot take more (or `held` bytes wait in the renderer's own buffer), and
 * throws DownloadAborted once `out` is closed, so the rows' source stops being read.
 */
export async function keepPace(out: Writable, held?: Readable): Promise<void> {
  for (;;) {
    if (out.destroyed || out.writableEnded) throw new DownloadAborted();
    if (out.writableNeedDrain) await drainedOrClosed(out);
    // The pipe is flowing: let it carry what the renderer holds before adding more.
    else if (held !== undefined && held.readableLength > AHEAD_BYTES) await new Promise((r) => setImmediate(r));
    else return;
  }
}

function drainedOrClosed(out: Writable): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.once('drain', done);
    out.once('close', done);
  });
}

/** Every row of a table, whether given whole or arriving one by one. */
export async function* rowsOf<T>(rows: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  yield* rows as AsyncIterable<T>;
}
