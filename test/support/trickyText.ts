/**
 * Text that tests XML escaping: Vietnamese composed and decomposed, markup characters, characters
 * XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF, lone surrogates), line breaks and
 * tabs, characters outside the BMP, and marks that NFC composes. Seeded, so a failure repeats.
 */

export { seededRandom as seeded } from './toolkit.js';

export const trickyPieces: readonly string[] = [
  'Toán 6 – Tập hợp',
  'Nguyễn Văn Trỗi',
  'Tie\u0302\u0301ng Vie\u0323\u0302t', // decomposed: NFC composes it
  'A\u030A', // → Å
  '\u212B', // ANGSTROM SIGN → Å
  '\uFB01', // ﬁ: NFC keeps it
  ' & ',
  'R&D',
  '<b>',
  'x > y',
  '"quoted"',
  "it's",
  ']]>',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '\u0000',
  '\u0001',
  '\u000B',
  '\u001F',
  '\u007F',
  '\u0085',
  '\u2028',
  '\uFFFE',
  '\uFFFF',
  '\uFFFD',
  '\uD800',
  '\uDC00',
  '😀',
  '\u{10FFFF}',
  'e\u0301',
  '\u0338', // composes with a `>` or `<` before it
  '\u0301',
  ';',
  '#',
  ' ',
  'abc',
];

/** A string of up to `max` pieces. */
export function trickyText(random: () => number, max = 6): string {
  let text = '';
  const n = 1 + Math.floor(random() * max);
  for (let i = 0; i < n; i++) text += trickyPieces[Math.floor(random() * trickyPieces.length)]!;
  return text;
}
