// What the reports share: how figures are written, running a page's action
// as the report's caller, and the client's live accounts as the account
// tables show them.
import { type Band, bandLabels, priorityLevel } from "@shared/index.ts";
import type { Section } from "@shared/reports/document.ts";
import type { Trends } from "@shared/analytics/answers.ts";
import type { Caller } from "../caller.ts";
import type { Tx } from "../db.ts";

export type ReportContext = { tx: Tx; caller: Caller; clientId: string; customerId?: string };

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
export const money = (n: number | null) => (n === null ? "–" : usd.format(n));
export const score = (n: number | null) => (n === null ? "–" : String(Math.round(n)));
export const pct = (n: number | null) => (n === null ? "–" : `${Math.round(n)}%`);
export const signed = (n: number | null) => (n === null ? "–" : `${n > 0 ? "+" : n < 0 ? "-" : ""}${Math.abs(Math.round(n * 10) / 10)}`);
export const band = (b: Band | null) => (b ? bandLabels[b] : "–");

/** Runs a page's action as the report's caller (same transaction, so the same RLS). */
// deno-lint-ignore no-explicit-any
export const ask = <T>(ctx: ReportContext, action: { run: (c: any) => Promise<unknown>; input: { parse: (v: unknown) => unknown } }, input: Record<string, unknown> = {}) =>
  action.run({ tx: ctx.tx, caller: ctx.caller, clientId: ctx.clientId, input: action.input.parse(input) }) as Promise<T>;

export type Live = { id: string; name: string; manager: string | null; tier: string | null; mrr: number | null; score: number | null;
  status: Band | null; renewal_date: string | null; renewal_days: number | null; priority: number; lifecycle: string };

/** The client's live accounts with what the account tables show, most urgent first. */
export async function liveAccounts(ctx: ReportContext, where = ctx.tx``): Promise<Live[]> {
  return await ctx.tx<Live[]>`
    select c.id, c.name, c.manager, c.tier, c.mrr::float8 as mrr, c.score::float8 as score, c.status, c.renewal_date::text as renewal_date,
           c.renewal_date - private.utc_today() as renewal_days, c.lifecycle,
           private.priority_score(c.score, c.renewal_date, private.utc_today()) as priority
    from public.customers c
    where c.client_id = ${ctx.clientId} and c.deleted_at is null and c.lifecycle <> 'churned' ${where}
    order by priority desc, c.score nulls last, lower(c.name), c.id`;
}

export const accountRow = (a: Live) => ({
  name: a.name, manager: a.manager ?? "–", band: band(a.status), score: score(a.score), mrr: money(a.mrr),
  renewal: a.renewal_date ?? "–", days: a.renewal_days, priority: `${a.priority} ${priorityLevel(a.priority)}`,
});
export const accountColumns: [keyof ReturnType<typeof accountRow> & string, string, boolean?][] = [
  ["name", "Customer"], ["manager", "Manager"], ["band", "Band"], ["score", "Score", true], ["mrr", "MRR", true],
  ["renewal", "Renewal"], ["days", "Days to renewal", true], ["priority", "Priority", true],
];

export const trendLine = (title: string, t: Trends): Section => ({
  kind: "line", title, points: t.series.map(({ day, value }) => ({ day, value })),
  markers: t.markers.map((m) => ({ day: m.day, label: `Settings v${m.version}` })),
});
