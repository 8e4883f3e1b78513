/**
 * Words → scored entries in the memory engine, by the relevance rule of src/search/port.ts: per
 * query word, the best of (EXACT or PREFIX) × field weight over the fields it occurs in, summed
 * over the words; an entry must hold every word. Then the title bonuses, for those shown in order.
 */
import {
  EXACT,
  fieldWeight,
  LEADING_PHRASE_BONUS,
  MIN_PREFIX_LENGTH,
  PHRASE_BONUS,
  PREFIX,
  textFields,
  TONE_BONUS,
} from '../port.js';
import type { EntryStore, LeanEntry } from './entries.js';
import type { Postings } from './postings.js';

const scoreOfField = textFields.map((f) => [EXACT * fieldWeight[f], PREFIX * fieldWeight[f]] as const);

/** Per-ordinal work arrays, reused by every query; stamps tell this query's values from stale ones. */
class Scratch {
  best: Float64Array;
  stamp: Uint32Array;
  total: Float64Array;
  hits: Uint8Array;
  queryOf: Uint32Array;
  generation = 0;
  query = 0;

  constructor(readonly size: number) {
    this.best = new Float64Array(size);
    this.stamp = new Uint32Array(size);
    this.total = new Float64Array(size);
    this.hits = new Uint8Array(size);
    this.queryOf = new Uint32Array(size);
  }
}

export class Matcher {
  private scratch = new Scratch(0);

  constructor(
    private readonly postings: Postings,
    private readonly store: EntryStore,
  ) {}

  /** Ordinals holding every word, and their scores (indexed by ordinal). */
  match(words: readonly string[]): { ordinals: number[]; scores: Float64Array } {
    const s = this.prepare();
    const query = ++s.query;
    let matched: number[] = [];
    words.forEach((word, i) => {
      const generation = ++s.generation;
      const touched: number[] = [];
      for (const token of this.postings.expand(word, word.length >= MIN_PREFIX_LENGTH)) {
        const kind = token === word ? 0 : 1;
        this.postings.forEachPosting(token, (ordinal, field) => {
          // From the second word on, only documents that held every earlier word stay in.
          if (i > 0 && (s.queryOf[ordinal] !== query || s.hits[ordinal] !== i)) return;
          const score = scoreOfField[field]![kind]!;
          if (s.stamp[ordinal] !== generation) {
            s.stamp[ordinal] = generation;
            s.best[ordinal] = score;
            touched.push(ordinal);
          } else if (score > s.best[ordinal]!) s.best[ordinal] = score;
        });
      }
      for (const ordinal of touched) {
        s.total[ordinal] = (i === 0 ? 0 : s.total[ordinal]!) + s.best[ordinal]!;
        s.hits[ordinal] = i + 1;
        s.queryOf[ordinal] = query;
      }
      matched = touched;
    });
    return { ordinals: matched, scores: s.total };
  }

  /**
   * Adds the title bonuses: `phrase` (folded words in order) in a row, at the start; each `typed` word as in the title.
   */
  addBonuses(entries: readonly LeanEntry[], scores: Float64Array, phrase: readonly string[], typed: readonly string[]) {
    const phraseIds = phrase.map((w) => this.store.folded.find(w));
    const typedIds = [...new Set(typed)].map((w) => this.store.exact.find(w)).filter((id) => id >= 0);
    const phrasePossible = phraseIds.length > 0 && phraseIds.every((id) => id >= 0);
    for (const e of entries) {
      let bonus = 0;
      if (phrasePossible) {
        const at = findRun(this.store.titleWords(e, false), phraseIds);
        if (at === 0) bonus += LEADING_PHRASE_BONUS;
        else if (at > 0) bonus += PHRASE_BONUS;
      }
      if (typedIds.length) {
        const words = this.store.titleWords(e, true);
        for (const id of typedIds) if (words.includes(id)) bonus += TONE_BONUS;
      }
      scores[e.ordinal] = scores[e.ordinal]! + bonus;
    }
  }

  private prepare(): Scratch {
    if (this.scratch.size < this.store.nextOrdinal)
      this.scratch = new Scratch(Math.max(this.store.nextOrdinal * 2, 1024));
    return this.scratch;
  }
}

/** Where `run` first occurs in `words` as consecutive items, or -1. */
function findRun(words: Int32Array, run: readonly number[]): number {
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let j = 0; j < run.length; j++) if (words[i + j] !== run[j]) continue outer;
    return i;
  }
  return -1;
}
