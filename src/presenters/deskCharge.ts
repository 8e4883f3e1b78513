/** What a patron owes (a fine, a replacement copy) as the desk and the API show it. */
import type { DeskCharge } from '../domain/deskCharge.js';
import { translator, type Language } from '../i18n/index.js';
import { money } from './loan.js';

export function presentCharge(charge: DeskCharge, lang: Language) {
  const t = translator(lang);
  return {
    id: charge.id,
    loanId: charge.loanId,
    copyId: charge.copyId,
    kind: { code: charge.kind, label: t(`desk3.charge.kind.${charge.kind}`) },
    amount: charge.amount,
    amountText: charge.kind === 'fine' ? money(charge.amount, lang) : '',
    lateDays: charge.lateDays,
    status: { code: charge.status, label: t(`desk3.charge.status.${charge.status}`) },
    owed: charge.status === 'owed',
    createdAt: charge.createdAt.toISOString(),
    settledAt: charge.settledAt ? charge.settledAt.toISOString() : null,
    settledBy: charge.settledBy,
    note: charge.note,
    version: charge.version,
  };
}
