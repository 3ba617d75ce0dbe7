// Cleaning an import row's cells into upsert_account's fields, then checking
// them by the API's own rules, so an imported row obeys what the API obeys.
import { calendarDateOf, isCalendarDate } from "../common/dates.ts";
import { upsertAccountInput, type UpsertAccountInput } from "../customers/inputs.ts";
import type { ColumnMapping, ImportField } from "./columns.ts";

/** A refused cell or row: the field it names (upsert_account's name) and the rule it broke. */
export type RowError = { field: string; message: string };

/** A row ready to send (upsert_account's input without its warnings), or why it is refused. */
export type CleanRow =
  | { ok: true; account: Omit<UpsertAccountInput, "warnings">; snapshot?: { date: string } }
  | { ok: false; errors: RowError[] };

/** Tier as people spell it → the API's tier. */
const tierSpellings: Record<string, string> = {
  smb: "smb", small: "smb", "small business": "smb", "smb small business": "smb",
  mid: "mid", "mid market": "mid", midmarket: "mid", "mid size": "mid", midsize: "mid", mm: "mid",
  enterprise: "enterprise", ent: "enterprise", large: "enterprise",
};
const lifecycleSpellings: Record<string, string> = {
  onboarding: "onboarding", active: "active", atrisk: "atrisk", "at risk": "atrisk", risk: "atrisk", won: "won",
  "won upsold": "won", upsold: "won", churned: "churned", churn: "churned", lost: "churned",
};
const words = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
const spelled = (table: Record<string, string>) => (s: string) => table[words(s)] ?? s;

/** `1,234` → `1234` for counts; anything else stays for the API's rule to judge. */
const count = (s: string) => (/^\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, "") : s);

/**
 * A date as written: YYYY-MM-DD, YYYY/MM/DD, an ISO date-time, or day and
 * month in either order when only one order is a date (31/03/2027). A date
 * no order makes real (31/02/2027) or that two orders could mean
 * (03/04/2027) is refused by the caller: never guessed.
 */
export function dateOf(s: string): { date: string } | { error: string } {
  const iso = calendarDateOf(s.replace(/^(\d{4})\/(\d{2})\/(\d{2})$/, "$1-$2-$3"));
  if (iso) return { date: iso };
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return { error: "must be a date as YYYY-MM-DD" };
  const [a, b, year] = [Number(m[1]), Number(m[2]), m[3]];
  const pad = (n: number) => String(n).padStart(2, "0");
  const readings = [...new Set([`${year}-${pad(b)}-${pad(a)}`, `${year}-${pad(a)}-${pad(b)}`])].filter(isCalendarDate);
  if (readings.length === 1) return { date: readings[0] };
  if (readings.length === 0) return { error: `is not a real date (${s}); write it as YYYY-MM-DD` };
  return { error: `could be day/month or month/day (${s}); write it as YYYY-MM-DD` };
}

/** Adds whole months to a calendar date, keeping the day within the month (31 Jan + 1 → 28/29 Feb). */
function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const end = new Date(Date.UTC(y, m - 1 + months + 1, 0));
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, end.getUTCDate()))).toISOString().slice(0, 10);
}

/** Each field's cleaning of a trimmed, non-empty cell: what the API's schema then checks. */
const cleaners: Partial<Record<ImportField, (s: string) => unknown>> = {
  logins: count, tickets: count, days: count,
  adoption: (s) => s.replace(/\s*%$/, ""),
  tier: spelled(tierSpellings),
  lifecycle: spelled(lifecycleSpellings),
  tags: (s) => s.split(/[|,]/),
  nps: (s) => s.toLowerCase(),
};

const dateFields = new Set<ImportField>(["renewal_date", "next_touch", "since", "date", "last_contact_date"]);

/**
 * One data row → the account it writes. Cells are trimmed; an empty cell
 * says nothing (the field is left as it is), so a partial file updates only
 * what it has. `today` places months_to_renewal and last_contact_date.
 */
export function cleanRow(cells: readonly string[], mapping: ColumnMapping, today: string): CleanRow {
  const raw: Record<string, unknown> = {};
  const errors: RowError[] = [];
  const dates: Partial<Record<ImportField, string>> = {};
  mapping.forEach((field, i) => {
    const cell = (cells[i] ?? "").trim();
    if (!field || cell === "") return;
    if (dateFields.has(field)) {
      const d = dateOf(cell);
      if ("error" in d) errors.push({ field, message: `${field} ${d.error}` });
      else dates[field] = d.date;
      return;
    }
    raw[field] = cleaners[field]?.(cell) ?? cell;
  });
  for (const f of ["renewal_date", "next_touch", "since"] as const) if (dates[f]) raw[f] = dates[f];
  if (raw.months_to_renewal !== undefined) {
    const months = Number(raw.months_to_renewal);
    if (!Number.isInteger(months) || months < 0 || months > 600) {
      errors.push({ field: "months_to_renewal", message: "months_to_renewal must be a whole number between 0 and 600" });
    } else raw.renewal_date ??= addMonths(today, months);
    delete raw.months_to_renewal;
  }
  // A snapshot's days since contact are counted to its own date, not to today.
  const asOf = dates.date ?? today;
  if (dates.last_contact_date && raw.days === undefined) {
    const days = Math.round((Date.parse(asOf) - Date.parse(dates.last_contact_date)) / 86_400_000);
    if (days < 0) errors.push({ field: "last_contact_date", message: "last_contact_date must not be after the row's date" });
    else raw.days = days;
  }
  if (raw.name === undefined && raw.id === undefined) errors.push({ field: "name", message: "name is required" });
  const parsed = upsertAccountInput.safeParse({ ...raw, strict: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "name");
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
    }
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  const { warnings: _, ...account } = parsed.data;
  return dates.date ? { ok: true, account, snapshot: { date: dates.date } } : { ok: true, account };
}

/**
 * A cleaned row with the file lines it came from (several when rows named
 * the same customer); a backfill row has its snapshot's date.
 */
export type ReadyRow = { lines: number[]; account: Omit<UpsertAccountInput, "warnings">; date?: string };

/** Whom a row names — its id, else its name in any case (as upsert_account finds customers) — and, in a backfill, which day. */
const customerKey = (r: ReadyRow) => `${r.account.id ? `id:${r.account.id}` : `name:${r.account.name!.toLowerCase()}`} ${r.date ?? ""}`;

/**
 * Rows naming the same customer (on the same day, in a backfill) become one, the later rows' cells winning
 * (by name, the first row's spelling is kept; by id, the last renames), in the place of the first.
 * So the file's last word on a customer is written once, and the same file
 * imported again finds every customer as it left it: nothing changes.
 */
export function mergeRepeats(rows: readonly ReadyRow[]): ReadyRow[] {
  const merged = new Map<string, ReadyRow>();
  for (const row of rows) {
    const key = customerKey(row);
    const prior = merged.get(key);
    merged.set(key, prior
      ? { ...prior, lines: [...prior.lines, ...row.lines], account: { ...prior.account, ...row.account, name: (row.account.id ? row.account.name : prior.account.name) ?? prior.account.name } }
      : row);
  }
  return [...merged.values()];
}
