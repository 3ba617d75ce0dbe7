// Calendar dates and days, by UTC calendar day: one definition for the engine,
// the derived figures and every date the API takes.
export const DAY_MS = 86_400_000;

/** Midnight UTC of the instant's calendar day, in ms. */
export function utcDay(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/**
 * A real calendar date as YYYY-MM-DD: 2026-02-30 parses in JavaScript (as 2
 * March); it is not a date. Year 0000 parses too, and Postgres has no year 0.
 */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || s.startsWith("0000")) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Days from `now` until `date` by UTC calendar day (negative when past); null without a valid date. */
export function daysUntil(date: string | Date | null | undefined, now: Date): number | null {
  if (date == null) return null;
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime())) return null;
  return Math.round((utcDay(d) - utcDay(now)) / DAY_MS);
}
