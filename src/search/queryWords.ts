/** A query's words as both engines use them, so that they cannot read one query two ways. */
import { MAX_QUERY_WORDS } from './port.js';
import { exactWords, tokenize } from './text.js';

export interface QueryWords {
  /** Folded words in the order typed (the phrase). */
  phrase: string[];
  /** Folded words, each once: every one must match. */
  required: string[];
  /** Words as typed (lower case, tones kept), each once: the tone bonus. */
  typed: string[];
}

export function queryWords(text: string): QueryWords {
  const phrase = tokenize(text).slice(0, MAX_QUERY_WORDS);
  return {
    phrase,
    required: [...new Set(phrase)],
    typed: [...new Set(exactWords(text).slice(0, MAX_QUERY_WORDS))],
  };
}
