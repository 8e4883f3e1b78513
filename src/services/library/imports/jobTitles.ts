/**
 * The printed titles an import's records may be, kept in memory for the job: the titles under the
 * lookup keys of the next records (src/domain/titleLookup.ts: their ISBNs, or their title within
 * the school when they have none) are read once per step, by `_id` (src/models/titleKeys.ts), and
 * every title the job catalogues joins them at once, so a later record of the same book finds it.
 * Rebuilt from the database when a job resumes, so what a dead instance catalogued is found again.
 */
import type { CatalogueRecord } from '../../../domain/catalogueRecord.js';
import { checkIsbn } from '../../../domain/isbn.js';
import { lookupKeysOfRecord, lookupKeysOfTitle } from '../../../domain/titleLookup.js';
import { printedTitlesByKeys, type TitleSummary } from '../../../models/catalogueMatches.js';

/** The record's valid ISBNs as stored, in both lengths. */
export function isbnKeys(record: Pick<CatalogueRecord, 'print'>): string[] {
  return record.print.isbns.flatMap((entry) => {
    const check = checkIsbn(entry.value);
    return check.ok ? [check.value, check.isbn13] : [];
  });
}

/** The keys a record of this school is matched by. */
export const recordKeys = (orgId: string, record: Pick<CatalogueRecord, 'print' | 'metadata'>): string[] =>
  lookupKeysOfRecord(
    orgId,
    record.metadata.title,
    record.print.isbns.map((i) => i.value),
  );

export class JobTitles {
  private readonly byKey = new Map<string, TitleSummary[]>();

  /** Reads the titles under the keys of these records that are not known yet: a read by `_id` a key. */
  async load(orgId: string, records: readonly Pick<CatalogueRecord, 'print' | 'metadata'>[]): Promise<void> {
    const missing = [...new Set(records.flatMap((r) => recordKeys(orgId, r)))].filter((key) => !this.byKey.has(key));
    for (const key of missing) this.byKey.set(key, []);
    for (const titles of (await printedTitlesByKeys(missing)).values()) for (const title of titles) this.add(title);
  }

  /** The titles known under any of these keys, each once; null when some key was not read (ask the database). */
  matching(keys: readonly string[]): TitleSummary[] | null {
    if (!keys.every((key) => this.byKey.has(key))) return null;
    const found = new Map<string, TitleSummary>();
    for (const key of keys) for (const title of this.byKey.get(key)!) found.set(title.id, title);
    return [...found.values()];
  }

  add(title: TitleSummary): void {
    for (const key of lookupKeysOfTitle(title.orgId, title.title, title.isbns)) {
      const list = this.byKey.get(key);
      if (list && !list.some((t) => t.id === title.id)) list.push(title);
    }
  }
}
