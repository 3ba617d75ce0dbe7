// Trends and Segments (SPEC §7): portfolio lines read from the daily rollups
// (past days) and the customers themselves (today), never raw history but
// for the few customers drawn as overlays; insights written by the shared
// rules (shared/analytics/insights.ts).
import { scoreChangesAnswer, segmentAccountsAnswer, segmentsAnswer, trendsAnswer } from "@shared/analytics/answers.ts";
import {
  scoreChangesInput, segmentAccountsInput, segmentsInput, trendsInput, type SegmentDimension, type TrendMetric,
} from "@shared/analytics/inputs.ts";
import { segmentInsights, trendInsights, type SeriesPoint } from "@shared/analytics/insights.ts";
import {
  addDays, type CustomerSnapshot, metricOf, rangeStart, rollupColumns, type RollupDay, snapshotDay,
} from "@shared/analytics/rollups.ts";
import { npsCategoryOf, priorityLevel } from "@shared/index.ts";
import type { Tx } from "../../_shared/db.ts";
import { clientAction, readers } from "../../_shared/registry.ts";

type Dimension = SegmentDimension | "all";

/** The UTC day the figures are of, and the last day the rollups reach. */
export async function analyticsDay(tx: Tx, clientId: string): Promise<{ today: string; builtThrough: string | null }> {
  const [row] = await tx`
    select private.utc_today()::text as today,
           (select built_through::text from public.daily_rollup_state where client_id = ${clientId}) as built_through`;
  return { today: row.today, builtThrough: row.built_through };
}

/**
 * Each segment's days from `from` to today of one dimension (every segment,
 * or only `segment`): the stored rollups, then today from the customers.
 */
export async function rollupDays(tx: Tx, clientId: string, dimension: Dimension, from: string, segment?: string) {
  const only = segment === undefined ? tx`` : tx`and segment = ${segment}`;
  const rows = await tx<(RollupDay & { segment: string })[]>`
    select segment, day::text as day, ${tx(rollupColumns as unknown as string[])} from public.daily_rollups
    where client_id = ${clientId} and dimension = ${dimension} ${only} and day >= ${from} and day < private.utc_today()
    union all
    select segment, day::text, ${tx(rollupColumns as unknown as string[])} from private.rollup_today(${clientId}, ${dimension})
    where true ${only}
    order by segment, day`;
  const bySegment = new Map<string, RollupDay[]>();
  for (const row of rows) {
    const list = bySegment.get(row.segment) ?? [];
    list.push(row);
    bySegment.set(row.segment, list);
  }
  return bySegment;
}

/** Every day from `from` to `today`, each with the metric's value (null on a day without figures). */
export function seriesOf(days: RollupDay[] | undefined, from: string, today: string, metric: TrendMetric): SeriesPoint[] {
  const byDay = new Map((days ?? []).map((d) => [d.day, d]));
  const out: SeriesPoint[] = [];
  for (let day = from; day <= today; day = addDays(day, 1)) {
    const d = byDay.get(day);
    out.push({ day, value: d ? metricOf(d, metric) : null });
  }
  return out;
}

/** A few customers' lines: each day's last history entry (its signal snapshot), today the customer itself. */
async function customerLines(tx: Tx, clientId: string, ids: string[], from: string, today: string, metric: TrendMetric) {
  if (ids.length === 0) return [];
  const rows = await tx<{ id: string; name: string; mrr: number | null; arr: number | null; day: string; entry: (CustomerSnapshot & { nps: number | null }) | null }[]>`
    select c.id, c.name, c.mrr::float8 as mrr, c.arr::float8 as arr, d::date::text as day,
           (select jsonb_build_object('score', h.score, 'status', h.status, 'logins', h.signals -> 'logins',
                     'adoption', h.signals -> 'adoption', 'tickets', h.signals -> 'tickets', 'csat', h.signals -> 'csat',
                     'days', h.signals -> 'days', 'nps', h.signals -> 'nps', 'nps_category', h.signals -> 'nps_category')
            from public.score_history h where h.customer_id = c.id and h.created_at < private.utc_midnight(d::date + 1)
            order by h.created_at desc, h.id desc limit 1) as entry
    from public.customers c
    cross join generate_series(${from}::date, ${today}::date, interval '1 day') d
    where c.client_id = ${clientId} and c.id = any (${ids}::uuid[]) and c.deleted_at is null
    order by lower(c.name), c.id, d`;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  const lines = new Map<string, { id: string; name: string; points: SeriesPoint[] }>();
  for (const r of rows) {
    const line = lines.get(r.id) ?? { id: r.id, name: r.name, points: [] };
    const e = r.entry;
    const nps = num(e?.nps);
    const snapshot: CustomerSnapshot | null = e && {
      score: num(e.score), status: e.status, logins: num(e.logins), adoption: num(e.adoption), tickets: num(e.tickets),
      csat: num(e.csat), days: num(e.days), mrr: r.mrr, arr: r.arr,
      nps_category: typeof e.nps_category === "string" ? e.nps_category : nps === null ? null : npsCategoryOf(nps),
    };
    line.points.push({ day: r.day, value: snapshot ? metricOf(snapshotDay(r.day, snapshot), metric) : null });
    lines.set(r.id, line);
  }
  return [...lines.values()];
}

