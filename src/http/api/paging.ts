/** Cursor pagination for API lists: the cursor is opaque to clients; a forged or stale one is a 400, not a crash. */
import { DomainError } from '../../domain/errors.js';
import { sortValueKinds, type SortOrder } from '../../search/port.js';
import { queryWords } from '../../search/queryWords.js';
import { decodeCursor, decodeSearchCursor, encodeCursor } from '../schemas/search.js';

export function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const offset = decodeCursor(cursor);
  if (offset === null)
    throw new DomainError('validation', 'errors.validation', {}, [{ field: 'cursor', messageKey: 'api.badCursor' }]);
  return offset;
}

/** Where a search page starts: after the last hit of the previous page (or an older cursor's offset). */
export function searchPositionOf(
  cursor: string | undefined,
  sort: SortOrder,
  text: string,
): { after?: (number | string)[]; offset?: number } {
  if (cursor === undefined) return { offset: 0 };
  const position = decodeSearchCursor(cursor);
  const kinds = sortValueKinds(sort, queryWords(text).required.length > 0);
  const fits = (after: (number | string)[]) =>
    after.length === kinds.length && after.every((v, i) => typeof v === kinds[i]);
  if (position === null || ('after' in position && !fits(position.after)))
    throw new DomainError('validation', 'errors.validation', {}, [{ field: 'cursor', messageKey: 'api.badCursor' }]);
  return position;
}

export const nextCursor = (offset: number, limit: number, total: number): string | null =>
  offset + limit < total ? encodeCursor(offset + limit) : null;

export function pageOf<T>(
  all: readonly T[],
  cursor: string | undefined,
  limit: number,
): { items: T[]; total: number; next: string | null } {
  const offset = offsetOf(cursor);
  return { items: all.slice(offset, offset + limit), total: all.length, next: nextCursor(offset, limit, all.length) };
}
