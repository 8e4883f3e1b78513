/** A query's words as both engines use them, so that they cannot read one query two ways. */
import { checkIsbn } from '../domain/isbn.js';
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

/** An ISBN as people copy it from a book: "ISBN 978-604-0-25173-5", "604-0-25173-X". */
const TYPED_ISBN = /\b(?:ISBN(?:-1[03])?:?\s*)?(\d[\d-]{8,}[\dX])(?![\p{L}\p{N}])/giu;

/** A valid ISBN typed with hyphens becomes the one word the index holds (src/search/document.ts). */
function joinIsbns(text: string): string {
  return text.replace(TYPED_ISBN, (typed: string, number: string) => {
    const check = checkIsbn(number);
    return check.ok ? check.value : typed;
  });
}

export function queryWords(text: string): QueryWords {
  const joined = joinIsbns(text);
  const phrase = tokenize(joined).slice(0, MAX_QUERY_WORDS);
  return {
    phrase,
    required: [...new Set(phrase)],
    typed: [...new Set(exactWords(joined).slice(0, MAX_QUERY_WORDS))],
  };
}
