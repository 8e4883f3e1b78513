/** Recognises the driver's ways of saying "the database cannot be reached right now". */
const unavailable = /^(MongoNetworkError|MongoNetworkTimeoutError|MongoServerSelectionError|MongoNotConnectedError|MongoTopologyClosedError|PoolClearedError|PoolClearedOnNetworkError|MongooseServerSelectionError|MongoPoolClearedError)$/;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (unavailable.test(err.name)) return true;
  // mongoose with bufferCommands off, while disconnected
  return err.name === 'MongooseError' && /before initial connection|Connection was force closed|client was closed/i.test(err.message);
}

/** E11000: a unique index refused the write. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}
