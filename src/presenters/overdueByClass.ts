/**
 * The overdue list per class as a page and as reminder slips (phiếu nhắc trả sách): one slip per
 * reader naming the school, the reader and their class, and each overdue book with its due day and
 * how many days late, in the person's language.
 */
import { overdueDays, type Loan } from '../domain/loan.js';
import { localDay } from '../domain/schoolCalendar.js';
import type { Translate } from '../i18n/index.js';
import type { TitleOf } from './loan.js';

interface OverdueReader {
  patronId: string;
  patronName: string;
  loans: Loan[];
}

interface OverdueClass {
  className: string | null;
  grade: number | null;
  readers: OverdueReader[];
}

/** Rows a slip's table has room for; a reader with more books gets a second slip. */
const ROWS_PER_SLIP = 6;

/** A day as Vietnamese schools write it: 05/12/2026. */
export const dayMonthYear = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

export function presentOverdueClasses(
  classes: readonly OverdueClass[],
  titleOf: TitleOf,
  t: Translate,
  now = new Date(),
) {
  const today = localDay(now);
  return classes.map((c) => ({
    className: c.className ?? t('patrons.overdue.noClass'),
    hasClass: c.className !== null,
    classParam: c.className ?? '',
    readers: c.readers.map((r) => ({
      patronId: r.patronId,
      patronName: r.patronName,
      loans: r.loans.map((l) => ({
        title: titleOf(l.resourceId),
        dueDate: dayMonthYear(l.dueDate),
        days: overdueDays(l, today),
      })),
    })),
    loanCount: c.readers.reduce((n, r) => n + r.loans.length, 0),
  }));
}

export function presentReminderSlips(
  school: string,
  schoolYear: string,
  classes: readonly OverdueClass[],
  titleOf: TitleOf,
  t: Translate,
  now = new Date(),
) {
  const today = localDay(now);
  return classes.flatMap((c) =>
    c.readers.flatMap((r) => {
      const rows = r.loans.map((l, i) => [
        String(i + 1),
        titleOf(l.resourceId),
        dayMonthYear(l.dueDate),
        String(overdueDays(l, today)),
      ]);
      const parts = Array.from({ length: Math.ceil(rows.length / ROWS_PER_SLIP) }, (_, i) =>
        rows.slice(i * ROWS_PER_SLIP, (i + 1) * ROWS_PER_SLIP),
      );
      return parts.map((part) => ({
        heading: school,
        title: t('patrons.slip.title'),
        lines: [
          t('patrons.slip.reader', { name: r.patronName }),
          c.className ? t('patrons.slip.class', { className: c.className, schoolYear }) : '',
          t('patrons.slip.ask'),
        ].filter(Boolean),
        table: {
          headers: [t('patrons.slip.number'), t('patrons.slip.book'), t('patrons.slip.due'), t('patrons.slip.days')],
          widths: [8, 54, 18, 20],
          rows: part,
        },
        footer: [t('patrons.slip.date', { date: dayMonthYear(today) }), t('patrons.slip.librarian')],
      }));
    }),
  );
}
