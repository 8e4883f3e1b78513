/**
 * Loans, holds and the desk's answers as they leave the server: labels in the person's language,
 * days as YYYY-MM-DD.
 */
import type { Copy } from '../domain/copy.js';
import { overdueDays, type Hold, type Loan } from '../domain/loan.js';
import type { CirculationSettings } from '../domain/loanRules.js';
import { localDay } from '../domain/schoolCalendar.js';
import { translator, type Language, type Translate } from '../i18n/index.js';

export interface Coded {
  code: string;
  label: string;
}

/** What the desk and a reader's page know of a title: its name, found by the caller. */
export type TitleOf = (resourceId: string) => string;

export interface LoanView {
  id: string;
  orgId: string;
  copyId: string;
  resourceId: string;
  title: string;
  patronId: string;
  patronType: Coded;
  collectionCode: string;
  issuedAt: string;
  dueDate: string;
  renewals: number;
  status: Coded;
  returnedAt: string | null;
  overdueDays: number;
  classSetId: string | null;
}

export function presentLoan(loan: Loan, titleOf: TitleOf, lang: Language, now = new Date()): LoanView {
  const t = translator(lang);
  return {
    id: loan.id,
    orgId: loan.orgId,
    copyId: loan.copyId,
    resourceId: loan.resourceId,
    title: titleOf(loan.resourceId),
    patronId: loan.patronId,
    patronType: { code: loan.patronType, label: t(`desk.patronType.${loan.patronType}`) },
    collectionCode: loan.collectionCode,
    issuedAt: loan.issuedAt.toISOString(),
    dueDate: loan.dueDate,
    renewals: loan.renewals,
    status: { code: loan.status, label: t(`desk.loanStatus.${loan.status}`) },
    returnedAt: loan.returnedAt?.toISOString() ?? null,
    overdueDays: loan.status === 'active' ? overdueDays(loan, localDay(now)) : 0,
    classSetId: loan.classSetId,
  };
}

export interface HoldView {
  id: string;
  orgId: string;
  resourceId: string;
  title: string;
  patronId: string;
  placedAt: string;
  status: Coded;
  copyId: string | null;
  pickupBy: string | null;
}

export function presentHold(hold: Hold, titleOf: TitleOf, lang: Language): HoldView {
  return {
    id: hold.id,
    orgId: hold.orgId,
    resourceId: hold.resourceId,
    title: titleOf(hold.resourceId),
    patronId: hold.patronId,
    placedAt: hold.placedAt.toISOString(),
    status: { code: hold.status, label: translator(lang)(`desk.holdStatus.${hold.status}`) },
    copyId: hold.copyId,
    pickupBy: hold.pickupBy,
  };
}

/** The copy as the desk shows it after a scan. */
export function presentDeskCopy(copy: Copy, titleOf: TitleOf, lang: Language) {
  return {
    id: copy.id,
    accessionNumber: copy.accessionNumber,
    barcode: copy.barcode,
    title: titleOf(copy.resourceId),
    status: { code: copy.status, label: translator(lang)(`library.status.${copy.status}`) },
    version: copy.version,
  };
}

/** A school's circulation settings as the API shows and takes them. */
export function presentCirculationSettings(settings: CirculationSettings) {
  const { orgId: _orgId, ...rest } = settings;
  return rest;
}

export type Tone = 'ok' | 'warn' | 'error';

/** What the desk says after a scan: one line in the person's language and its tone (colour and beep). */
export interface DeskMessage {
  tone: Tone;
  text: string;
}

interface ScanOutcome {
  kind: 'patron' | 'lent' | 'returned';
  patron?: { displayName: string };
  loans?: readonly unknown[];
  copy?: Copy;
  loan?: Loan | null;
  returned?: boolean;
  setAsideFor?: { patronName: string; pickupBy: string | null } | null;
  fine?: { amount: number; lateDays: number } | null;
  /** A return scanned as damaged or lost (the desk's choice beside the scan field). */
  recorded?: 'good' | 'damaged' | 'lost';
  replacement?: unknown;
}

export function deskMessage(outcome: ScanOutcome, titleOf: TitleOf, lang: Language): DeskMessage {
  const t = translator(lang);
  const copy = outcome.copy ? { title: titleOf(outcome.copy.resourceId), accession: outcome.copy.accessionNumber } : {};
  switch (outcome.kind) {
    case 'patron':
      return {
        tone: 'ok',
        text: t('desk.scan.serving', { name: outcome.patron!.displayName, count: outcome.loans?.length ?? 0 }),
      };
    case 'lent':
      return { tone: 'ok', text: t('desk.scan.lent', { ...copy, due: outcome.loan!.dueDate }) };
    case 'returned': {
      const said = returnedMessage(outcome, copy, t);
      if (!outcome.fine) return said;
      const fine = { amount: money(outcome.fine.amount, lang), days: outcome.fine.lateDays };
      return { tone: 'warn', text: `${said.text} ${t('desk3.fineAtReturn', fine)}` };
    }
  }
}

function returnedMessage(outcome: ScanOutcome, copy: Record<string, string | undefined>, t: Translate): DeskMessage {
  if (!outcome.returned) return { tone: 'warn', text: t('desk.scan.notOnLoan', copy) };
  if (outcome.recorded === 'damaged' || outcome.recorded === 'lost') return recordedMessage(outcome, copy, t);
  if (outcome.setAsideFor)
    return {
      tone: 'warn',
      text: t('desk.scan.returnedForHold', {
        ...copy,
        name: outcome.setAsideFor.patronName,
        pickupBy: outcome.setAsideFor.pickupBy ?? '',
      }),
    };
  return { tone: 'ok', text: t('desk.scan.returned', copy) };
}

/** A copy taken back damaged (with the librarian's note) or recorded lost (with the replacement owed, if any). */
function recordedMessage(outcome: ScanOutcome, copy: Record<string, string | undefined>, t: Translate): DeskMessage {
  const note = outcome.copy?.history.at(-1)?.note ?? '';
  if (outcome.recorded === 'damaged') return { tone: 'warn', text: t('desk4.scan.recordedDamaged', { ...copy, note }) };
  const owed = outcome.replacement ? ` ${t('desk4.scan.replacementOwed')}` : '';
  return { tone: 'warn', text: `${t('desk4.scan.recordedLost', copy)}${owed}` };
}

/** An amount of đồng as people write it (10.000 đ). */
export const money = (amount: number, lang: Language) =>
  `${new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(amount)} đ`;
