// CSM Performance and the Calendar (SPEC §7): each manager's book side by
// side, focus areas, workload, the week's band changes and the audit log's
// latest changes; and a month of renewals, next touches and overdue contacts.
import { calendarAnswer, performanceAnswer } from "@shared/analytics/answers.ts";
import { calendarInput, performanceInput } from "@shared/analytics/inputs.ts";
import { focusAreas } from "@shared/analytics/insights.ts";
import { addDays, metricOf } from "@shared/analytics/rollups.ts";
import type { Tx } from "../../_shared/db.ts";
import { clientAction, readers } from "../../_shared/registry.ts";
import { loadScoringConfig } from "../../_shared/rescore.ts";
import { analyticsDay, rollupDays } from "./analytics.ts";

/** Days since contact now, as decay counts them (the baseline plus the days since it was saved). */
const daysNow = (tx: Tx) => tx`(c.days_since_contact + greatest(0, private.utc_today() - (c.contact_baseline_at at time zone 'utc')::date))`;

/** Each tier's overdue threshold (SPEC §4, the client's cadence), as an SQL expression of c.tier. */
const overdueAfter = (tx: Tx, cadence: { smb: { overdue: number }; mid: { overdue: number }; enterprise: { overdue: number } }) =>
  tx`(case c.tier when 'smb' then ${cadence.smb.overdue}::int when 'mid' then ${cadence.mid.overdue}::int
                  when 'enterprise' then ${cadence.enterprise.overdue}::int end)`;

const ACTIVITY_LENGTH = 25;
const MOVES_LENGTH = 20;

