/** One shared copy of values that recur across 100,000s of index entries. */
const interned = new Map<string, string>();
/** One shared copy of a string that recurs across entries (codes, organisation and owner ids). */
export function intern<T extends string | null>(s: T): T {
  if (s === null) return s;
  const known = interned.get(s);
  if (known !== undefined) return known as T;
  interned.set(s, s);
  return s;
}

const lists = new Map<string, readonly string[]>();
/** One shared frozen copy of a short list of strings (facet values, audiences, file kinds). */
export function internList(values: readonly string[]): readonly string[] {
  const key = values.join('\u0001');
  let list = lists.get(key);
  if (!list) lists.set(key, (list = Object.freeze(values.map((v) => intern(v)))));
  return list;
}
