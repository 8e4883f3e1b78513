/** A title's holdings page and the add-copies form, as the pages show them. */
import { acquisitionSources, copyStatuses, type CopyRow, type SchoolHoldings } from '../domain/copy.js';
import type { LibrarySettings } from '../domain/librarySettings.js';
import type { Organisation, OrganisationTree } from '../domain/organisation.js';
import type { Resource } from '../domain/resource.js';
import type { Language } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { presentPrintEdition } from './printEdition.js';
import { collectionLabel, locationLabel, presentCollectionNumbering, type IntakeBatchView } from './copy.js';

export interface SchoolHoldingsView {
  orgId: string;
  name: string;
  total: number;
  available: number;
  statuses: { label: string; count: number }[];
  locations: { label: string; count: number }[];
  /** The copies, for those who may see this school's copies. */
  copies: CopyRowView[] | null;
}

/** A copy's row in the holdings table. */
export interface CopyRowView {
  url: string;
  accessionNumber: string;
  barcode: string;
  collection: { label: string };
  location: { label: string };
  status: { code: string; label: string };
  acquisition: { date: string; batch: { url: string } };
}

export function presentCopyRow(copy: CopyRow, settings: LibrarySettings, lang: Language): CopyRowView {
  return {
    url: `/library/copies/${copy.id}`,
    accessionNumber: copy.accessionNumber,
    barcode: copy.barcode,
    collection: collectionLabel(settings, copy.collectionCode, lang),
    location: locationLabel(settings, copy.location, lang),
    status: { code: copy.status, label: translator(lang)(`library.status.${copy.status}`) },
    acquisition: { date: copy.acquisition.date, batch: { url: `/library/batches/${copy.acquisition.batchId}` } },
  };
}

export function presentSchoolHoldings(
  holdings: SchoolHoldings,
  settings: LibrarySettings,
  copies: CopyRowView[] | null,
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