export const performanceActions = {
  get_performance: clientAction({
    summary: "CSM Performance: each manager's book (health, bands, MRR, overdue contacts, 7-day change), focus areas, workload balance, the week's band changes and recent activity",
    access: "user", write: false, roles: readers,
    input: performanceInput, answer: performanceAnswer,
    async run({ tx, clientId }) {
      const { today } = await analyticsDay(tx, clientId);
      const { settings } = await loadScoringConfig(tx, clientId);
      const b = settings.bands;
      const [books, week, moves, activity] = await Promise.all([
        tx<{ manager: string; overdue: number }[]>`
          select coalesce(c.manager, '') as manager,
                 count(*) filter (where ${daysNow(tx)} >= ${overdueAfter(tx, settings.cadence)})::int as overdue
          from public.customers c
          where c.client_id = ${clientId} and c.deleted_at is null and c.lifecycle <> 'churned'
          group by 1`,
        rollupDays(tx, clientId, "manager", addDays(today, -7)),
        // The band at the end of the day a week ago (the nightly base, else the history), by the client's thresholds.
        tx`
          select * from (
            select c.id, c.name, c.manager, c.status as to, c.score::float8 as score, base::float8 as base_score,
                   case when base < ${b.atrisk} then 'critical' when base < ${b.watch} then 'atrisk' when base < ${b.healthy} then 'watch'
                        when base < ${b.expansion} then 'healthy' else 'expansion' end as from
            from public.customers c
            left join public.score_week_bases wb on wb.customer_id = c.id and wb.base_day = private.utc_today() - 7
            cross join lateral (select case when wb.customer_id is not null then wb.score
                                            else private.score_at_end_of(c.id, private.utc_today() - 7) end as base) p
            where c.client_id = ${clientId} and c.deleted_at is null and c.lifecycle <> 'churned' and c.status is not null
              and p.base is not null
          ) m where m.from <> m.to
          order by abs(score - base_score) desc, lower(name), id`,
        tx`
          select to_char(a.created_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, a.actor, a.table_name as table, a.action,
                 (select c.name from public.customers c where a.table_name = 'customers' and c.id = a.row_id) as customer,
                 coalesce((select array_agg(k order by k) from jsonb_object_keys(coalesce(a.after, a.before, '{}')) k), '{}') as fields
          from public.audit_log a
          where a.client_id = ${clientId}
          order by a.created_at desc, a.id desc
          limit ${ACTIVITY_LENGTH}`,
      ]);
      const overdue = new Map(books.map((r) => [r.manager, r.overdue]));
      const managers = [...week.entries()]
        .map(([manager, days]) => {
          const now = days[days.length - 1];
          const then = days.find((d) => d.day === addDays(today, -7));
          const average = metricOf(now, "score");
          const atRisk = now.critical + now.atrisk;
          return {
            manager, accounts: now.customers, average_score: average, mrr: now.mrr,
            bands: { critical: now.critical, atrisk: now.atrisk, watch: now.watch, healthy: now.healthy, expansion: now.expansion },
            at_risk_percent: now.customers > 0 ? (atRisk / now.customers) * 100 : null,
            overdue: overdue.get(manager) ?? 0,
            week_change: then && average !== null && metricOf(then, "score") !== null ? average - metricOf(then, "score")! : null,
          };
        })
        .filter((m) => overdue.has(m.manager))
        .sort((x, y) => (y.average_score ?? -1) - (x.average_score ?? -1) || x.manager.localeCompare(y.manager));
      const named = managers.filter((m) => m.manager !== "");
      const average = named.length ? named.reduce((n, m) => n + m.accounts, 0) / named.length : null;
      const byLoad = [...named].sort((x, y) => y.accounts - x.accounts);
      const rank = (band: string) => ["critical", "atrisk", "watch", "healthy", "expansion"].indexOf(band);
      return {
        today, managers,
        focus: focusAreas(managers),
        workload: {
          average_accounts: average,
          busiest: byLoad[0]?.manager ?? null,
          lightest: byLoad.at(-1)?.manager ?? null,
          spread_percent: average ? ((byLoad[0].accounts - byLoad.at(-1)!.accounts) / average) * 100 : null,
        },
        movement: {
          up: moves.filter((m) => rank(m.to) > rank(m.from)).length,
          down: moves.filter((m) => rank(m.to) < rank(m.from)).length,
          moves: moves.slice(0, MOVES_LENGTH).map((m) => ({ id: m.id, name: m.name, manager: m.manager, from: m.from, to: m.to, score: m.score, base_score: m.base_score })),
        },
        activity,
      };
    },
  }),

  get_calendar: clientAction({
    summary: "Calendar: a month of renewals, next touches and the days accounts fall overdue for contact (already overdue: today)",
    access: "user", write: false, roles: readers,
    input: calendarInput, answer: calendarAnswer,
    async run({ tx, clientId, input }) {
      const { today } = await analyticsDay(tx, clientId);
      const month = input.month ?? today.slice(0, 7);
      const { settings } = await loadScoringConfig(tx, clientId);
      const first = `${month}-01`;
      const rows = await tx<{ day: string; kind: "renewal" | "touch" | "overdue"; id: string; name: string; mrr: number | null; manager: string | null; n: number; renewals: number; touches: number; overdue: number }[]>`
        with events as (
          select c.renewal_date as day, 'renewal' as kind, c.id, c.name, c.mrr, c.manager
          from public.customers c
          where c.client_id = ${clientId} and c.deleted_at is null and c.lifecycle <> 'churned'
            and c.renewal_date >= ${first}::date and c.renewal_date < (${first}::date + interval '1 month')
          union all
          select c.next_touch, 'touch', c.id, c.name, c.mrr, c.manager
          from public.customers c
          where c.client_id = ${clientId} and c.deleted_at is null and c.lifecycle <> 'churned'
            and c.next_touch >= ${first}::date and c.next_touch < (${first}::date + interval '1 month')
          union all
          -- The day the account reaches its tier's overdue threshold; one already past it shows today.
          select d.day, 'overdue', c.id, c.name, c.mrr, c.manager
          from public.customers c
          cross join lateral (select greatest(private.utc_today(), private.utc_today() + (${overdueAfter(tx, settings.cadence)} - ${daysNow(tx)})) as day) d
          where c.client_id = ${clientId} and c.deleted_at is null and c.lifecycle <> 'churned' and c.days_since_contact is not null
            and d.day >= ${first}::date and d.day < (${first}::date + interval '1 month')
        )
        select * from (
          select day::text as day, kind, id, name, mrr::float8 as mrr, manager,
                 row_number() over (partition by day order by array_position(array['renewal', 'touch', 'overdue'], kind), lower(name), id)::int as n,
                 count(*) filter (where kind = 'renewal') over (partition by day)::int as renewals,
                 count(*) filter (where kind = 'touch') over (partition by day)::int as touches,
                 count(*) filter (where kind = 'overdue') over (partition by day)::int as overdue
          from events
        ) e where n <= ${EVENTS_PER_DAY}
        order by day, n`;
      const days = new Map<string, { day: string; renewals: number; touches: number; overdue: number; events: { kind: "renewal" | "touch" | "overdue"; id: string; name: string; mrr: number | null; manager: string | null }[] }>();
      for (const r of rows) {
        const d = days.get(r.day) ?? { day: r.day, renewals: r.renewals, touches: r.touches, overdue: r.overdue, events: [] };
        d.events.push({ kind: r.kind, id: r.id, name: r.name, mrr: r.mrr, manager: r.manager });
        days.set(r.day, d);
      }
      return { month, today, days: [...days.values()] };
    },
  }),
};

/** How many events a calendar day carries by name; its counts say how many there are in all. */
const EVENTS_PER_DAY = 25;
