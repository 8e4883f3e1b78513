/** What a patron owes (a fine, a replacement copy) as the desk and the API show it. */
import type { Copy } from '../domain/copy.js';
import type { DeskCharge } from '../domain/deskCharge.js';
import type { Loan } from '../domain/loan.js';
import { translator, type Language } from '../i18n/index.js';
import { money, presentDeskCopy, presentLoan, type TitleOf } from './loan.js';

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

/** What a return did, as the API answers it (a scan by barcode, or the return of one loan). */
export function presentReturned(
  back: {
    returned: boolean;
    copy: Copy;
    loan: Loan | null;
    setAsideFor: { holdId: string; patronId: string; patronName: string; pickupBy: string | null } | null;
    fine: DeskCharge | null;
  },
  titleOf: TitleOf,
  lang: Language,
) {
  return {
    returned: back.returned,
    copy: presentDeskCopy(back.copy, titleOf, lang),
    loan: back.loan ? presentLoan(back.loan, titleOf, lang) : null,
    setAsideFor: back.setAsideFor,
    fine: back.fine ? presentCharge(back.fine, lang) : null,
  };
}
