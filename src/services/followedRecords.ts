/**
 * Records read by id and kept by this instance for as long as the change feed says nothing about
 * them: every write of such a record publishes its key, so the writing instance forgets it at
 * once and the others at their next poll (a second by default). For reads that a copy up to a
 * poll old may answer (who is signing in, which item a launch opens), never for an edit, which
 * reads the database.
 *
 * A load that started before a change may bring back what the change replaced: it is returned
 * but not kept. Kept records are frozen, so a caller that changed one would fail loudly instead
 * of changing what the next caller reads.
 */
import { LRUCache } from 'lru-cache';
import type { ChangeSubscriber } from './changeFeed.js';

const isPlain = (value: unknown): value is object =>
  Array.isArray(value) ||
  (typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value)));

/** Plain objects and arrays only: ids, dates and buffers are left as they are. */
function deepFreeze<T>(value: T): T {
  if (isPlain(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export class FollowedRecords<T extends object> implements ChangeSubscriber {
  private readonly kept: LRUCache<string, T>;
  /** Bumped by every change: a load begun under an older generation keeps nothing. */
  private generation = 0;

  constructor(
    private readonly load: (id: string) => Promise<T | null>,
    limit: number,
  ) {
    this.kept = new LRUCache({ max: limit });
  }

  async get(id: string): Promise<T | null> {
    return this.kept.get(id) ?? this.keep(id, () => this.load(id));
  }

  /** Keeps what a fresh read, or a write the other instances need not hear about, returns. */
  refreshWith(id: string, readOrWrite: () => Promise<T | null>): Promise<T | null> {
    return this.keep(id, readOrWrite);
  }

  private async keep(id: string, read: () => Promise<T | null>): Promise<T | null> {
    const generation = this.generation;
    const record = await read();
    if (record && generation === this.generation) this.kept.set(id, deepFreeze(record));
    return record;
  }

  apply(keys: string[]): Promise<void> {
    this.generation++;
    for (const key of keys) this.kept.delete(key);
    return Promise.resolve();
  }

  reloadAll(): Promise<void> {
    this.generation++;
    this.kept.clear();
    return Promise.resolve();
  }
}
