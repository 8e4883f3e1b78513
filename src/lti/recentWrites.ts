/**
 * What this instance wrote lately, by key: a digest of the data and when. Bounded: past `limit`
 * keys, the oldest are dropped (a dropped key costs one rewrite, nothing else).
 */
import { createHash } from 'node:crypto';

const digestOf = (data: string) => createHash('sha256').update(data).digest('base64');

export class RecentWrites {
  private readonly entries = new Map<string, { digest: string; at: number }>();

  constructor(
    private readonly withinMs: number,
    private readonly limit = 20_000,
  ) {}

  /** Whether exactly this data was written under this key within the window. */
  has(key: string, data: string, now = Date.now()): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && now - entry.at < this.withinMs && entry.digest === digestOf(data);
  }

  remember(key: string, data: string, now = Date.now()): void {
    this.entries.delete(key); // re-inserted last: the map's order is the order of writes
    this.entries.set(key, { digest: digestOf(data), at: now });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limit) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
