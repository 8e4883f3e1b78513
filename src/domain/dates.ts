/**
 * Dates as the catalogue keeps them (a publication's year, month or day, ISO 8601: 2024, 2024-09,
 * 2024-09-05): only dates that exist on the calendar, between sensible years.
 */

/** The earliest year a date may carry: older works are dated in a note, not here. */
export const EARLIEST_YEAR = 1000;
/** The latest: a textbook for the coming school years may be dated ahead. */
export const latestYear = (now = new Date()) => now.getUTCFullYear() + 2;

export function isRealDate(value: string): boolean {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  if (year < EARLIEST_YEAR || year > latestYear()) return false;
  if (match[2] === undefined) return true;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return false;
  if (match[3] === undefined) return true;
  const day = Number(match[3]);
  return day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The most precise real date at the start of `value` (a harvested "2024-09-05T10:00:00Z" gives 2024-09-05), or null.
 */
export function realDatePrefix(value: string): string | null {
  const candidates = [10, 7, 4].map((n) => value.slice(0, n)).filter((v) => /^\d{4}(-\d{2}){0,2}$/.test(v));
  return candidates.find(isRealDate) ?? null;
}
