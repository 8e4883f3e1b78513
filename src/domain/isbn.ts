/**
 * ISBN-10 and ISBN-13 (ISO 2108): what people type (hyphens, spaces, "ISBN" in front, a lower-case
 * x) made plain, and the check digit verified. A number whose check digit is wrong is answered with
 * the digit it should have: books do carry misprinted ISBNs, so whether to keep one "as printed"
 * (MARC 020 $z) is the cataloguer's decision, never a silent acceptance.
 */
export type IsbnCheck =
  | { ok: true; value: string; isbn13: string }
  | { ok: false; value: string; reason: 'format' }
  | { ok: false; value: string; reason: 'checkDigit'; expected: string };

/** `ISBN 978-604-0-00001-2` → `9786040000012`. */
export function normaliseIsbn(input: string): string {
  return input
    .trim()
    .replace(/^ISBN(-1[03])?:?\s*/i, '')
    .replace(/[\s-]/g, '')
    .toUpperCase();
}

export function isbn10CheckDigit(first9: string): string {
  const sum = [...first9].reduce((s, c, i) => s + Number(c) * (10 - i), 0);
  const digit = (11 - (sum % 11)) % 11;
  return digit === 10 ? 'X' : String(digit);
}

export function isbn13CheckDigit(first12: string): string {
  const sum = [...first12].reduce((s, c, i) => s + Number(c) * (i % 2 ? 3 : 1), 0);
  return String((10 - (sum % 10)) % 10);
}

/** The ISBN-13 of a valid ISBN-10 (978 prefix, new check digit). */
export function isbn10To13(isbn10: string): string {
  const first12 = `978${isbn10.slice(0, 9)}`;
  return first12 + isbn13CheckDigit(first12);
}

export function checkIsbn(input: string): IsbnCheck {
  const value = normaliseIsbn(input);
  if (/^\d{9}[\dX]$/.test(value)) {
    const expected = isbn10CheckDigit(value.slice(0, 9));
    return expected === value[9]
      ? { ok: true, value, isbn13: isbn10To13(value) }
      : { ok: false, value, reason: 'checkDigit', expected };
  }
  // An EAN-13 outside the 978/979 "Bookland" prefixes is not an ISBN.
  if (/^97[89]\d{10}$/.test(value)) {
    const expected = isbn13CheckDigit(value.slice(0, 12));
    return expected === value[12]
      ? { ok: true, value, isbn13: value }
      : { ok: false, value, reason: 'checkDigit', expected };
  }
  return { ok: false, value, reason: 'format' };
}
