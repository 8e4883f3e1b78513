/**
 * Items recorded behind requests and written a moment later in batches: a batch goes out when it
 * is full or when its first item has waited `delayMs`, and batches are written one after another,
 * in order. What a batch's writing does on failure (log and drop, or retry) is the writer's.
 */
export class BatchedWriter<T> {
  private pending: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: { delayMs: number; maxBatch: number; write: (batch: T[]) => Promise<void> }) {}

  /** Items queued and not yet handed to a write. */
  get queued(): number {
    return this.pending.length;
  }

  add(item: T): void {
    this.pending.push(item);
    if (this.pending.length >= this.options.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.delayMs);
  }

  /** Writes everything queued so far, after the batches before it. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length) this.writing = this.writing.then(() => this.options.write(batch));
    return this.writing;
  }
}
