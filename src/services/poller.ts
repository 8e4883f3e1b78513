/**
 * A background loop every instance runs (the text extraction queue, the import worker): `work` is
 * started when kicked (something was just queued) and every `pollMs`, one run at a time, until
 * stopped; a run that fails is reported and the next poll tries again.
 */
export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private halted = true;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Whether stop() was called (a long run checks it between steps). */
  get stopped(): boolean {
    return this.halted;
  }

  /** The run under way, if any. */
  get running(): Promise<void> | undefined {
    return this.current;
  }

  start(pollMs: number): void {
    this.halted = false;
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.halted = true;
    clearInterval(this.timer);
    await this.current;
  }

  /** Looks for work now, unless stopped or a run is already under way. */
  kick(): void {
    if (this.halted || this.current) return;
    this.current = this.work()
      .catch(this.onError)
      .finally(() => (this.current = undefined));
  }
}
