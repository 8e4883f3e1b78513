/**
 * One update of a document at a time, where the database needs it.
 *
 * FerretDB v1 applies an update operator (`$inc`, `$addToSet`, …) as a read of the document and
 * a write of the whole of it, not in one transaction: two updates of one document at the same
 * moment may lose one. Measured on the embedded database, 4 concurrent `$inc` of one document 200
 * times stored 521 instead of 800. The embedded database belongs to a single app process (its
 * DATA_DIR lock), so running such updates one after another per document inside the process makes
 * them whole there. MongoDB applies each update atomically and needs no lock.
 */
let embedded = false;
const locks = new Map<string, Promise<unknown>>();

export function configureDocumentLocks(isEmbedded: boolean): void {
  embedded = isEmbedded;
}

/** Whether updates of one document must be run one at a time by this process. */
export const needsProcessLocks = () => embedded;

/** Runs `fn` after every earlier call with the same key has settled. */
export async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(fn);
  const tail = run.catch(() => undefined);
  locks.set(key, tail);
  try {
    return await run;
  } finally {
    if (locks.get(key) === tail) locks.delete(key);
  }
}

/** Runs `fn` holding every key's lock, taken in sorted order so that two callers never wait on each other. */
export function withLocks<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
  const sorted = [...new Set(keys)].sort();
  const from = (i: number): Promise<T> => (i === sorted.length ? fn() : withLock(sorted[i]!, () => from(i + 1)));
  return from(0);
}

/**
 * Updates by operators that share `key` (one document's `collection:id`, or a name for a set of
 * documents) run one after another on the embedded database, and as they come on MongoDB.
 */
export function serialisedOnEmbedded<T>(key: string, update: () => Promise<T>): Promise<T> {
  return embedded ? withLock(key, update) : update();
}