/**
 * The managers a CSM overlay can show: those of the last rolled-up day (one
 * index range, where reading them off the customers would be a second pass
 * over every account), or of the customers while nothing is rolled up yet.
 */
async function managersOf(tx: Tx, clientId: string, builtThrough: string | null): Promise<string[]> {
  const rows = builtThrough === null
    ? await tx<{ segment: string }[]>`select segment from private.rollup_today(${clientId}, 'manager')`
    : await tx<{ segment: string }[]>`select segment from public.daily_rollups
        where client_id = ${clientId} and dimension = 'manager' and day = ${builtThrough}`;
  return rows.map((r) => r.segment).filter((m) => m !== "").sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

/** Settings versions after the client's first, dated in the range: where a line may move for the configuration's sake. */
export async function configMarkers(tx: Tx, clientId: string, from: string) {
  return await tx<{ day: string; at: string; version: number }[]>`
    select (h.created_at at time zone 'utc')::date::text as day,
           to_char(h.created_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, h.version
    from public.config_history h
    where h.client_id = ${clientId} and h.created_at >= private.utc_midnight(${from}::date)
      and h.version > (select min(f.version) from public.config_history f where f.client_id = ${clientId})
    order by h.created_at, h.version`;
}

export const analyticsActions = {
  get_trends: clientAction({
    summary: "Trends: a metric of the portfolio a day over a range, with a second metric, a CSM and customer overlays, config-change markers and insights",
    access: "user", write: false, roles: readers,
    input: trendsInput, answer: trendsAnswer,
    async run({ tx, clientId, input }) {
      const { today, builtThrough } = await analyticsDay(tx, clientId);
      const from = rangeStart(input.range, today);
      const [portfolio, managerDays, customers, markers, managers] = await Promise.all([
        rollupDays(tx, clientId, "all", from, ""),
        input.manager ? rollupDays(tx, clientId, "manager", from, input.manager) : null,
        customerLines(tx, clientId, input.customers, from, today, input.metric),
        configMarkers(tx, clientId, from),
        managersOf(tx, clientId, builtThrough),
      ]);
      const days = portfolio.get("");
      const primary = seriesOf(days, from, today, input.metric);
      const second = input.secondary ? seriesOf(days, from, today, input.secondary) : null;
      const manager = input.manager
        ? { name: input.manager, points: seriesOf(managerDays?.get(input.manager), from, today, input.metric) }
        : null;
      return {
        today, from, built_through: builtThrough, metric: input.metric, secondary: input.secondary ?? null,
        series: primary.map((p, i) => ({ ...p, secondary: second?.[i].value ?? null })),
        manager, customers, markers, managers,
        insights: [
          ...trendInsights(input.metric, primary, manager ?? undefined),
          ...markers.map((m) => `The scoring settings changed on ${m.day} (version ${m.version}): part of any move after it is the new configuration, not the customers.`),
        ],
      };
    },
  }),

  list_score_changes: clientAction({
    summary: "The score-change table of Trends: live accounts whose score moved most since the day before the range began",
    access: "user", write: false, roles: readers,
    input: scoreChangesInput, answer: scoreChangesAnswer,
    async run({ tx, clientId, input }) {
      const { today } = await analyticsDay(tx, clientId);
      const from = rangeStart(input.range, today);
      const changes = await tx`
        select * from (
          -- The base from the nightly range bases; history is probed only where it is missing or of another day.
          select c.id, c.name, c.score::float8 as score,
                 (c.score - case when rb.customer_id is not null then rb.score
                                 else private.score_at_end_of(c.id, ${from}::date - 1) end)::float8 as delta,
                 c.status, c.mrr::float8 as mrr, c.manager, c.tickets, c.logins, c.adoption::float8 as adoption
          from public.customers c
          left join public.score_range_bases rb on rb.customer_id = c.id and rb.range = ${input.range} and rb.base_day = ${from}::date - 1
          where c.client_id = ${clientId} and c.deleted_at is null and c.lifecycle <> 'churned' and c.score is not null
        ) x
        where delta is not null and delta <> 0
        order by abs(delta) desc, lower(name), id
        limit ${input.limit}`;
      return { from, changes };
    },
  }),

  get_segments: clientAction({
    summary: "Segments: the portfolio by tag, tier, lifecycle stage or manager, with KPIs, a line per segment and insights",
    access: "user", write: false, roles: readers,
    input: segmentsInput, answer: segmentsAnswer,
    async run({ tx, clientId, input }) {
      const { today } = await analyticsDay(tx, clientId);
      const from = rangeStart(input.range, today);
      const [days, renewals, [kpis]] = await Promise.all([
        rollupDays(tx, clientId, input.by, from),
        segmentRenewals(tx, clientId, input.by),
        tx`select count(*)::int as accounts, coalesce(sum(mrr), 0)::float8 as mrr, avg(score)::float8 as average_score,
                  count(*) filter (where status in ('critical', 'atrisk'))::int as at_risk
           from public.customers where client_id = ${clientId} and deleted_at is null and lifecycle <> 'churned'`,
      ]);
      const segments = [...days.entries()]
        .filter(([, list]) => list[list.length - 1]?.day === today)
        .map(([segment, list]) => {
          const now = list[list.length - 1];
          const start = list.find((d) => d.scored > 0);
          const average = metricOf(now, "score");
          const atRisk = now.critical + now.atrisk;
          return {
            segment, count: now.customers, average_score: average, mrr: now.mrr, at_risk: atRisk,
            at_risk_percent: now.customers > 0 ? (atRisk / now.customers) * 100 : null,
            trend: start && start.day !== today && average !== null ? average - metricOf(start, "score")! : null,
            renewals: renewals.get(segment) ?? 0,
            bands: { critical: now.critical, atrisk: now.atrisk, watch: now.watch, healthy: now.healthy, expansion: now.expansion },
            points: seriesOf(list, from, today, input.metric),
          };
        })
        // The accounts without one ("") last, the rest largest first.
        .sort((a, b) => Number(a.segment === "") - Number(b.segment === "") || b.count - a.count || a.segment.localeCompare(b.segment));
      return {
        by: input.by, metric: input.metric, today, from,
        kpis: { segments: segments.filter((s) => s.segment !== "").length, ...kpis },
        segments,
        insights: segmentInsights(input.metric, segments.filter((s) => s.segment !== "")
          .map((s) => ({ segment: s.segment, points: s.points, at_risk_percent: s.at_risk_percent, count: s.count }))),
      };
    },
  }),

  list_segment_accounts: clientAction({
    summary: "One segment's live accounts (a tag, tier, lifecycle stage or manager; \"\" for none), most urgent first",
    access: "user", write: false, roles: readers,
    input: segmentAccountsInput, answer: segmentAccountsAnswer,
    async run({ tx, clientId, input }) {
      const rows = await tx`
        select c.id, c.name, c.manager, c.tier, c.lifecycle, c.score::float8 as score, c.status, c.mrr::float8 as mrr,
               c.renewal_date::text as renewal_date,
               c.days_since_contact + greatest(0, private.utc_today() - (c.contact_baseline_at at time zone 'utc')::date) as days_since_contact,
               private.priority_score(c.score, c.renewal_date, private.utc_today()) as priority,
               count(*) over ()::int as total
        from public.customers c
        where c.client_id = ${clientId} and c.deleted_at is null and c.lifecycle <> 'churned' and ${segmentMatch(tx, input.by, input.segment)}
        order by priority desc, c.score nulls last, lower(c.name), c.id
        limit ${input.limit}`;
      return {
        total: rows[0]?.total ?? 0,
        accounts: rows.map(({ total: _, ...r }) => ({ ...r, priority_level: priorityLevel(r.priority) })),
      };
    },
  }),
};

/** The condition that puts a customer in a segment (as the rollups cut them). */
export function segmentMatch(tx: Tx, by: SegmentDimension, segment: string) {
  switch (by) {
    case "tag": return segment === "" ? tx`cardinality(c.tags) = 0` : tx`${segment} = any (c.tags)`;
    case "tier": return tx`coalesce(c.tier, '') = ${segment}`;
    case "lifecycle": return tx`c.lifecycle = ${segment}`;
    case "manager": return tx`coalesce(c.manager, '') = ${segment}`;
  }
}

/** Renewals within the next 90 days, per segment. */
async function segmentRenewals(tx: Tx, clientId: string, by: SegmentDimension): Promise<Map<string, number>> {
  const rows = await tx<{ segment: string; n: number }[]>`
    select k.segment, count(*)::int as n
    from public.customers c
    cross join lateral unnest(case ${by}::text
        when 'manager' then array[coalesce(c.manager, '')] when 'tier' then array[coalesce(c.tier, '')]
        when 'lifecycle' then array[c.lifecycle]
        else case when cardinality(c.tags) = 0 then array[''] else c.tags end end) k (segment)
    where c.client_id = ${clientId} and c.deleted_at is null and c.lifecycle <> 'churned'
      and c.renewal_date between private.utc_today() and private.utc_today() + 90
    group by k.segment`;
  return new Map(rows.map((r) => [r.segment, r.n]));
}
