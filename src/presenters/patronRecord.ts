/** The librarian's page for one patron: who they are, their classes, loans, holds, history and charges. */
import type { ClassMembership } from '../domain/classMembership.js';
import { replacementWays, settlementsOf, type DeskCharge } from '../domain/deskCharge.js';
import type { Hold, Loan } from '../domain/loan.js';
import type { PatronType } from '../domain/loanRules.js';
import { localDay } from '../domain/schoolCalendar.js';
import { translator, type Language } from '../i18n/index.js';
import { presentCharge } from './deskCharge.js';
import { presentHold, presentLoan, type TitleOf } from './loan.js';
import { dayMonthYear } from './overdueByClass.js';

const localDate = (at: string | null) => (at ? dayMonthYear(localDay(new Date(at))) : '');

/** What the page shows (the patron record service's answer). */
export interface PatronRecord {
  patron: { id: string; displayName: string; type: PatronType; disabled: boolean };
  card: { number: string } | null;
  classes: ClassMembership[];
  current: Loan[];
  holds: Hold[];
  history: Loan[];
  page: number;
  hasNextPage: boolean;
  charges: DeskCharge[];
}

export function presentPatronRecord(record: PatronRecord, titleOf: TitleOf, lang: Language) {
  const t = translator(lang);
  const current = record.classes.at(-1) ?? null;
  return {
    patron: { ...record.patron, typeLabel: t(`desk.patronType.${record.patron.type}`) },
    card: record.card?.number ?? null,
    currentClass: current && { className: current.className, schoolYear: current.schoolYear },
    classHistory: [...record.classes].reverse().map((m) => ({
      schoolYear: m.schoolYear,
      className: m.className,
      grade: m.grade,
    })),
    current: record.current.map((l) => {
      const loan = presentLoan(l, titleOf, lang);
      // An inter-library copy goes back through its request (the inter-library page), not the desk's forms.
      const interLibrary = Boolean(l.interLibraryRequestId);
      return { ...loan, dueDay: dayMonthYear(loan.dueDate), overdue: loan.overdueDays > 0, interLibrary };
    }),
    holds: record.holds.map((h) => presentHold(h, titleOf, lang)),
    history: record.history.map((l) => {
      const loan = presentLoan(l, titleOf, lang);
      return { ...loan, issuedDay: localDate(loan.issuedAt), returnedDay: localDate(loan.returnedAt) };
    }),
    page: record.page,
    previousPage: record.page > 1 ? record.page - 1 : null,
    nextPage: record.hasNextPage ? record.page + 1 : null,
    charges: record.charges.map((c) => ({
      ...presentCharge(c, lang),
      createdDay: localDate(c.createdAt.toISOString()),
      settledDay: localDate(c.settledAt ? c.settledAt.toISOString() : null),
      settlements: settlementsOf[c.kind].map((s) => ({ value: s, label: t(`desk3.patron.settle.${s}`) })),
      replacementWays:
        c.kind === 'replacement'
          ? replacementWays.map((w, i) => ({ value: w, label: t(`desk4.replacement.${w}`), checked: i === 0 }))
          : null,
    })),
  };
}
