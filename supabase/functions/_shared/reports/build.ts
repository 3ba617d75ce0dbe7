// The ten reports of SPEC §10 as documents (shared/reports/document.ts), from
// the same figures the dashboard's pages answer: where a page exists its
// action's run is called (Trends, Segments, CSM Performance, Home Base), so a
// report never disagrees with the screen it summarises.
import { type Band, bandLabels, bandNames, effectiveSettings, scoreSignals } from "@shared/index.ts";
import { calibrationVerdict, churnProbability, ratesOf, type BandOutcome } from "@shared/reports/churn.ts";
import { type ReportDocument, type Section, table } from "@shared/reports/document.ts";
import { type ReportName, reportTitles } from "@shared/reports/inputs.ts";
import {
  accountColumns, accountRow, ask, band, liveAccounts, money, pct, type ReportContext, score, signed, trendLine,
} from "./parts.ts";
import { HttpError } from "../http.ts";
import { loadScoringConfig, signalsOf, type StoredSignals } from "../rescore.ts";
import { analyticsActions } from "../../api-inbound/actions/analytics.ts";
import { homeBaseActions } from "../../api-inbound/actions/home-base.ts";
import { performanceActions } from "../../api-inbound/actions/performance.ts";
import type { HomeBase } from "@shared/home/answers.ts";
import type { Performance, ScoreChange, Segments, Trends } from "@shared/analytics/answers.ts";

async function portfolioSummary(ctx: ReportContext): Promise<Section[]> {
  const home = await ask<HomeBase>(ctx, homeBaseActions.home_base);
  const trends = await ask<Trends>(ctx, analyticsActions.get_trends, { range: "90d" });
  return [
    { kind: "figures", title: "Key figures", items: [
      { label: "Accounts", value: String(home.accounts) }, { label: "Average health", value: score(home.average_score) },
      { label: "Total MRR", value: money(home.total_mrr) }, { label: "Revenue at risk", value: money(home.revenue_at_risk.mrr) },
      { label: "Critical or At Risk", value: String(home.revenue_at_risk.count) },
      { label: "Renewing in 30 days", value: `${home.upcoming_renewals.count} · ${money(home.upcoming_renewals.mrr)}` },
      { label: "Expansion estimate", value: money(home.expansion.estimate) }, { label: "Healthy or better", value: pct(home.healthy_percent) },
    ] },
    { kind: "bars", title: "Status distribution", bars: bandNames.map((b) => ({
      label: bandLabels[b], value: home.bands[b].count, text: `${home.bands[b].count} · ${money(home.bands[b].mrr)}`, band: b })) },
    table("Tier breakdown", [["tier", "Tier"], ["accounts", "Accounts", true], ["average", "Avg score", true], ["mrr", "MRR", true], ["at_risk", "At risk", true]],
      home.tiers.map((t) => ({ tier: t.tier ?? "No tier", accounts: t.count, average: score(t.average_score), mrr: money(t.mrr), at_risk: t.at_risk })), "No accounts yet."),
    trendLine("Average health, last 90 days", trends),
  ];
}

async function atRisk(ctx: ReportContext): Promise<Section[]> {
  const rows = await liveAccounts(ctx, ctx.tx`and c.score < 50`);
  return [
    { kind: "figures", title: "At risk", items: [
      { label: "Accounts below 50", value: String(rows.length) }, { label: "Their MRR", value: money(rows.reduce((n, r) => n + (r.mrr ?? 0), 0)) },
      { label: "Critical", value: String(rows.filter((r) => r.status === "critical").length) },
      { label: "Renewing in 60 days", value: String(rows.filter((r) => r.renewal_days !== null && r.renewal_days >= 0 && r.renewal_days <= 60).length) },
    ] },
    table("Accounts scoring below 50, most urgent first", accountColumns, rows.map(accountRow), "No account scores below 50.", (r) =>
      rows.find((x) => x.name === r.name)?.status ?? null),
  ];
}

