/**
 * The change feed's `copy` topic, in order: the holdings read model re-reads the copies, then the
 * search documents of their titles follow if the schools holding them or having one on the shelf
 * changed (the union catalogue's "held by" and "available at" filters, in either engine). One
 * subscriber rather than two, because the feed runs a topic's subscribers side by side.
 */
import type { ChangeSubscriber } from '../changeFeed.js';
import type { SearchFeeder } from '../searchFeeder.js';
import type { HoldingsReadModel } from './holdings.js';

export class CopyFollower implements ChangeSubscriber {
  constructor(
    private readonly holdings: HoldingsReadModel,
    private readonly catalogue: SearchFeeder,
  ) {}

  async apply(copyIds: string[]): Promise<void> {
    await this.catalogue.followPlaces(await this.holdings.apply(copyIds));
  }

  async reloadAll(): Promise<void> {
    await this.holdings.reloadAll();
    await this.catalogue.followPlaces(new Set([...this.holdings.titleIds(), ...this.catalogue.titlesWithPlaces()]));
  }
}
