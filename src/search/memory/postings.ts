/**
 * Token → documents, for 100,000s of documents in little memory. Documents are numbered by
 * ordinals that only grow; a changed document gets a new ordinal and the old one dies, so every
 * posting list stays sorted without ever being re-sorted. Dead entries are skipped by readers and
 * dropped by `compact()`. Each posting packs the ordinal and the field (its index in
 * `textFields`, 0–7: the best field the token occurs in) in one small integer.
 */

import { filterInts, forEachInt, push, sizeOf, type IntList } from './intList.js';

const WEIGHT_BITS = 8;

export class Postings {
  private readonly postings = new Map<string, IntList>();
  /** All tokens, sorted, for prefix lookups. */
  private dictionary: string[] = [];
  private dictionaryDirty = false;
  private deadPostings = 0;
  private livePostings = 0;

  /** `tokens`: token → the best field (index in `textFields`) the token occurs in. */
  add(ordinal: number, tokens: ReadonlyMap<string, number>): void {
    for (const [token, weight] of tokens) {
      const list = this.postings.get(token);
      if (!list) this.dictionaryDirty = true;
      const grown = push(list ?? [], ordinal * WEIGHT_BITS + weight);
      if (grown !== list) this.postings.set(token, grown);
    }
    this.livePostings += tokens.size;
  }

  /** Records that `count` postings belong to a dead ordinal; compacts when a fifth are dead. */
  forget(count: number, isAlive: (ordinal: number) => boolean): void {
    this.deadPostings += count;
    this.livePostings -= count;
    if (this.deadPostings > 50_000 && this.deadPostings > this.livePostings / 4) this.compact(isAlive);
  }

  compact(isAlive: (ordinal: number) => boolean): void {
    for (const [token, list] of this.postings) {
      const kept = filterInts(list, (p) => isAlive(Math.floor(p / WEIGHT_BITS)));
      if (sizeOf(kept) === 0) {
        this.postings.delete(token);
        this.dictionaryDirty = true;
      } else if (sizeOf(kept) !== sizeOf(list)) this.postings.set(token, kept);
    }
    this.deadPostings = 0;
  }

  /** Tokens that equal `token` or, with `prefix`, start with it. */
  expand(token: string, prefix: boolean): string[] {
    if (!prefix) return this.postings.has(token) ? [token] : [];
    const dict = this.sortedDictionary();
    let lo = 0;
    let hi = dict.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dict[mid]! < token) lo = mid + 1;
      else hi = mid;
    }
    const found: string[] = [];
    for (let i = lo; i < dict.length && dict[i]!.startsWith(token); i++) found.push(dict[i]!);
    return found;
  }

  /** Calls `visit(ordinal, field)` for every posting of `token`, dead ones included. */
  forEachPosting(token: string, visit: (ordinal: number, field: number) => void): void {
    const list = this.postings.get(token);
    if (list) forEachInt(list, (p) => visit(Math.floor(p / WEIGHT_BITS), p % WEIGHT_BITS));
  }

  get tokenCount(): number {
    return this.postings.size;
  }

  private sortedDictionary(): string[] {
    if (this.dictionaryDirty) {
      this.dictionary = [...this.postings.keys()].sort();
      this.dictionaryDirty = false;
    }
    return this.dictionary;
  }
}
