/**
 * Which printed title a record is: one the person can see with one of its ISBNs and the same title
 * (or, without an ISBN, a title of the school with exactly that title). Found, the school adds
 * copies to it instead of cataloguing the book a second time in the province.
 */
import type { CatalogueRecord } from '../../../domain/catalogueRecord.js';
import { checkIsbn } from '../../../domain/isbn.js';
import type { Resource } from '../../../domain/resource.js';
import { printedTitlesNamed, printedTitlesWithIsbns } from '../../../models/catalogueMatches.js';
import type { Actor } from '../../../policies/actor.js';
import { canOnResource } from '../../../policies/resource.js';
import type { OrganisationDirectory } from '../../organisationDirectory.js';

/** Titles compare without case, spacing or Unicode form mattering. */
export const sameTitle = (a: string, b: string) => comparable(a) === comparable(b);
const comparable = (text: string) => text.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();

/** The record's valid ISBNs as stored, in both lengths. */
export function isbnKeys(record: Pick<CatalogueRecord, 'print'>): string[] {
  return record.print.isbns.flatMap((entry) => {
    const check = checkIsbn(entry.value);
    return check.ok ? [check.value, check.isbn13] : [];
  });
}

export async function existingTitle(
  tree: OrganisationDirectory,
  actor: Actor,
  orgId: string,
  record: CatalogueRecord,
): Promise<Resource | null> {
  const isbns = isbnKeys(record);
  const candidates = isbns.length
    ? await printedTitlesWithIsbns(isbns)
    : await printedTitlesNamed(orgId, record.metadata.title);
  const same = candidates.filter(
    (t) => sameTitle(t.metadata.title, record.metadata.title) && canOnResource(actor, 'view', t, tree),
  );
  // The school's own record first, then the province's oldest.
  return same.find((t) => t.orgId === orgId) ?? same.sort((a, b) => +a.createdAt - +b.createdAt)[0] ?? null;
}

/** Copy cataloguing: the printed titles with this ISBN (either length) the person can see, the school's own first. */
export async function titlesWithIsbn(
  tree: OrganisationDirectory,
  actor: Actor,
  orgId: string,
  isbn: string,
): Promise<Resource[]> {
  const check = checkIsbn(isbn);
  if (!check.ok) return [];
  const found = await printedTitlesWithIsbns([check.value, check.isbn13]);
  return found
    .filter((t) => canOnResource(actor, 'view', t, tree))
    .sort((a, b) => Number(b.orgId === orgId) - Number(a.orgId === orgId) || +a.createdAt - +b.createdAt);
}
