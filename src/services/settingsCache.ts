/**
 * A school's settings kept in memory between calls: the desk reads the loan rules, the calendar
 * and the locations on every loan and return, and they change a few times a year. A change is
 * published on the change feed (topic `settings`, keyed by the school): this instance forgets the
 * school's entry at once, the others on their next poll.
 */
import type { ChangeSubscriber } from './changeFeed.js';

export class SettingsCache<T> implements ChangeSubscriber {
  private readonly kept = new Map<string, T>();
  /** Moves on with every change: a read begun before a change is not kept after it. */
  private generation = 0;

  constructor(private readonly load: (orgId: string) => Promise<T>) {}

  async of(orgId: string): Promise<T> {
    const kept = this.kept.get(orgId);
    if (kept !== undefined) return kept;
    const started = this.generation;
    const fresh = await this.load(orgId);
    if (started === this.generation) this.kept.set(orgId, fresh);
    return fresh;
  }

  /** The schools whose settings changed. */
  apply(orgIds: string[]): Promise<void> {
    this.generation++;
    for (const orgId of orgIds) this.kept.delete(orgId);
    return Promise.resolve();
  }

  reloadAll(): Promise<void> {
    this.generation++;
    this.kept.clear();
    return Promise.resolve();
  }
}