async function renewalForecast(ctx: ReportContext): Promise<Section[]> {
  const months = await ctx.tx<{ month: string; n: number; mrr: number; at_risk: number; at_risk_mrr: number }[]>`
    select to_char(m, 'YYYY-MM') as month, count(c.id)::int as n, coalesce(sum(c.mrr), 0)::float8 as mrr,
           count(c.id) filter (where c.status in ('critical', 'atrisk'))::int as at_risk,
           coalesce(sum(c.mrr) filter (where c.status in ('critical', 'atrisk')), 0)::float8 as at_risk_mrr
    from generate_series(date_trunc('month', private.utc_today()), date_trunc('month', private.utc_today()) + interval '11 months', interval '1 month') m
    left join public.customers c on c.client_id = ${ctx.clientId} and c.deleted_at is null and c.lifecycle <> 'churned'
      and c.renewal_date >= m::date and c.renewal_date < (m + interval '1 month')::date and c.renewal_date >= private.utc_today()
    group by m order by m`;
  const upcoming = await liveAccounts(ctx, ctx.tx`and c.renewal_date between private.utc_today() and private.utc_today() + 90`);
  upcoming.sort((a, b) => (a.renewal_days ?? 0) - (b.renewal_days ?? 0) || a.name.localeCompare(b.name));
  return [
    { kind: "bars", title: "Renewing MRR by month (next 12 months)", bars: months.map((m) => ({
      label: m.month, value: m.mrr, text: `${money(m.mrr)} · ${m.n}`, band: m.at_risk > 0 ? "atrisk" : null })) },
    table("Renewals by month", [["month", "Month"], ["n", "Renewals", true], ["mrr", "MRR", true], ["at_risk", "At risk", true], ["at_risk_mrr", "MRR at risk", true]],
      months.map((m) => ({ month: m.month, n: m.n, mrr: money(m.mrr), at_risk: m.at_risk, at_risk_mrr: money(m.at_risk_mrr) })), "No renewals ahead."),
    table("Renewing in the next 90 days, with risk flags", accountColumns, upcoming.map(accountRow), "Nothing renews in the next 90 days.",
      (r) => upcoming.find((x) => x.name === r.name)?.status ?? null),
  ];
}

async function csmPerformance(ctx: ReportContext): Promise<Section[]> {
  const p = await ask<Performance>(ctx, performanceActions.get_performance);
  return [
    table("Managers by average health", [["manager", "Manager"], ["accounts", "Accounts", true], ["average", "Avg health", true], ["mrr", "MRR", true],
      ["at_risk", "At risk", true], ["overdue", "Overdue contacts", true], ["week", "7-day change", true]],
      p.managers.map((m) => ({ manager: m.manager || "Unassigned", accounts: m.accounts, average: score(m.average_score), mrr: money(m.mrr),
        at_risk: pct(m.at_risk_percent), overdue: m.overdue, week: signed(m.week_change) })), "No accounts yet."),
    { kind: "bars", title: "Average health by manager", bars: p.managers.map((m) => ({
      label: m.manager || "Unassigned", value: m.average_score ?? 0, text: score(m.average_score), band: null })) },
    { kind: "text", title: "Focus areas", lines: p.focus },
    { kind: "text", title: "Portfolio movement (7 days)", lines: [`${p.movement.up} accounts moved up a band, ${p.movement.down} moved down.`,
      ...p.movement.moves.slice(0, 10).map((m) => `${m.name}: ${bandLabels[m.from]} -> ${bandLabels[m.to]}`)] },
  ];
}

const segmentTable = (title: string, s: Segments) =>
  table(title, [["segment", "Segment"], ["count", "Accounts", true], ["average", "Avg score", true], ["mrr", "MRR", true], ["at_risk", "At risk", true],
    ["trend", "90-day trend", true], ["renewals", "Renewals (90d)", true]],
    s.segments.map((g) => ({ segment: g.segment || "None", count: g.count, average: score(g.average_score), mrr: money(g.mrr),
      at_risk: pct(g.at_risk_percent), trend: signed(g.trend), renewals: g.renewals })), "No accounts yet.");

async function segmentAnalysis(ctx: ReportContext): Promise<Section[]> {
  const tiers = await ask<Segments>(ctx, analyticsActions.get_segments, { by: "tier" });
  const stages = await ask<Segments>(ctx, analyticsActions.get_segments, { by: "lifecycle" });
  return [segmentTable("By tier", tiers), segmentTable("By lifecycle stage", stages),
    { kind: "text", title: "Analysis", lines: [...tiers.insights, ...stages.insights] }];
}

async function trend90d(ctx: ReportContext): Promise<Section[]> {
  const t = await ask<Trends>(ctx, analyticsActions.get_trends, { range: "90d" });
  const { changes } = await ask<{ changes: ScoreChange[] }>(ctx, analyticsActions.list_score_changes, { range: "90d", limit: 30 });
  return [
    trendLine("Average health, last 90 days", t),
    { kind: "text", title: "Movement analysis", lines: t.insights },
    table("Biggest score changes in 90 days", [["name", "Customer"], ["band", "Band"], ["score", "Score", true], ["delta", "Change", true],
      ["mrr", "MRR", true], ["manager", "Manager"]],
      changes.map((c) => ({ name: c.name, band: band(c.status), score: score(c.score), delta: signed(c.delta), mrr: money(c.mrr), manager: c.manager ?? "–" })),
      "No score moved in 90 days.", (r) => changes.find((c) => c.name === r.name)?.status ?? null),
  ];
}

