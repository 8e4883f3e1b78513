/**
 * Classification schemes as data (config/classification/*.json): DDC by default, a library's own
 * scheme as another file. A scheme says which class numbers are well formed and names its classes,
 * so that forms can offer them and pages can say what a number means.
 */

export interface ClassEntry {
  notation: string;
  vi: string;
  en: string;
  /** 1 for the main classes, 2 for their divisions, 3 and deeper for sections a school often uses. */
  level: number;
}

export interface ClassificationScheme {
  code: string;
  name: { vi: string; en: string };
  /** A regular expression a class number must match in full. */
  pattern: string;
  /**
   * How a number finds its broader classes: `decimal` as in DDC (895.922 → 895.92 → 895.9 → 895 →
   * 890 → 800), `prefix` by leading characters (a library's own letters and digits).
   */
  hierarchy: 'decimal' | 'prefix';
  entries: ClassEntry[];
}

/** The notations a number belongs to, narrowest first. */
export function broaderNotations(scheme: Pick<ClassificationScheme, 'hierarchy'>, number: string): string[] {
  const out: string[] = [];
  if (scheme.hierarchy === 'prefix') {
    for (let i = number.length; i > 0; i--) out.push(number.slice(0, i));
    return out;
  }
  for (let cut = number; cut.length >= 3; cut = cut.slice(0, -1)) {
    if (!cut.endsWith('.')) out.push(cut);
  }
  const hundreds = /^(\d)(\d)(\d)/.exec(number);
  if (hundreds) out.push(`${hundreds[1]}${hundreds[2]}0`, `${hundreds[1]}00`);
  return [...new Set(out)];
}

/** The narrowest entry of the scheme that `number` falls under, with the path of broader ones. */
export function classPath(scheme: ClassificationScheme, number: string): ClassEntry[] {
  const byNotation = new Map(scheme.entries.map((e) => [e.notation, e]));
  return broaderNotations(scheme, number)
    .map((n) => byNotation.get(n))
    .filter((e): e is ClassEntry => e !== undefined)
    .reverse();
}

export function isWellFormed(scheme: Pick<ClassificationScheme, 'pattern'>, number: string): boolean {
  return new RegExp(`^(?:${scheme.pattern})$`).test(number);
}
