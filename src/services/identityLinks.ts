/**
 * Which person each identity belongs to, as this instance has seen it. An identity is linked to
 * its person once and for good (nothing relinks one), so a repeated sign-in need not read it
 * again. When it was last marked seen rides along, so that the mark is written at most every few
 * minutes.
 */
import { LRUCache } from 'lru-cache';
import { findIdentityLink, type IdentityLinkRecord } from '../models/identity.js';

export type IdentityLink = IdentityLinkRecord;

export class IdentityLinks {
  private readonly links = new LRUCache<string, IdentityLink>({ max: 50_000 });

  async find(key: string): Promise<IdentityLink | null> {
    const known = this.links.get(key);
    if (known) return known;
    const link = await findIdentityLink(key);
    if (!link) return null;
    this.links.set(key, link);
    return link;
  }

  remember(key: string, link: IdentityLink): void {
    this.links.set(key, link);
  }

  forget(key: string): void {
    this.links.delete(key);
  }
}