/** Per band, how the accounts in it 90 days ago ended up: churned since, renewed (Won) or still open. */
export async function bandOutcomes(ctx: ReportContext, horizonDays = 90): Promise<BandOutcome[]> {
  const rows = await ctx.tx<BandOutcome[]>`
    select h.status as band, count(*)::int as observed,
           count(*) filter (where c.lifecycle = 'churned')::int as churned, count(*) filter (where c.lifecycle = 'won')::int as renewed
    from public.customers c
    cross join lateral (select h.status from public.score_history h
                        where h.customer_id = c.id and h.created_at < private.utc_midnight(private.utc_today() - ${horizonDays}::int + 1)
                        order by h.created_at desc, h.id desc limit 1) h
    where c.client_id = ${ctx.clientId} and c.deleted_at is null and h.status is not null
    group by h.status`;
  return bandNames.map((b) => rows.find((r) => r.band === b) ?? { band: b, observed: 0, churned: 0, renewed: 0 });
}

async function churnRisk(ctx: ReportContext): Promise<Section[]> {
  const outcomes = await bandOutcomes(ctx);
  const config = await loadScoringConfig(ctx.tx, ctx.clientId);
  const rows = await ctx.tx<(StoredSignals & { id: string; name: string; manager: string | null; mrr: number | null; score: number | null; status: Band | null;
    renewal_days: number | null; sentiment: string | null; scoring_profile_id: string | null })[]>`
    select id, name, manager, mrr::float8 as mrr, score::float8 as score, status, renewal_date - private.utc_today() as renewal_days, sentiment,
           scoring_profile_id, logins, adoption::float8 as adoption, tickets, nps::float8 as nps, nps_category, csat::float8 as csat,
           days_since_contact, contact_baseline_at, growth
    from public.customers where client_id = ${ctx.clientId} and deleted_at is null and lifecycle <> 'churned' and status is not null`;
  const now = new Date();
  const scored = rows.map((r) => {
    const settings = effectiveSettings(config.settings, r.scoring_profile_id ? config.profiles.get(r.scoring_profile_id) : undefined);
    const weakest = scoreSignals(signalsOf(r, now), settings, { bestImprovement: false }).explanation
      .filter((e) => e.mapped !== null && e.mapped < 50 && e.weight > 0).sort((a, b) => a.mapped! - b.mapped!).slice(0, 3)
      .map((e) => `${e.signal} ${e.raw} (${Math.round(e.mapped!)}/100)`);
    const factors = [...weakest, ...(r.renewal_days !== null && r.renewal_days >= 0 && r.renewal_days <= 60 ? [`renews in ${r.renewal_days}d`] : []),
      ...(r.sentiment === "negative" ? ["negative sentiment"] : [])];
    return { ...r, probability: churnProbability(r.status!, outcomes), factors: factors.join("; ") || "no weak signal" };
  }).sort((a, b) => b.probability - a.probability || (b.mrr ?? 0) - (a.mrr ?? 0) || a.name.localeCompare(b.name));
  const expected = scored.reduce((n, r) => n + r.probability * (r.mrr ?? 0), 0);
  return [
    { kind: "figures", title: "Churn outlook", items: [
      { label: "Accounts", value: String(scored.length) }, { label: "Expected churned MRR", value: money(expected) },
      { label: "Above 25% risk", value: String(scored.filter((r) => r.probability > 0.25).length) },
      { label: "Average probability", value: pct(scored.length ? (scored.reduce((n, r) => n + r.probability, 0) / scored.length) * 100 : null) },
    ] },
    table("Accounts by churn probability", [["name", "Customer"], ["band", "Band"], ["score", "Score", true], ["probability", "Churn probability", true],
      ["mrr", "MRR", true], ["factors", "Contributing factors"]],
      scored.slice(0, 200).map((r) => ({ name: r.name, band: band(r.status), score: score(r.score), probability: pct(r.probability * 100), mrr: money(r.mrr), factors: r.factors })),
      "No scored account.", (row) => scored.find((r) => r.name === row.name)?.status ?? null),
    table("Calibration: what happened to the accounts of each band 90 days ago", [["band", "Band"], ["observed", "Accounts then", true],
      ["churned", "Churned since", true], ["churn", "Churn rate", true], ["renewed", "Renewed (won)", true], ["renewal", "Renewal rate", true],
      ["probability", "Probability used", true]],
      outcomes.map((o) => {
        const r = ratesOf(o);
        return { band: bandLabels[o.band], observed: o.observed, churned: o.churned, churn: pct(r.churn === null ? null : r.churn * 100),
          renewed: o.renewed, renewal: pct(r.renewal === null ? null : r.renewal * 100), probability: pct(churnProbability(o.band, outcomes) * 100) };
      }), "No history 90 days back yet.", (row) => bandNames.find((b) => bandLabels[b] === row.band) ?? null),
    { kind: "text", title: "Reading the calibration", lines: [calibrationVerdict(outcomes),
      "Probability: the churn rate measured for the account's band on this client's own history, blended with a cautious prior worth 10 accounts while the history is thin."] },
  ];
}

