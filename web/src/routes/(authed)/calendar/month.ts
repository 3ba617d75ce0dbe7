// The month grid of the Calendar: weeks from Monday, days outside the month as blanks.
export type Cell = { day: string; date: number } | null;

/** The month after (+1) or before (−1) "YYYY-MM". */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

/** Rows of seven cells, Monday first. */
export function weeksOf(month: string): Cell[][] {
  const [y, m] = month.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1, 1));
  const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: Cell[] = [...Array(lead).fill(null)];
  for (let date = 1; date <= length; date++) cells.push({ day: `${month}-${String(date).padStart(2, "0")}`, date });
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
}

const title = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
export const monthTitle = (month: string) => title.format(new Date(`${month}-01T00:00:00Z`));
