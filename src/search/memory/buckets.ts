/**
 * Facet counts kept up to date per (organisation, scope, status): browsing without words counts
 * what a person may see by adding up the buckets the policy opens to them, then correcting for
 * the few entries their ownership or LTI grants decide, instead of visiting every entry.
 */
import { facetNames } from '../facets.js';
import type { Visibility } from '../port.js';
import type { LeanEntry } from './entries.js';
import { addTo, newTallies, type Tallies } from './facetCounts.js';
import { bucketTest, type EntryTest } from './visible.js';

interface Bucket {
  orgId: string;
  scope: string;
  status: string;
  count: number;
  tallies: Tallies;
}

export class Buckets {
  private readonly buckets = new Map<string, Bucket>();
  /** Entries by owner: a person's own resources, for the corrections. */
  private readonly byOwner = new Map<string, Set<LeanEntry>>();

  add(e: LeanEntry): void {
    this.change(e, 1);
    let own = this.byOwner.get(e.ownerId);
    if (!own) this.byOwner.set(e.ownerId, (own = new Set()));
    own.add(e);
  }

  remove(e: LeanEntry): void {
    this.change(e, -1);
    const own = this.byOwner.get(e.ownerId);
    own?.delete(e);
    if (own?.size === 0) this.byOwner.delete(e.ownerId);
  }

  ownedBy(ownerId: string): Iterable<LeanEntry> {
    return this.byOwner.get(ownerId) ?? [];
  }

  /** Total and facet counts of every entry `visible` lets through. */
  tally(visibility: Visibility, visible: EntryTest, byId: (id: string) => LeanEntry | undefined) {
    const open = bucketTest(visibility);
    const tallies = newTallies();
    let total = 0;
    for (const b of this.buckets.values()) {
      if (b.count === 0 || !open(b.orgId, b.scope, b.status)) continue;
      total += b.count;
      for (let f = 0; f < facetNames.length; f++) for (const [v, n] of b.tallies[f]!) addTo(tallies, f, [v], n);
    }
    const special = new Set<LeanEntry>(visibility.personId ? this.ownedBy(visibility.personId) : []);
    for (const id of visibility.grantedIds) {
      const e = byId(id);
      if (e) special.add(e);
    }
    for (const e of special) {
      const counted = open(e.orgId, e.scope, e.status);
      const shown = visible(e);
      if (counted === shown) continue;
      const by = shown ? 1 : -1;
      total += by;
      for (let f = 0; f < facetNames.length; f++) addTo(tallies, f, e.facetValues[f]!, by);
    }
    return { total, tallies };
  }

  private change(e: LeanEntry, by: number): void {
    const key = `${e.orgId}|${e.scope}|${e.status}`;
    let b = this.buckets.get(key);
    if (!b)
      this.buckets.set(
        key,
        (b = { orgId: e.orgId, scope: e.scope, status: e.status, count: 0, tallies: newTallies() }),
      );
    b.count += by;
    for (let f = 0; f < facetNames.length; f++) addTo(b.tallies, f, e.facetValues[f]!, by);
  }
}
