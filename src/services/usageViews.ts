/**
 * Each instance's index orders "most viewed" by the folded views. This follows the fold: the
 * views of each round counted since the last look are set as the round states them once counted
 * (absolute numbers, so applying a round twice, or one the loaded counts already held, is harmless).
 */
import { allViews } from '../models/usage.js';
import { foldPosition, roundAt } from '../models/usageFold.js';

export class FoldedViews {
  /** The last round whose views are applied. */
  private seen = 0;
  private positions: Record<string, number> = {};
  /** Counts reloads: a follow that began before one stops, its index being replaced. */
  private generation = 0;
  private reloading = false;
  private following: Promise<void> | undefined;

  constructor(private readonly apply: (views: Map<string, number>) => Promise<void>) {}

  /**
   * Hands every resource's views as counted now to `rebuild` (which builds and puts in place a new
   * index); following carries on from there, and waits until it is in place.
   */
  async reload(rebuild: (views: Map<string, number>) => Promise<void>): Promise<void> {
    const generation = ++this.generation;
    this.reloading = true;
    try {
      // Read before the counts: a round counted while they are read is applied again by `follow`, never missed.
      const { round } = await foldPosition();
      await rebuild(await allViews());
      this.seen = round;
    } finally {
      if (generation === this.generation) this.reloading = false;
    }
  }

  /** Applies the views of the rounds counted since the last call (all views again after falling too far behind). */
  follow(): Promise<void> {
    // One at a time: a slower follow applying an older round after a newer one would set views back.
    this.following ??= this.followRounds().finally(() => (this.following = undefined));
    return this.following;
  }

  private async followRounds(): Promise<void> {
    if (this.reloading) return;
    const generation = this.generation;
    const position = await foldPosition();
    this.positions = position.positions;
    for (let r = this.seen + 1; r <= position.round && generation === this.generation; r++) {
      const round = await roundAt(r);
      if (generation !== this.generation) return;
      if (!round) return this.reload(async (views) => this.apply(views));
      const views = new Map<string, number>();
      for (const resource of round.resources)
        if (resource.viewsAfter !== null) views.set(resource.id.toHexString(), resource.viewsAfter);
      await this.apply(views);
      if (generation !== this.generation) return;
      this.seen = r;
    }
  }

  /** Batches of `stream` up to `lastBatch` not counted as of the last `follow` (/metrics, the LTI benchmark). */
  unfolded(stream: string, lastBatch: number): number {
    return Math.max(0, lastBatch - (this.positions[stream] ?? 0));
  }
}