async function oneCustomer(ctx: ReportContext) {
  const [c] = await ctx.tx<(StoredSignals & { id: string; name: string; manager: string | null; tier: string | null; mrr: number | null; arr: number | null;
    score: number | null; status: Band | null; renewal_date: string | null; lifecycle: string; scoring_profile_id: string | null; score_manual: boolean })[]>`
    select id, name, manager, tier, mrr::float8 as mrr, arr::float8 as arr, score::float8 as score, status, renewal_date::text as renewal_date, lifecycle,
           scoring_profile_id, score_manual, logins, adoption::float8 as adoption, tickets, nps::float8 as nps, nps_category, csat::float8 as csat,
           days_since_contact, contact_baseline_at, growth
    from public.customers where client_id = ${ctx.clientId} and id = ${ctx.customerId!} and deleted_at is null`;
  if (!c) throw new HttpError(404, "not_found", "no such customer", "customer_id");
  return c;
}

async function customerHealth(ctx: ReportContext): Promise<Section[]> {
  const c = await oneCustomer(ctx);
  const config = await loadScoringConfig(ctx.tx, ctx.clientId);
  const settings = effectiveSettings(config.settings, c.scoring_profile_id ? config.profiles.get(c.scoring_profile_id) : undefined);
  const result = scoreSignals(signalsOf(c, new Date()), settings, { manualScore: c.score_manual ? c.score : null });
  const history = await historySections(ctx, c.id, 90);
  return [
    { kind: "figures", title: c.name, items: [
      { label: "Health score", value: `${score(c.score)} · ${band(c.status)}` }, { label: "MRR", value: money(c.mrr) }, { label: "ARR", value: money(c.arr) },
      { label: "Renewal", value: c.renewal_date ?? "–" }, { label: "Manager", value: c.manager ?? "–" }, { label: "Tier", value: c.tier ?? "–" },
      { label: "Lifecycle", value: c.lifecycle }, { label: "Scoring", value: c.score_manual ? "manual score" : "computed" },
    ] },
    table("Signals", [["signal", "Signal"], ["raw", "Reported"], ["mapped", "Mapped (0-100)", true], ["weight", "Weight %", true], ["contribution", "Points", true]],
      result.explanation.map((e) => ({ signal: e.signal, raw: e.raw === null ? "missing" : String(e.raw), mapped: score(e.mapped),
        weight: Math.round(e.effectiveWeight), contribution: Math.round(e.contribution * 10) / 10 })), "No signals."),
    { kind: "text", title: "Best next step", lines: [result.bestImprovement
      ? `Raising ${result.bestImprovement.signal} to ${result.bestImprovement.to} would add about ${Math.round(result.bestImprovement.gain)} points.`
      : "Every signal is at its best."] },
    ...history,
  ];
}

/** A customer's score line and entries over the last `days`. */
async function historySections(ctx: ReportContext, customerId: string, days: number): Promise<Section[]> {
  const entries = await ctx.tx<{ at: string; day: string; score: number | null; status: Band | null; reason: string; config_version: number | null }[]>`
    select to_char(created_at at time zone 'utc', 'YYYY-MM-DD HH24:MI') as at, (created_at at time zone 'utc')::date::text as day,
           score::float8 as score, status, reason, config_version
    from public.score_history where customer_id = ${customerId} and created_at >= private.utc_midnight(private.utc_today() - ${days}::int)
    order by created_at, id`;
  const byDay = new Map(entries.map((e) => [e.day, e.score]));
  const points = [...byDay.entries()].map(([day, value]) => ({ day, value }));
  return [
    { kind: "line", title: `Score, last ${days} days`, points, markers: [] },
    table(`Score changes, last ${days} days`, [["at", "When (UTC)"], ["band", "Band"], ["score", "Score", true], ["reason", "Reason"], ["version", "Settings", true]],
      entries.slice().reverse().map((e) => ({ at: e.at, band: band(e.status), score: score(e.score), reason: e.reason, version: e.config_version })),
      "No score change in this period.", (r) => bandNames.find((b) => bandLabels[b] === r.band) ?? null),
  ];
}

