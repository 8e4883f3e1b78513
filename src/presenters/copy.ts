/** What leaves the server about copies and holdings: codes with labels in the person's language, links, permissions. */
import { formatAccession } from '../domain/accession.js';
import type {
  Copy,
  CopyEvent,
  CopyStatus,
  IntakeBatch,
  RegisterEntry,
  SchoolHoldings,
  WithdrawalRecord,
} from '../domain/copy.js';
import { canChangeStatus, copyStatuses, withdrawalReasons } from '../domain/copy.js';
import type { LibrarySettings } from '../domain/librarySettings.js';
import type { OrganisationTree } from '../domain/organisation.js';
import { callNumberOf } from '../domain/printEdition.js';
import type { Resource } from '../domain/resource.js';
import type { Language } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import type { Actor } from '../policies/actor.js';
import { canOnCopy, canOnLibrary, copyActions, type CopyAction } from '../policies/library.js';
import { compareVietnamese } from '../search/text.js';
import type { Coded } from './resource.js';

/** Statuses a librarian sets by hand from the copy page; the desk sets the others. */
const manualStatuses: readonly CopyStatus[] = ['available', 'lost', 'damaged'];

const named = (
  list: readonly { code: string; name: string; nameEn: string | null }[],
  code: string,
  lang: Language,
) => {
  const found = list.find((e) => e.code === code);
  return { code, label: found ? (lang === 'en' && found.nameEn ? found.nameEn : found.name) : code };
};

export const collectionLabel = (settings: LibrarySettings, code: string, lang: Language): Coded =>
  named(settings.collections, code, lang);
export const locationLabel = (settings: LibrarySettings, code: string, lang: Language): Coded =>
  named(settings.locations, code, lang);

export interface CopyView {
  id: string;
  url: string;
  title: { id: string; title: string; url: string; callNumber: string | null } | null;
  organisation: { id: string; name: string };
  holdingOrganisation: { id: string; name: string };
  accessionNumber: string;
  barcode: string;
  volume: string | null;
  collection: Coded;
  location: Coded;
  acquisition: {
    date: string;
    batch: { id: string; url: string };
    source: Coded;
    price: number | null;
    supplier: string | null;
    documentNumber: string | null;
  };
  status: Coded;
  statusSince: string;
  withdrawal: { date: string; reason: Coded; record: { id: string; url: string }; note: string | null } | null;
  note: string | null;
  lastSeenAt: string | null;
  history: {
    at: string;
    action: string;
    actionLabel: string;
    from: string | null;
    to: string | null;
    note: string | null;
  }[];
  version: number;
  permissions: Record<CopyAction, boolean>;
  /** The statuses the copy page offers from the current one. */
  nextStatuses: Coded[];
}

export function presentCopy(
  copy: Copy,
  title: Pick<Resource, 'id' | 'metadata' | 'print'> | null,
  settings: LibrarySettings,
  tree: OrganisationTree,
  actor: Actor,
  lang: Language,
): CopyView {
  const t = translator(lang);
  const status = (s: string): Coded => ({ code: s, label: t(`library.status.${s}`) });
  const org = (id: string) => ({ id, name: tree.get(id)?.name ?? '' });
  return {
    id: copy.id,
    url: `/library/copies/${copy.id}`,
    title: title
      ? {
          id: title.id,
          title: title.metadata.title,
          url: `/resources/${title.id}`,
          callNumber: title.print ? callNumberOf(title.print) : null,
        }
      : null,
    organisation: org(copy.orgId),
    holdingOrganisation: org(copy.holdingOrgId),
    accessionNumber: copy.accessionNumber,
    barcode: copy.barcode,
    volume: copy.volume,
    collection: collectionLabel(settings, copy.collectionCode, lang),
    location: locationLabel(settings, copy.location, lang),
    acquisition: {
      date: copy.acquisition.date,
      batch: { id: copy.acquisition.batchId, url: `/library/batches/${copy.acquisition.batchId}` },
      source: { code: copy.acquisition.source, label: t(`library.source.${copy.acquisition.source}`) },
      price: copy.acquisition.price,
      supplier: copy.acquisition.supplier,
      documentNumber: copy.acquisition.documentNumber,
    },
    status: status(copy.status),
    statusSince: copy.statusSince.toISOString(),
    withdrawal: copy.withdrawal
      ? {
          date: copy.withdrawal.date,
          reason: { code: copy.withdrawal.reason, label: t(`library.reason.${copy.withdrawal.reason}`) },
          record: { id: copy.withdrawal.recordId, url: `/library/withdrawals/${copy.withdrawal.recordId}` },
          note: copy.withdrawal.note,
        }
      : null,
    note: copy.note,
    lastSeenAt: copy.lastSeenAt?.toISOString() ?? null,
    history: copy.history.map((h) => presentEvent(h, settings, lang)),
    version: copy.version,
    permissions: Object.fromEntries(copyActions.map((a) => [a, canOnCopy(actor, a, copy, tree)])) as Record<
      CopyAction,
      boolean
    >,
    nextStatuses: manualStatuses.filter((s) => canChangeStatus(copy.status, s)).map(status),
  };
}

