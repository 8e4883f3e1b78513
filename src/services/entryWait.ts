/**
 * How long the change feed has waited for one missing entry. A writer takes a sequence number
 * and then writes the entry, so a follower can meet a number whose entry is still on its way;
 * it waits a grace period for it, then passes over it. The wait belongs to one number: a wait
 * begun for an entry that later turned up (or was this instance's own) must not shorten the
 * wait for the next missing one, or a slow write would be skipped at once.
 */
export class EntryWait {
  private waiting: { seq: number; since: number } | undefined;

  constructor(
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether to keep waiting for the entry at `seq` (false: its grace is over, pass it over). */
  keepWaiting(seq: number): boolean {
    if (this.waiting?.seq !== seq) this.waiting = { seq, since: this.now() };
    return this.now() - this.waiting.since < this.graceMs;
  }
}
