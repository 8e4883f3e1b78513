/**
 * The keys a printed title is looked up by when a record may be the same book (src/domain/titleMatch.ts
 * decides among what they find): each valid ISBN as its ISBN-13 (`isbn:9786040251732`, so an
 * ISBN-10 finds the same title), and the title as compared, within its school
 * (`title:<orgId>:<titleKey>`), for records without an ISBN. Stored beside the titles
 * (src/models/titleKeys.ts), they turn a match into reads by `_id`.
 */
import { checkIsbn } from './isbn.js';
import { titleKey } from './titleMatch.js';

export const isbnLookupKey = (isbn13: string): string => `isbn:${isbn13}`;

export const nameLookupKey = (orgId: string, title: string): string => `title:${orgId}:${titleKey(title)}`;

/** The ISBN keys of these ISBNs (as stored or typed); those that are not valid ISBNs have none. */
export function isbnLookupKeys(isbns: readonly string[]): string[] {
  const keys = isbns.flatMap((isbn) => {
    const check = checkIsbn(isbn);
    return check.ok ? [isbnLookupKey(check.isbn13)] : [];
  });
  return [...new Set(keys)];
}

/** Every key a stored printed title is found by. */
export function lookupKeysOfTitle(orgId: string, title: string, isbns: readonly string[]): string[] {
  return [...isbnLookupKeys(isbns), nameLookupKey(orgId, title)];
}

/**
 * The keys a record is matched by: its ISBNs when it has a valid one (the title then decides among
 * the titles they find), else its title within the school.
 */
export function lookupKeysOfRecord(orgId: string, title: string, isbns: readonly string[]): string[] {
  const byIsbn = isbnLookupKeys(isbns);
  return byIsbn.length ? byIsbn : [nameLookupKey(orgId, title)];
}
