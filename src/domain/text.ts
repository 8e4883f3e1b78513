/**
 * What text may go into the library, whoever sends it. Text is kept in Unicode NFC. Some
 * characters never belong in a title, a name or a description, because they hide or reorder what
 * a reader sees: control characters, bidirectional overrides, embeddings and isolates (U+202E
 * shows "tep-gdp.exe" as "tep-exe.pdf"), directional marks, and zero-width and other invisible
 * characters. People sending them are told which one and where (src/http/schemas/text.ts); what
 * other systems send (harvested records, portal and LMS claims) has them removed.
 */

export type ForbiddenKind = 'control' | 'bidi' | 'invisible';

/** The classes, in the order they are reported. Tab and line breaks are whitespace, handled by `tidyText`. */
const forbidden: { kind: ForbiddenKind; pattern: RegExp }[] = [
  // eslint-disable-next-line no-control-regex -- these control characters are exactly what is refused
  { kind: 'control', pattern: /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufff9-\ufffb\ufffe\uffff]|\p{Cs}/u },
  { kind: 'bidi', pattern: /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u },
  // Zero-width characters, invisible operators, and letters that look like nothing (Hangul and Khmer fillers).
  { kind: 'invisible', pattern: /[\u180e\u200b-\u200d\u2060-\u2064\u3164\uffa0]|\u115f|\u1160|\u17b4|\u17b5/u },
];

/** Invisible characters that copy-and-paste brings along and that carry nothing: removed without a word. */
const harmless = /[\u00ad\ufeff]/g;

export interface ForbiddenCharacter {
  kind: ForbiddenKind;
  /** As people look it up: `U+202E`. */
  codePoint: string;
}

/** The first character of `text` that no text field may hold, or null. */
export function firstForbidden(text: string): ForbiddenCharacter | null {
  let found: { index: number; kind: ForbiddenKind } | null = null;
  for (const { kind, pattern } of forbidden) {
    const match = pattern.exec(text);
    if (match && (found === null || match.index < found.index)) found = { index: match.index, kind };
  }
  if (!found) return null;
  const code = text.codePointAt(found.index)!;
  return { kind: found.kind, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}` };
}

/**
 * NFC, without the harmless invisibles, whitespace made plain: one line collapses every run of
 * whitespace (tabs and line breaks included) to a space; several lines keep their line breaks
 * (as LF). Trimmed either way. Forbidden characters are left for `firstForbidden` to report.
 */
export function tidyText(text: string, multiline = false): string {
  const nfc = text.normalize('NFC').replace(harmless, '');
  if (!multiline) return nfc.replace(/\s+/gu, ' ').trim();
  return nfc
    .replace(/\r\n?|[\u2028\u2029]/gu, '\n')
    .replace(/[^\S\n]/gu, ' ')
    .trim();
}

/**
 * For text that cannot be sent again (other systems' records and claims, search words): tidied, and every forbidden
 * character removed.
 */
export function stripForbidden(text: string, multiline = false): string {
  let tidied = tidyText(text, multiline);
  for (const { pattern } of forbidden) tidied = tidied.replace(new RegExp(pattern.source, 'gu'), '');
  return tidyText(tidied, multiline);
}

/**
 * The writing system of each letter of a username must be the same one: "quаntri" with a Cyrillic
 * "а" looks like "quantri" and must not pass for it. Returns the scripts found (one is fine).
 */
export function scriptsOf(text: string): string[] {
  const found = new Set<string>();
  for (const char of text) {
    if (!/\p{L}/u.test(char)) continue;
    found.add(scripts.find(([, pattern]) => pattern.test(char))?.[0] ?? 'other');
  }
  return [...found];
}

const scripts: [string, RegExp][] = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Hebrew',
  'Arabic',
  'Thai',
  'Lao',
  'Khmer',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
].map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')]);
