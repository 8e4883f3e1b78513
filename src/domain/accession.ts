/**
 * Accession numbers (số đăng ký cá biệt, số ĐKCB) and barcodes of copies.
 *
 * A school library numbers each copy in the individual register of its collection: a prefix for
 * the collection (SGK for textbooks, TK for reference books…) and a running number, e.g.
 * `SGK-00123`. A number is unique within the school and never given to another copy, even after
 * the copy is withdrawn. Uniqueness is decided on a canonical key, so that `SGK-00123`, `SGK 123`
 * and `sgk.123` are the same number however they were typed or padded.
 */

/** How a collection writes its numbers: `prefix` (may end in a separator) then the number, zero-padded to `width`. */
export interface AccessionFormat {
  prefix: string;
  width: number;
}

export function formatAccession(format: AccessionFormat, n: number): string {
  return format.prefix + String(n).padStart(format.width, '0');
}

/** Upper case, single spaces, no spaces at the ends: how numbers and barcodes are kept. */
export function normaliseLabel(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toUpperCase();
}

/** The part of a prefix that identifies it: `SGK-`, `SGK.` and `sgk` all lead with `SGK`. */
export function prefixLead(prefix: string): string {
  return normaliseLabel(prefix)
    .replace(/\s/g, '')
    .replace(/[-./_]+$/, '');
}

/** A number's lead and its running number: `SGK-00123` → { lead: 'SGK', number: 123 }; null without trailing digits. */
export function parseAccession(text: string): { lead: string; number: number } | null {
  const match = /^(.*?)(\d{1,12})$/.exec(normaliseLabel(text));
  if (!match) return null;
  const number = Number(match[2]);
  return Number.isSafeInteger(number) ? { lead: prefixLead(match[1]!), number } : null;
}

/** The key two numbers share exactly when they are the same number. */
export function accessionKey(text: string): string {
  const parsed = parseAccession(text);
  return parsed ? `${parsed.lead}#${parsed.number}` : `=${normaliseLabel(text).replace(/\s/g, '')}`;
}

/** Orders numbers as a register lists them: by lead, then by running number (`SGK#000000000123`). */
export function accessionSortKey(text: string): string {
  const parsed = parseAccession(text);
  return parsed ? `${parsed.lead}#${String(parsed.number).padStart(12, '0')}` : accessionKey(text);
}

/** Characters that print in Code 128 and that a keyboard-wedge scanner types back unchanged. */
export function isPrintableAscii(text: string): boolean {
  return /^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(text);
}

/**
 * The numbers from `from` to `to` in a collection: both must be that collection's numbers (its
 * prefix, or digits alone), in increasing order. Returns the running numbers, or why not.
 */
export function accessionRange(
  format: AccessionFormat,
  from: string,
  to: string,
  max: number,
): { ok: true; numbers: number[] } | { ok: false; reason: 'prefix' | 'order' | 'tooMany' } {
  const lead = prefixLead(format.prefix);
  const read = (text: string) => {
    const parsed = parseAccession(/^\d+$/.test(text.trim()) ? format.prefix + text.trim() : text);
    return parsed && parsed.lead === lead ? parsed.number : null;
  };
  const first = read(from);
  const last = read(to);
  if (first === null || last === null) return { ok: false, reason: 'prefix' };
  if (last < first) return { ok: false, reason: 'order' };
  if (last - first + 1 > max) return { ok: false, reason: 'tooMany' };
  return { ok: true, numbers: Array.from({ length: last - first + 1 }, (_, i) => first + i) };
}
