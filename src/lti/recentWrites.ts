/**
 * What this instance wrote lately, by key: a digest of the data, forgotten after `withinMs`.
 * Bounded: past `limit` keys the least recently used go (a forgotten key costs one rewrite).
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

const digestOf = (data: string) => createHash('sha256').update(data).digest('base64');

export class RecentWrites {
  private readonly digests: LRUCache<string, string>;

  constructor(withinMs: number, limit = 20_000) {
    this.digests = new LRUCache({ max: limit, ttl: withinMs });
  }

  /** Whether exactly this data was written under this key within the window. */
  has(key: string, data: string): boolean {
    return this.digests.get(key) === digestOf(data);
  }

  remember(key: string, data: string): void {
    this.digests.set(key, digestOf(data));
  }

  clear(): void {
    this.digests.clear();
  }
}
