/**
 * Reads many documents one `_id` at a time, a few at once. The embedded FerretDB answers only a
 * filter of `_id` alone from an index (an `$in` scans the whole collection), and a lookup by `_id`
 * is cheap on MongoDB too.
 */

/** Lookups in flight at once: enough to overlap the round trips, few enough not to crowd the database. */
const PARALLEL_READS = 8;

export async function readAll<K, R>(
  keys: readonly K[],
  read: (key: K) => Promise<R>,
): Promise<{ key: K; record: R }[]> {
  const out: { key: K; record: R }[] = [];
  for (let i = 0; i < keys.length; i += PARALLEL_READS) {
    const slice = keys.slice(i, i + PARALLEL_READS);
    const records = await Promise.all(slice.map(read));
    slice.forEach((key, j) => out.push({ key, record: records[j]! }));
  }
  return out;
}
