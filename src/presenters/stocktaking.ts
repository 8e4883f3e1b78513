/**
 * What leaves the server about stocktaking sessions: the session, its result, a scan's answer, in the person's
 * language.
 */
import type { LibrarySettings } from '../domain/librarySettings.js';
import { localDay } from '../domain/schoolCalendar.js';
import {
  outcomeTone,
  type ScanOutcome,
  type StocktakingCopy,
  type StocktakingResult,
  type StocktakingSession,
} from '../domain/stocktaking.js';
import { translator, type Language } from '../i18n/index.js';
import type { WithdrawalRecord } from '../domain/copy.js';
import { collectionLabel, locationLabel } from './copy.js';
import type { TitleOf } from './loan.js';

export interface SessionView {
  id: string;
  orgId: string;
  name: string;
  scope: string;
  location: string | null;
  openedAt: string;
  closedAt: string | null;
  open: boolean;
  state: string;
  version: number;
  writtenOff: { recordId: string | null; count: number; done: boolean } | null;
}

export function presentSession(s: StocktakingSession, settings: LibrarySettings, lang: Language): SessionView {
  const t = translator(lang);
  const location = s.scope.kind === 'location' ? s.scope.location : null;
  return {
    id: s.id,
    orgId: s.orgId,
    name: s.name,
    scope: location
      ? t('stocktaking.scope.location', { location: locationLabel(settings, location, lang).label })
      : t('stocktaking.scope.school'),
    location,
    openedAt: localDay(s.openedAt),
    closedAt: s.closedAt ? localDay(s.closedAt) : null,
    open: !s.closedAt,
    state: t(s.closedAt ? 'stocktaking.state.closed' : 'stocktaking.state.open'),
    version: s.version,
    writtenOff: s.writeOff
      ? { recordId: s.writeOff.recordId, count: s.writeOff.copyIds.length, done: s.writeOff.done }
      : null,
  };
}

export interface StocktakingCopyView {
  id: string;
  accessionNumber: string;
  barcode: string;
  title: string;
  collection: string;
  location: string;
  status: string;
  price: number | null;
}

export function presentStocktakingCopy(
  c: StocktakingCopy,
  settings: LibrarySettings,
  titleOf: TitleOf,
  lang: Language,
): StocktakingCopyView {
  return {
    id: c.id,
    accessionNumber: c.accessionNumber,
    barcode: c.barcode,
    title: titleOf(c.resourceId),
    collection: collectionLabel(settings, c.collectionCode, lang).label,
    location: locationLabel(settings, c.location, lang).label,
    status: translator(lang)(`library.status.${c.status}`),
    price: c.price,
  };
}

/** A scan's answer: what to show and which sound to make. */
export function scanMessage(
  outcome: ScanOutcome,
  code: string,
  copy: StocktakingCopy | null,
  settings: LibrarySettings,
  lang: Language,
): { outcome: ScanOutcome; tone: 'ok' | 'warn' | 'error'; text: string } {
  const text = translator(lang)(`stocktaking.outcome.${outcome}`, {
    code,
    accession: copy?.accessionNumber ?? code,
    location: copy ? locationLabel(settings, copy.location, lang).label : '',
  });
  return { outcome, tone: outcomeTone[outcome], text };
}

export function presentProgress(progress: { found: number; expected: number }, lang: Language) {
  const percent = progress.expected ? Math.min(100, Math.round((progress.found / progress.expected) * 100)) : 0;
  return { ...progress, percent, text: translator(lang)('stocktaking.result.progress', progress) };
}

/** The result's counts, as the page's table and the record's first table show them. */
export function resultTotals(result: StocktakingResult, lang: Language): { label: string; count: number }[] {
  const t = translator(lang);
  return [
    { label: t('stocktaking.result.expected'), count: result.expected },
    { label: t('stocktaking.result.found'), count: result.scanned },
    { label: t('stocktaking.result.missing'), count: result.missing.length },
    { label: t('stocktaking.result.misplaced'), count: result.misplaced.length },
    { label: t('stocktaking.result.onLoan'), count: result.onLoan.length },
    { label: t('stocktaking.result.unexpected'), count: result.unexpected.length },
    { label: t('stocktaking.result.scans'), count: result.scans },
  ];
}

export function presentResult(result: StocktakingResult, settings: LibrarySettings, titleOf: TitleOf, lang: Language) {
  const t = translator(lang);
  const copy = (c: StocktakingCopy) => presentStocktakingCopy(c, settings, titleOf, lang);
  return {
    totals: resultTotals(result, lang),
    progress: presentProgress({ found: result.scanned, expected: result.expected }, lang),
    byCollection: result.byCollection.map((c) => ({
      ...c,
      name: collectionLabel(settings, c.collectionCode, lang).label,
    })),
    missing: result.missing.map(copy),
    misplaced: result.misplaced.map(copy),
    onLoan: result.onLoan.map((c) => ({ ...copy(c), seen: c.seen })),
    unexpected: result.unexpected.map((u) => ({ code: u.code, outcome: t(`stocktaking.outcomeName.${u.outcome}`) })),
  };
}

/** The school's active shelf locations, for the form that opens a session on one of them. */
export function presentLocationChoices(settings: LibrarySettings, lang: Language): { code: string; name: string }[] {
  return settings.locations
    .filter((l) => l.active)
    .map((l) => ({ code: l.code, name: lang === 'en' && l.nameEn ? l.nameEn : l.name }));
}

/** The withdrawal record the session's write-off was entered in, if any. */
export function presentWriteOffRecord(
  record: Pick<WithdrawalRecord, 'id' | 'copyCount' | 'number'> | null,
  lang: Language,
): { writtenOff: string | null; writeOffRecordId: string | null } {
  if (!record) return { writtenOff: null, writeOffRecordId: null };
  const t = translator(lang);
  return {
    writtenOff: t('stocktaking.result.writtenOff', { count: record.copyCount, number: record.number }),
    writeOffRecordId: record.id,
  };
}
