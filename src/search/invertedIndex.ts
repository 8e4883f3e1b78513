/**
 * Token → documents, for 100,000s of documents in little memory. Documents are numbered by
 * ordinals that only grow; a changed document gets a new ordinal and the old one dies, so every
 * posting list stays sorted without ever being re-sorted. Dead entries are skipped by readers and
 * dropped by `compact()`. Each posting packs the ordinal and a field weight (0–7) in one number.
 */

const WEIGHT_BITS = 8;

export class InvertedIndex {
  private readonly postings = new Map<string, number[]>();
  /** All tokens, sorted, for prefix lookups. */
  private dictionary: string[] = [];
  private dictionaryDirty = false;
  private deadPostings = 0;
  private livePostings = 0;

  /** `tokens`: token → best field weight (0–7) of that token in the document. */
  add(ordinal: number, tokens: ReadonlyMap<string, number>): void {
    for (const [token, weight] of tokens) {
      let list = this.postings.get(token);
      if (!list) {
        list = [];
        this.postings.set(token, list);
        this.dictionaryDirty = true;
      }
      list.push(ordinal * WEIGHT_BITS + weight);
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
      const kept = list.filter((p) => isAlive(Math.floor(p / WEIGHT_BITS)));
      if (kept.length === 0) {
        this.postings.delete(token);
        this.dictionaryDirty = true;
      } else if (kept.length !== list.length) this.postings.set(token, kept);
    }
    this.deadPostings = 0;
  }

  /** Tokens that equal `token` or start with it (at most `limit`, shortest first). */
  expand(token: string, prefix: boolean, limit = 200): string[] {
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
    if (found.length > limit) found.sort((a, b) => a.length - b.length).length = limit;
    return found;
  }

  /** Calls `visit(ordinal, weight)` for every posting of `token`, dead ones included. */
  forEachPosting(token: string, visit: (ordinal: number, weight: number) => void): void {
    const list = this.postings.get(token);
    if (!list) return;
    for (const p of list) visit(Math.floor(p / WEIGHT_BITS), p % WEIGHT_BITS);
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
