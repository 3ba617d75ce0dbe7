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

const dateTimeShape = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

/**
 * The calendar date a date field means: YYYY-MM-DD as given, or the UTC
 * date of a date-time (Zapier's date fields send `2027-03-01T00:00:00Z`;
 * `2027-03-01T23:00:00-05:00` is 2 March in UTC; without an offset the
 * date as written). Null when it is neither.
 */
export function calendarDateOf(s: string): string | null {
  const text = s.trim();
  if (isCalendarDate(text)) return text;
  const m = dateTimeShape.exec(text);
  if (!m || !isCalendarDate(m[1])) return null;
  if (!m[4]) return m[1];
  const d = new Date(text.replace(" ", "T"));
  if (Number.isNaN(d.getTime())) return null;
  const utc = d.toISOString().slice(0, 10);
  return isCalendarDate(utc) ? utc : null;
}
