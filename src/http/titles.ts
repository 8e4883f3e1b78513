/** The titles the desk's answers name (loans, holds, copies), looked up in one call per answer. */
import type { TitleOf } from '../presenters/loan.js';
import type { SearchService } from '../services/search.js';

type Named = { resourceId: string } | null | undefined;

export async function titlesOf(search: SearchService, things: readonly Named[]): Promise<TitleOf> {
  const ids = [...new Set(things.filter((t): t is { resourceId: string } => !!t).map((t) => t.resourceId))];
  const cards = ids.length ? await search.cards(ids) : new Map<string, { title: string }>();
  return (id) => cards.get(id)?.title ?? '';
}
