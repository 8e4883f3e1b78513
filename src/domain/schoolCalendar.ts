/**
 * A school's calendar for the desk: the weekdays it is closed, its closures (holidays, term
 * breaks) and the end of its school year. Due dates and pickup deadlines never fall on a closed
 * day. Days are local calendar days in Vietnam (UTC+7 all year, no daylight saving), written
 * YYYY-MM-DD, so that "due on the 12th" means the same day at every desk and on every server.
 */

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay counts. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface Closure {
  from: string;
  to: string;
  name: string;
}

export interface SchoolCalendar {
  /** Weekdays the library is closed (Sunday by default; many schools also close on Saturday). */
  closedWeekdays: Weekday[];
  closures: Closure[];
  /** Month and day the school year ends (MM-DD): textbooks lent for the year are due then. */
  schoolYearEnds: string;
}

export const defaultSchoolCalendar = (): SchoolCalendar => ({
  closedWeekdays: [0],
  closures: [],
  schoolYearEnds: '05-31',
});

const VIETNAM_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

/** The local day (YYYY-MM-DD) a moment falls on in Vietnam. */
export function localDay(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function isOpen(calendar: SchoolCalendar, day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay() as Weekday;
  if (calendar.closedWeekdays.includes(weekday)) return false;
  return !calendar.closures.some((c) => c.from <= day && day <= c.to);
}

/** A year of closed days at most: a calendar closed every day must not loop forever. */
const SEARCH_LIMIT = 366;

/** The first open day on or after `day` (the day itself when no open day is found within a year). */
export function nextOpenDay(calendar: SchoolCalendar, day: string): string {
  for (let i = 0, d = day; i < SEARCH_LIMIT; i++, d = addDays(d, 1)) if (isOpen(calendar, d)) return d;
  return day;
}

/** The last open day on or before `day`. */
export function previousOpenDay(calendar: SchoolCalendar, day: string): string {
  for (let i = 0, d = day; i < SEARCH_LIMIT; i++, d = addDays(d, -1)) if (isOpen(calendar, d)) return d;
  return day;
}

/**
 * The day a loan of `days` days made on `today` is due: that many calendar days later, moved on to
 * the next open day when it falls on a closed one (Koha's "Datedue" mode: the reader always has at
 * least the days the rule gives, and can always bring the book back on the day it is due).
 */
export function dueDay(calendar: SchoolCalendar, today: string, days: number): string {
  return nextOpenDay(calendar, addDays(today, days));
}

/** The last day of the school year `today` belongs to (a year ending 31 May runs from 1 June). */
export function schoolYearEnd(calendar: SchoolCalendar, today: string): string {
  const year = Number(today.slice(0, 4));
  const thisYears = `${year}-${calendar.schoolYearEnds}`;
  return today <= thisYears ? thisYears : `${year + 1}-${calendar.schoolYearEnds}`;
}

/** The school year's label, "2025-2026", for a day in it. */
export function schoolYearOf(calendar: SchoolCalendar, today: string): string {
  const endYear = Number(schoolYearEnd(calendar, today).slice(0, 4));
  return `${endYear - 1}-${endYear}`;
}

/** Whether calendar input is coherent: closures run forward and the year's end is a real day. */
export function calendarProblems(calendar: SchoolCalendar): { field: string; messageKey: string }[] {
  const problems: { field: string; messageKey: string }[] = [];
  calendar.closures.forEach((c, i) => {
    if (c.to < c.from) problems.push({ field: `closures.${i}.to`, messageKey: 'desk.calendar.closureBackwards' });
  });
  if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(calendar.schoolYearEnds))
    problems.push({ field: 'schoolYearEnds', messageKey: 'desk.calendar.badYearEnd' });
  return problems;
}