async function scoreHistory(ctx: ReportContext): Promise<Section[]> {
  if (ctx.customerId) {
    const c = await oneCustomer(ctx);
    return [{ kind: "text", title: c.name, lines: [`Every change of ${c.name}'s score in the last 365 days, newest first.`] },
      ...(await historySections(ctx, c.id, 365))];
  }
  const t = await ask<Trends>(ctx, analyticsActions.get_trends, { range: "1y" });
  const rows = await ctx.tx<{ at: string; name: string; score: number | null; status: Band | null; reason: string }[]>`
    select to_char(h.created_at at time zone 'utc', 'YYYY-MM-DD HH24:MI') as at, c.name, h.score::float8 as score, h.status, h.reason
    from public.score_history h join public.customers c on c.id = h.customer_id
    where h.client_id = ${ctx.clientId} and c.deleted_at is null
    order by h.created_at desc, h.id desc limit 200`;
  return [trendLine("Average health, last year", t),
    table("Latest 200 score changes", [["at", "When (UTC)"], ["name", "Customer"], ["band", "Band"], ["score", "Score", true], ["reason", "Reason"]],
      rows.map((r) => ({ at: r.at, name: r.name, band: band(r.status), score: score(r.score), reason: r.reason })), "No history yet.", (r) =>
        bandNames.find((b) => bandLabels[b] === r.band) ?? null)];
}

async function weeklyDigest(ctx: ReportContext): Promise<Section[]> {
  const home = await ask<HomeBase>(ctx, homeBaseActions.home_base);
  const t = await ask<Trends>(ctx, analyticsActions.get_trends, { range: "7d" });
  const movers = (title: string, list: HomeBase["most_improved"]) =>
    table(title, [["name", "Customer"], ["band", "Band"], ["score", "Score", true], ["change", "7-day change", true], ["mrr", "MRR", true]],
      list.map((a) => ({ name: a.name, band: band(a.status), score: score(a.score), change: signed(a.week_change), mrr: money(a.mrr) })), "None this week.",
      (r) => list.find((a) => a.name === r.name)?.status ?? null);
  return [
    { kind: "figures", title: "This week", items: [
      { label: "Average health", value: score(home.average_score) }, { label: "Improving", value: String(home.improving) },
      { label: "Declining", value: String(home.declining) }, { label: "Revenue at risk", value: money(home.revenue_at_risk.mrr) },
    ] },
    { kind: "text", title: "Summary", lines: t.insights },
    movers("Biggest drops", home.biggest_drops), movers("Most improved", home.most_improved),
    table("Priority accounts", [["name", "Customer"], ["band", "Band"], ["score", "Score", true], ["renewal", "Days to renewal", true], ["priority", "Priority", true]],
      home.priority.map((a) => ({ name: a.name, band: band(a.status), score: score(a.score), renewal: a.renewal_days, priority: `${a.priority} ${a.priority_level}` })),
      "Nothing urgent.", (r) => home.priority.find((a) => a.name === r.name)?.status ?? null),
  ];
}

const builders: Record<ReportName, (ctx: ReportContext) => Promise<Section[]>> = {
  portfolio_summary: portfolioSummary, at_risk: atRisk, renewal_forecast: renewalForecast, csm_performance: csmPerformance,
  segment_analysis: segmentAnalysis, trend_90d: trend90d, churn_risk: churnRisk, customer_health: customerHealth,
  score_history: scoreHistory, weekly_digest: weeklyDigest,
};

/** One report of the client as a document, headed with its agency and client. */
export async function buildReport(ctx: ReportContext, report: ReportName): Promise<ReportDocument> {
  const [head] = await ctx.tx<{ agency: string; client: string; day: string }[]>`
    select a.name as agency, cl.name as client, private.utc_today()::text as day
    from public.clients cl join public.agencies a on a.id = cl.agency_id where cl.id = ${ctx.clientId}`;
  const sections = await builders[report](ctx);
  return { report, title: reportTitles[report], agency: head.agency, client: head.client, day: head.day, generated_at: new Date().toISOString(), sections };
}
