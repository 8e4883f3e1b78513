/** Cursor pagination for API lists: the cursor is opaque to clients; a forged or stale one is a 400, not a crash. */
import { DomainError } from '../../domain/errors.js';
import { decodeCursor, encodeCursor } from '../schemas/search.js';

export function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const offset = decodeCursor(cursor);
  if (offset === null)
    throw new DomainError('validation', 'errors.validation', {}, [{ field: 'cursor', messageKey: 'api.badCursor' }]);
  return offset;
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
