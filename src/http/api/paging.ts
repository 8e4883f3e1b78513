/** Cursor pagination for API lists: the cursor is opaque to clients; a forged or stale one is a 400, not a crash. */
import { DomainError } from '../../domain/errors.js';
import { sortValueKinds, type SortOrder } from '../../search/port.js';
import { queryWords } from '../../search/queryWords.js';
import { z } from 'zod';

/** Cursors are opaque to clients: the offset, encoded (lists), or the sort values of the last hit (search). */
export const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');

export function decodeCursor(cursor: string): number | null {
  try {
    const { o } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    return typeof o === 'number' && Number.isInteger(o) && o >= 0 ? o : null;
  } catch {
    return null;
  }
}

const sortValuesSchema = z
  .array(z.union([z.number(), z.string().max(200)]))
  .min(1)
  .max(4);

export const encodeSearchCursor = (after: readonly (number | string)[]) =>
  Buffer.from(JSON.stringify({ a: after })).toString('base64url');

/** A search cursor: where the next page starts (after these sort values), or an offset (older cursors). */
export function decodeSearchCursor(cursor: string): { after: (number | string)[] } | { offset: number } | null {
  const offset = decodeCursor(cursor);
  if (offset !== null) return { offset };
  try {
    const { a } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { a?: unknown };
    const parsed = sortValuesSchema.safeParse(a);
    return parsed.success ? { after: parsed.data } : null;
  } catch {
    return null;
  }
}

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
