/** Recognises the driver's ways of saying "the database cannot be reached right now". */
const unavailable = new RegExp(
  `^(${[
    'MongoNetworkError',
    'MongoNetworkTimeoutError',
    'MongoServerSelectionError',
    'MongoNotConnectedError',
    'MongoTopologyClosedError',
    'PoolClearedError',
    'PoolClearedOnNetworkError',
    'MongooseServerSelectionError',
    'MongoPoolClearedError',
  ].join('|')})$`,
);

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (unavailable.test(err.name)) return true;
  // mongoose with bufferCommands off, while disconnected
  return (
    err.name === 'MongooseError' &&
    /before initial connection|Connection was force closed|client was closed/i.test(err.message)
  );
}

/** E11000: a unique index refused the write. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/**
 * Runs an upsert again once when it lost a race: two upserts of a new `_id` at the same moment
 * both try to insert, and the loser gets E11000 although the document now exists to update.
 */
export async function retryLostUpsert<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return upsert();
  }
}

/** Runs an insert of a unique `_id` (or an upsert that may insert one): false when that `_id` was taken. */
export async function insertedFirst(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
