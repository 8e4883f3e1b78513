/**
 * Which printed title a record is: among those the person can see that share one of its ISBNs (or,
 * without an ISBN, the school's titles of that title), the one src/domain/titleMatch.ts chooses.
 * Found, the school adds copies to it instead of cataloguing the book a second time in the province.
 */
import type { CatalogueRecord } from '../../../domain/catalogueRecord.js';
import type { SchoolHoldings } from '../../../domain/copy.js';
import { checkIsbn } from '../../../domain/isbn.js';
import type { Resource } from '../../../domain/resource.js';
import { chooseTitle, offeredTitles } from '../../../domain/titleMatch.js';
import { isbnLookupKey } from '../../../domain/titleLookup.js';
import { printedTitlesByAnyKey, printedTitlesByIds, type TitleSummary } from '../../../models/catalogueMatches.js';
import type { Actor } from '../../../policies/actor.js';
import { canOnResource } from '../../../policies/resource.js';
import type { OrganisationDirectory } from '../../organisationDirectory.js';
import type { HoldingsReadModel } from '../holdings.js';
import { recordKeys, type JobTitles } from './jobTitles.js';

export async function existingTitle(
  tree: OrganisationDirectory,
  actor: Actor,
  orgId: string,
  record: CatalogueRecord,
  known?: JobTitles,
): Promise<TitleSummary | null> {
  const keys = recordKeys(orgId, record);
  const candidates = known?.matching(keys) ?? (await printedTitlesByAnyKey(keys));
  const visible = candidates.filter((t) => canOnResource(actor, 'view', t, tree));
  return chooseTitle(visible, orgId, record.metadata.title);
}

/** A title offered to copy, with the schools holding copies of it. */
export interface OfferedTitle {
  title: Resource;
  holdings: SchoolHoldings[];
}

/** At most this many titles offered for one ISBN; a longer list is a catalogue to clean, not to browse. */
export const MAX_OFFERED = 50;

/** Copy cataloguing: the printed titles with this ISBN (either length) the person can see and the school may copy. */
export async function titlesWithIsbn(
  tree: OrganisationDirectory,
  holdings: HoldingsReadModel,
  actor: Actor,
  orgId: string,
  isbn: string,
): Promise<OfferedTitle[]> {
  const check = checkIsbn(isbn);
  if (!check.ok) return [];
  const found = await printedTitlesByAnyKey([isbnLookupKey(check.isbn13)]);
  const offered = offeredTitles(
    found.filter((t) => canOnResource(actor, 'view', t, tree)),
    orgId,
  ).slice(0, MAX_OFFERED);
  const titles = await printedTitlesByIds(offered.map((t) => t.id));
  return titles.map((title) => ({ title, holdings: holdings.summary(title.id) }));
}
