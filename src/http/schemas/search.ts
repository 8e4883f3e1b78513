/** Search parameters as they arrive in a query string, for the search page, the API and the LTI picker. */
import { z } from 'zod';
import { stripForbidden } from '../../domain/text.js';
import { sortOrders, type SortOrder } from '../../search/port.js';
import { facetNames, type Filters } from '../../search/facets.js';

const many = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    v === undefined
      ? []
      : (Array.isArray(v) ? v : [v])
          .flatMap((x) => x.split(','))
          .map((x) => x.trim())
          .filter(Boolean)
          .slice(0, 50),
  );

/** What people type into a search box: tidied, with invisible and control characters dropped (a search is not refused for them). */
export const searchWords = z
  .string()
  .max(500)
  .overwrite((v) => stripForbidden(v))
  .optional()
  .default('');

export const searchQuerySchema = z.object({
  q: searchWords,
  sort: z
    .enum(sortOrders as unknown as [SortOrder, ...SortOrder[]])
    .optional()
    .default('relevance'),
  page: z.coerce.number().int().min(1).max(10_000).optional().default(1),
  limit: z.coerce.number().int().min(1).max(100).optional().default(20),
  /** Opaque cursor from a previous answer's `next` (API); takes precedence over `page`. */
  cursor: z.string().max(200).optional(),
  ...Object.fromEntries(facetNames.map((f) => [f, many])),
});

export type SearchQuery = z.output<typeof searchQuerySchema>;

export function filtersOf(query: SearchQuery): Filters {
  const record = query as unknown as Record<string, string[]>;
  return Object.fromEntries(
    facetNames.map((f) => [f, record[f] ?? []]).filter(([, v]) => (v as string[]).length),
  ) as Filters;
}

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