function presentEvent(h: CopyEvent, settings: LibrarySettings, lang: Language): CopyView['history'][number] {
  const t = translator(lang);
  const label = (v: string | null) => {
    if (v === null) return null;
    if (h.action === 'status' || h.action === 'withdrawn') return t(`library.status.${v}`);
    if (h.action === 'moved') return locationLabel(settings, v, lang).label;
    return v;
  };
  return {
    at: h.at.toISOString(),
    action: h.action,
    actionLabel: t(`library.event.${h.action}`),
    from: label(h.from),
    to: label(h.to),
    note: h.note,
  };
}

export interface AvailabilityView {
  orgId: string;
  name: string;
  total: number;
  available: number;
}

/** "Có tại …": per school holding the title, its copies and how many are on the shelf now, by school name. */
export function presentAvailability(holdings: SchoolHoldings[], tree: OrganisationTree): AvailabilityView[] {
  return holdings
    .filter((h) => h.total > 0)
    .map((h) => ({ orgId: h.orgId, name: tree.get(h.orgId)?.name ?? '', total: h.total, available: h.available }))
    .sort((a, b) => compareVietnamese(a.name, b.name));
}

/** What every entry of the general register shows. */
interface RegisterEntryView {
  id: string;
  url: string;
  number: number;
  date: string;
  documentNumber: string | null;
  note: string | null;
  copyCount: number;
  totalValue: number;
}

const entryView = (entry: RegisterEntry, url: string): RegisterEntryView => ({
  id: entry.id,
  url,
  number: entry.number,
  date: entry.date,
  documentNumber: entry.documentNumber,
  note: entry.note,
  copyCount: entry.copyCount,
  totalValue: entry.totalValue,
});

export interface IntakeBatchView extends RegisterEntryView {
  source: Coded;
  supplier: string | null;
}

export function presentIntakeBatch(batch: IntakeBatch, lang: Language): IntakeBatchView {
  return {
    ...entryView(batch, `/library/batches/${batch.id}`),
    source: { code: batch.source, label: translator(lang)(`library.source.${batch.source}`) },
    supplier: batch.supplier,
  };
}

export interface WithdrawalRecordView extends RegisterEntryView {
  reason: Coded;
}

export function presentWithdrawalRecord(record: WithdrawalRecord, lang: Language): WithdrawalRecordView {
  return {
    ...entryView(record, `/library/withdrawals/${record.id}`),
    reason: { code: record.reason, label: translator(lang)(`library.reason.${record.reason}`) },
  };
}

/** A collection as the settings page and the API show it: with the number it will give next, written out. */
export function presentCollectionNumbering(settings: LibrarySettings, next: Record<string, number>, lang: Language) {
  return settings.collections.map((c) => ({
    ...c,
    label: lang === 'en' && c.nameEn ? c.nameEn : c.name,
    nextNumber: next[c.code] ?? 1,
    nextAccession: formatAccession(c, next[c.code] ?? 1),
  }));
}

/**
 * The library's part of an item page: for a printed title, where it is held and how many copies are
 * on the shelf now (for everyone who sees the title); for librarians, their ways in.
 */
export function presentLibraryPanel(
  resource: Pick<Resource, 'id' | 'orgId' | 'print'>,
  holdings: SchoolHoldings[],
  actor: Actor,
  tree: OrganisationTree & { all(): { id: string }[] },
) {
  const managesCopies = tree.all().some((o) => canOnLibrary(actor, 'manageCopies', o.id, tree));
  return {
    printed: resource.print !== null,
    availability: resource.print ? presentAvailability(holdings, tree) : [],
    catalogueUrl: canOnLibrary(actor, 'catalogue', resource.orgId, tree) ? `/library/titles/${resource.id}/edit` : null,
    holdingsUrl: resource.print && actor.personId ? `/library/titles/${resource.id}/holdings` : null,
    addCopiesUrl: resource.print && managesCopies ? `/library/titles/${resource.id}/copies/new` : null,
  };
}

/** A school's holdings at a glance: its titles, and its copies by status. */
export function presentHoldingTotals(totals: { titles: number; byStatus: Record<CopyStatus, number> }, lang: Language) {
  const t = translator(lang);
  return {
    titles: totals.titles,
    statuses: copyStatuses.map((s) => ({ label: t(`library.status.${s}`), count: totals.byStatus[s] })),
  };
}

/** Copies of a register entry, with their titles (from the search index's cards). */
export function presentRegisterCopies(
  list: Copy[],
  settings: LibrarySettings,
  titleOf: (resourceId: string) => string,
  lang: Language,
) {
  const t = translator(lang);
  return list.map((c) => ({
    id: c.id,
    url: `/library/copies/${c.id}`,
    accessionNumber: c.accessionNumber,
    title: titleOf(c.resourceId),
    titleUrl: `/resources/${c.resourceId}`,
    collection: collectionLabel(settings, c.collectionCode, lang).label,
    location: locationLabel(settings, c.location, lang).label,
    price: c.acquisition.price,
    statusLabel: t(`library.status.${c.status}`),
  }));
}

/** The choices of a copy's forms: why it is withdrawn, and where it may move (its own place even if retired). */
export function presentCopyFormChoices(copy: Copy, settings: LibrarySettings, lang: Language) {
  const t = translator(lang);
  return {
    reasons: withdrawalReasons.map((r) => ({ value: r, label: t(`library.reason.${r}`) })),
    locations: settings.locations
      .filter((l) => l.active || l.code === copy.location)
      .map((l) => ({ value: l.code, label: l.name, selected: l.code === copy.location })),
  };
}
