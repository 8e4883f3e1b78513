/**
 * A store for express-rate-limit that keeps its counters in the database (src/models/rateLimit.ts),
 * so that a limit holds across every instance behind the load balancer rather than per process.
 * A database that does not answer makes the limited request fail with 503, never pass unchecked.
 */
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { countHit, forgetHits, hitsOf, uncountHit } from '../models/rateLimit.js';

export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  /** `prefix` names the limit, so that two limits never share a counter; express-rate-limit sets the window. */
  constructor(
    readonly prefix: string,
    private windowMs = 60_000,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const record = await hitsOf(this.prefix + key);
    return record ? { totalHits: record.hits, resetTime: record.resetAt } : undefined;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const record = await countHit(this.prefix + key, this.windowMs);
    return { totalHits: record.hits, resetTime: record.resetAt };
  }

  decrement(key: string): Promise<void> {
    return uncountHit(this.prefix + key);
  }

  resetKey(key: string): Promise<void> {
    return forgetHits(this.prefix + key);
  }
}
