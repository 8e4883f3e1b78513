/**
 * The printed titles an import's records may be, kept in memory for the job: the titles sharing the
 * ISBNs of the next records are read in one query per step (not one per record: on the embedded
 * database each lookup costs a query, and a large import made thousands), and every title the job
 * catalogues joins them at once, so a later record of the same book finds it. Rebuilt from the
 * database when a job resumes, so what a dead instance catalogued is found again.
 */
import type { CatalogueRecord } from '../../../domain/catalogueRecord.js';
import type { Resource } from '../../../domain/resource.js';
import {
  printedTitlesNamedAny,
  printedTitlesSharingIsbns,
  type TitleSummary,
} from '../../../models/catalogueMatches.js';
import { checkIsbn } from '../../../domain/isbn.js';

/** The record's valid ISBNs as stored, in both lengths. */
export function isbnKeys(record: Pick<CatalogueRecord, 'print'>): string[] {
  return record.print.isbns.flatMap((entry) => {
    const check = checkIsbn(entry.value);
    return check.ok ? [check.value, check.isbn13] : [];
  });
}

const nameKey = (orgId: string, title: string) => `${orgId}|${title}`;

export class JobTitles {
  private readonly byIsbn = new Map<string, TitleSummary[]>();
  /** The school's titles by exact title, for the records without an ISBN (`nameKey`). */
  private readonly byName = new Map<string, TitleSummary[]>();

  /**
   * Reads the titles sharing the ISBNs of these records, and the school's titles named as its
   * records without an ISBN, that are not known yet: two queries a step, not one a record.
   */
  async load(orgId: string, records: readonly Pick<CatalogueRecord, 'print' | 'metadata'>[]): Promise<void> {
    const missing = [...new Set(records.flatMap(isbnKeys))].filter((isbn) => !this.byIsbn.has(isbn));
    for (const isbn of missing) this.byIsbn.set(isbn, []);
    for (const title of await printedTitlesSharingIsbns(missing)) this.add(title);
    const names = records.filter((r) => !isbnKeys(r).length).map((r) => r.metadata.title);
    const unnamed = [...new Set(names)].filter((name) => !this.byName.has(nameKey(orgId, name)));
    for (const name of unnamed) this.byName.set(nameKey(orgId, name), []);
    for (const title of await printedTitlesNamedAny(orgId, unnamed)) this.add(title);
  }

  /** The school's titles with exactly this title, or null when they were not read (ask the database). */
  named(orgId: string, title: string): TitleSummary[] | null {
    return this.byName.get(nameKey(orgId, title)) ?? null;
  }

  /** The titles known to share any of these ISBNs, each once. */
  sharing(isbns: readonly string[]): TitleSummary[] {
    const found = new Map<string, TitleSummary>();
    for (const isbn of isbns) for (const title of this.byIsbn.get(isbn) ?? []) found.set(title.id, title);
    return [...found.values()];
  }

  /** Whether these ISBNs were all read (else the caller asks the database). */
  knows(isbns: readonly string[]): boolean {
    return isbns.every((isbn) => this.byIsbn.has(isbn));
  }

  add(title: TitleSummary): void {
    const lists = [
      ...title.isbns.map((isbn) => this.byIsbn.get(isbn)),
      this.byName.get(nameKey(title.orgId, title.title)),
    ];
    for (const list of lists) if (list && !list.some((t) => t.id === title.id)) list.push(title);
  }

  /** A title the job just catalogued. */
  catalogued(resource: Resource): void {
    this.add({
      id: resource.id,
      orgId: resource.orgId,
      ownerId: resource.ownerId,
      status: resource.status,
      scope: resource.scope,
      createdAt: resource.createdAt,
      title: resource.metadata.title,
      isbns: resource.print?.isbns.map((i) => i.value) ?? [],
    });
  }
}
