/**
 * Vietnamese-aware text folding for search: "Tiếng Việt", "tieng viet", "TIẾNG VIỆT" and their NFD
 * spellings all fold to "tieng viet"; đ and Đ fold to d.
 */
const combiningMarks = /[\u0300-\u036f]/g;
const nonWord = /[^\p{L}\p{N}]+/u;

export function fold(text: string): string {
  return text.normalize('NFD').replace(combiningMarks, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}

/** Lower-case words in NFC, diacritics kept: to reward a query typed with the right accents. */
export function exactWords(text: string): string[] {
  return text.normalize('NFC').toLowerCase().split(nonWord).filter(Boolean);
}

/** Folded words, in order, duplicates kept. */
export function tokenize(text: string): string[] {
  return fold(text).split(nonWord).filter(Boolean);
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Vietnamese alphabetical order (a ă â b c d đ e ê …), numbers in numeric order. */
export const compareVietnamese = (a: string, b: string): number => collator.compare(a, b);
