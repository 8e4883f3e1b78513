/** A title's holdings page and the add-copies form, as the pages show them. */
import { acquisitionSources, copyStatuses, type SchoolHoldings } from '../domain/copy.js';
import type { LibrarySettings } from '../domain/librarySettings.js';
import type { Organisation, OrganisationTree } from '../domain/organisation.js';
import type { Resource } from '../domain/resource.js';
import type { Language } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { presentPrintEdition } from './printEdition.js';
import { locationLabel, presentCollectionNumbering, type CopyView, type IntakeBatchView } from './copy.js';

export interface SchoolHoldingsView {
  orgId: string;
  name: string;
  total: number;
  available: number;
  statuses: { label: string; count: number }[];
  locations: { label: string; count: number }[];
  /** The copies, for those who may see this school's copies. */
  copies: CopyView[] | null;
}

export function presentSchoolHoldings(
  holdings: SchoolHoldings,
  settings: LibrarySettings,
  copies: CopyView[] | null,
  tree: OrganisationTree,
  lang: Language,
): SchoolHoldingsView {
  const t = translator(lang);
  return {
    orgId: holdings.orgId,
    name: tree.get(holdings.orgId)?.name ?? '',
    total: holdings.total,
    available: holdings.available,
    statuses: copyStatuses
      .filter((s) => holdings.byStatus[s] > 0)
      .map((s) => ({ label: t(`library.status.${s}`), count: holdings.byStatus[s] })),
    locations: Object.entries(holdings.byLocation).map(([code, count]) => ({
      label: locationLabel(settings, code, lang).label,
      count,
    })),
    copies,
  };
}

/**
 * The add-copies form's choices for one school: its open collections with the next number, its locations, its batches.
 */
export function presentAddCopiesChoices(
  schools: Organisation[],
  orgId: string,
  settings: LibrarySettings,
  next: Record<string, number>,
  batches: IntakeBatchView[],
  chosen: { collection: string; location: string; batchSource: string; batchId: string },
  lang: Language,
) {
  const t = translator(lang);
  return {
    schools: schools.map((s) => ({ value: s.id, label: s.name, selected: s.id === orgId })),
    collections: presentCollectionNumbering(settings, next, lang)
      .filter((c) => c.active)
      .map((c) => ({
        value: c.code,
        label: `${c.label} (${c.nextAccession}…)`,
        selected: c.code === chosen.collection,
      })),
    locations: settings.locations
      .filter((l) => l.active)
      .map((l) => ({
        value: l.code,
        label: locationLabel(settings, l.code, lang).label,
        selected: l.code === chosen.location,
      })),
    sources: acquisitionSources.map((s) => ({
      value: s,
      label: t(`library.source.${s}`),
      selected: s === chosen.batchSource,
    })),
    batches: batches.map((b) => ({
      value: b.id,
      label: t('library.pages.batches.option', {
        number: b.number,
        date: b.date,
        source: b.source.label,
        count: b.copyCount,
      }),
      selected: b.id === chosen.batchId,
    })),
  };
}

/** The printed title a holdings page is about. */
export function presentTitleHeading(title: Resource, lang: Language) {
  return {
    id: title.id,
    url: `/resources/${title.id}`,
    title: title.metadata.title,
    creators: title.metadata.creators,
    print: presentPrintEdition(title.print!, lang),
  };
}
