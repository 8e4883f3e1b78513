/**
 * Vietnamese-aware text folding for search: "Tiếng Việt", "tieng viet", "TIẾNG VIỆT" and their NFD
 * spellings all fold to "tieng viet"; đ and Đ fold to d.
 *
 * Indexing folds every word of 100,000s of resources, so folding is a table lookup per character
 * (the table is computed once from Unicode's own decompositions) rather than a normalisation pass.
 */
const combiningMark = (code: number) => code >= 0x300 && code <= 0x36f;
const letterOrDigit = /[\p{L}\p{N}]/u;

/**
 * Letters that have no decomposition but that Lucene's ASCIIFoldingFilter (the OpenSearch
 * adapter's analyser) folds all the same: folded alike here, both engines find the same words.
 */
const asciiFolded: Record<string, string> = {
  ð: 'd',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  þ: 'th',
  ł: 'l',
  ħ: 'h',
  ı: 'i',
};

/** Folded form of every precomposed character in the Latin blocks Vietnamese uses. */
const foldTable = (() => {
  const table = new Map<number, string>();
  const ranges: [number, number][] = [
    [0x00c0, 0x024f],
    [0x1e00, 0x1eff],
  ];
  for (const [from, to] of ranges) {
    for (let code = from; code <= to; code++) {
      const ch = String.fromCharCode(code);
      if (!letterOrDigit.test(ch)) continue; // × and ÷ live in these blocks too
      const folded = ch
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[đĐ]/g, 'd')
        .toLowerCase();
      table.set(code, asciiFolded[folded] ?? folded);
    }
  }
  return table;
})();

function foldChar(ch: string, code: number): string {
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
  return foldTable.get(code) ?? ch.toLowerCase();
}

export function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (combiningMark(code)) continue;
    out += foldChar(text[i]!, code);
  }
  return out;
}

/** Folded words, in order, duplicates kept. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let word = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (combiningMark(code)) continue;
    const isAsciiWord = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
    if (isAsciiWord || foldTable.has(code) || (code >= 0x80 && letterOrDigit.test(text[i]!))) {
      word += foldChar(text[i]!, code);
    } else if (word) {
      tokens.push(word);
      word = '';
    }
  }
  if (word) tokens.push(word);
  return tokens;
}

const cache = new Map<string, readonly string[]>();

/** `tokenize` for texts that recur across documents (vocabulary labels), remembered. */
export function tokenizeRecurring(text: string): readonly string[] {
  let tokens = cache.get(text);
  if (!tokens) {
    tokens = tokenize(text);
    if (cache.size < 10_000) cache.set(text, tokens);
  }
  return tokens;
}

/** Lower-case words in NFC, diacritics kept: to reward a query typed with the right accents. */
export function exactWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Vietnamese alphabetical order (a ă â b c d đ e ê …), numbers in numeric order. */
export const compareVietnamese = (a: string, b: string): number => collator.compare(a, b);

/**
 * A key whose plain (code unit, and UTF-8 byte) order is Vietnamese alphabetical order: letters
 * in the order a ă â b c d đ e ê … o ô ơ … u ư …, tones and case ignored, runs of digits in
 * numeric order, any other run of characters as one space. Both engines sort titles by it, so
 * they agree to the letter; ties go to the id.
 */
export function sortKey(text: string, maxLength = 120): string {
  const source = text.normalize('NFD').toLowerCase();
  let key = '';
  let base = '';
  let gap = false;
  const put = (chars: string) => {
    key += (gap && key ? ' ' : '') + chars;
    gap = false;
  };
  for (let i = 0; i < source.length && key.length < maxLength; i++) {
    const ch = source[i]!;
    const code = ch.charCodeAt(0);
    if (combiningMark(code)) {
      // ă â ê ô ơ ư are letters of their own; tones (and other marks) are ignored.
      const letter = letterOfMark[`${base}${ch}`];
      if (letter && key) key = key.slice(0, -1) + rankChar(letter);
      continue;
    }
    if (code >= 48 && code <= 57) {
      let end = i;
      while (end < source.length && source.charCodeAt(end) >= 48 && source.charCodeAt(end) <= 57) end++;
      const digits = source
        .slice(i, end)
        .replace(/^0+(?=\d)/, '')
        .slice(0, 9);
      put(String(digits.length) + digits);
      base = '';
      i = end - 1;
    } else if (alphabet.includes(ch) || asciiFolded[ch]) {
      base = ch;
      put(rankChar((asciiFolded[ch] ?? ch)[0]!));
    } else if (letterOrDigit.test(ch)) {
      base = '';
      put('~'); // letters of other scripts: after the Latin ones
    } else {
      base = '';
      gap = true;
    }
  }
  return key;
}

const alphabet = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';
const rankChar = (letter: string) => String.fromCharCode(0x41 + alphabet.indexOf(letter));
/** A base letter and the mark NFD separates from it, as the letter they make. */
const letterOfMark: Record<string, string> = Object.fromEntries([...'ăâêôơư'].map((l) => [l.normalize('NFD'), l]));
