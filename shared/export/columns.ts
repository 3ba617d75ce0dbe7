// The two customer exports' columns (SPEC §9): the analysis CSV with the
// calculated figures of SPEC §4, and the bulksheet that imports back unchanged.
import { cadenceStatus } from "../derived/cadence.ts";
import { expansionEstimateOf } from "../derived/portfolio.ts";
import { priorityLevel, priorityScore } from "../derived/priority.ts";
import { renewalUrgency } from "../derived/renewal.ts";
import type { Band } from "../scoring/bands.ts";
import type { Settings } from "../scoring/settings.ts";

/** A customer as the export reads it (numbers as numbers, dates as YYYY-MM-DD text). */
export type ExportRow = {
  id: string; name: string; manager: string | null; tier: "smb" | "mid" | "enterprise" | null; lifecycle: string;
  status: Band | null; score: number | null; previous_score: number | null; score_manual: boolean; missing_signals: string[];
  mrr: number | null; arr: number | null; renewal_date: string | null; next_touch: string | null; since: string | null;
  logins: number | null; adoption: number | null; tickets: number | null; nps: number | null; nps_category: string | null;
  csat: number | null; days: number | null; growth: string | null; sentiment: string | null; note: string | null;
  tags: string[]; scoring_profile: string | null; scored_at: string | null; updated_at: string;
};

export type Cell = string | number | boolean | null | undefined;
type Column = [header: string, value: (r: ExportRow, ctx: { settings: Settings; now: Date }) => Cell];

const rounded = (n: number | null) => (n === null ? null : Math.round(n));
const money = (n: number) => Math.round(n * 100) / 100;
const atRisk = (r: ExportRow) => r.lifecycle !== "churned" && (r.status === "critical" || r.status === "atrisk");
const priorityOf = (r: ExportRow, now: Date) => priorityScore({ health: r.score, renewalDate: r.renewal_date, now });

/** The analysis export: 35 columns, the calculated ones by the same rules as every dashboard figure. */
export const listColumns: Column[] = [
  ["id", (r) => r.id], ["name", (r) => r.name], ["manager", (r) => r.manager], ["tier", (r) => r.tier],
  ["lifecycle", (r) => r.lifecycle], ["status", (r) => r.status], ["score", (r) => rounded(r.score)],
  ["previous_score", (r) => rounded(r.previous_score)],
  ["priority_score", (r, { now }) => priorityOf(r, now)],
  ["priority_level", (r, { now }) => priorityLevel(priorityOf(r, now))],
  ["mrr", (r) => r.mrr], ["arr", (r) => r.arr],
  ["revenue_at_risk", (r) => (atRisk(r) ? r.mrr ?? 0 : 0)],
  ["expansion_estimate", (r, { settings }) =>
    r.status === "expansion" && r.lifecycle !== "churned" ? money(expansionEstimateOf(r.mrr ?? 0, settings)) : 0],
  ["renewal_date", (r) => r.renewal_date],
  ["days_until_renewal", (r, { settings, now }) => renewalUrgency(r.renewal_date, now, settings.renewalWindows).days],
  ["renewal_urgency", (r, { settings, now }) => renewalUrgency(r.renewal_date, now, settings.renewalWindows).level],
  ["days_since_contact", (r) => r.days],
  ["cadence_status", (r, { settings }) => cadenceStatus(r.tier, r.days, settings.cadence)],
  ["next_touch", (r) => r.next_touch], ["customer_since", (r) => r.since],
  ["logins_30d", (r) => r.logins], ["feature_adoption_pct", (r) => r.adoption], ["open_tickets", (r) => r.tickets],
  ["nps", (r) => r.nps], ["nps_category", (r) => r.nps_category], ["csat", (r) => r.csat], ["growth_signal", (r) => r.growth],
  ["sentiment", (r) => r.sentiment], ["tags", (r) => r.tags.join("|")], ["scoring_profile", (r) => r.scoring_profile],
  ["score_manual", (r) => r.score_manual], ["missing_signals", (r) => r.missing_signals.join("|")],
  ["scored_at", (r) => r.scored_at], ["updated_at", (r) => r.updated_at],
];

/**
 * The bulksheet: the id and every editable field, named as import_customers
 * reads them, each cell as the import cleans it back to the stored value.
 * A manual score is written only where it is one (a blank keeps the
 * computed score); NPS as its number when there is one, else its category.
 */
export const bulksheetColumns: Column[] = [
  ["id", (r) => r.id], ["name", (r) => r.name], ["manager", (r) => r.manager], ["tier", (r) => r.tier],
  ["lifecycle", (r) => r.lifecycle], ["mrr", (r) => r.mrr], ["arr", (r) => r.arr], ["renewal_date", (r) => r.renewal_date],
  ["next_touch", (r) => r.next_touch], ["since", (r) => r.since], ["logins", (r) => r.logins], ["adoption", (r) => r.adoption],
  ["tickets", (r) => r.tickets], ["nps", (r) => r.nps ?? r.nps_category], ["csat", (r) => r.csat], ["days", (r) => r.days],
  ["growth", (r) => r.growth], ["tags", (r) => r.tags.join("|")], ["sentiment", (r) => r.sentiment],
  ["scoring_profile", (r) => r.scoring_profile], ["score", (r) => (r.score_manual ? r.score : null)], ["note", (r) => r.note],
];

export const exportKinds = { list: listColumns, bulksheet: bulksheetColumns } as const;
export type ExportKind = keyof typeof exportKinds;

/** One CSV cell: quoted when it holds a quote, a separator, a line break or edge spaces. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: readonly Cell[]) => cells.map(csvCell).join(",") + "\r\n";

/** The header line and a function writing each row's line, for one export kind. */
export function csvWriter(kind: ExportKind, settings: Settings, now: Date) {
  const columns = exportKinds[kind];
  return {
    header: csvLine(columns.map(([h]) => h)),
    line: (r: ExportRow) => csvLine(columns.map(([, value]) => value(r, { settings, now }))),
  };
}

/** A timestamped file name: pulseboard-<client>-customers-2026-12-02T1504Z.csv. */
export function exportFileName(clientName: string, what: string, now: Date, ext: string): string {
  const slug = clientName.normalize("NFKD").replace(/[^\w\s-]/g, "").trim().toLowerCase().replace(/[\s_-]+/g, "-") || "client";
  const stamp = now.toISOString().slice(0, 16).replace(":", "");
  return `pulseboard-${slug}-${what}-${stamp}Z.${ext}`;
}
