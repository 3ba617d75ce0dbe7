// Whole UTC calendar days until a date, shared by the renewal figures.
const DAY_MS = 86_400_000;

/** Days from `now` until `date` by UTC calendar day (negative when past); null without a valid date. */
export function daysUntil(date: string | Date | null | undefined, now: Date): number | null {
  if (date == null) return null;
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime())) return null;
  const day = (x: Date) => Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate());
  return Math.round((day(d) - day(now)) / DAY_MS);
}
