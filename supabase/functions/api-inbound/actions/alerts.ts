// Alerts (SPEC §5): the stored alerts, paged and counted by the database (a
// client may hold tens of thousands), their words written from their facts
// by shared/alerts; snooze, dismiss and wake over a selection, each recorded
// in alert_actions (audited); alert fatigue. Recovery cases are in
// recovery-cases.ts. API keys may read; users act.
import {
  alertFatigueAnswer, alertStateChangeAnswer, listAlertsAnswer,
  type ListAlertsAnswer,
} from "@shared/alerts/answers.ts";
import { describeAlert } from "@shared/alerts/describe.ts";
import {
  dismissAlertsInput, listAlertsInput, snoozeAlertsInput, wakeAlertsInput,
  type ListAlertsInput,
} from "@shared/alerts/inputs.ts";
import {
  alertCategories, type AlertCategory, type AlertFacts, type AlertRule, type AlertSeverity, alertSeverities,
} from "@shared/alerts/rules.ts";
import { closedObject } from "@shared/common/objects.ts";
import type { Tx } from "../../_shared/db.ts";
import { HttpError } from "../../_shared/http.ts";
import { clientAction, editors, readers } from "../../_shared/registry.ts";
import { stampedCache } from "../../_shared/stamped-cache.ts";
import { stampSql } from "../count-cache.ts";

/** The state a reader sees: a snooze that has ended is active again, whether or not the daily job has run. */
const stateNow = (tx: Tx) => tx`case when a.state = 'snoozed' and a.snoozed_until <= now() then 'active' else a.state end`;

/** The open states also say `state <> 'resolved'`, the predicate of the indexes that serve them. */
function stateIs(tx: Tx, state: ListAlertsInput["state"]) {
  switch (state) {
    case "active": return tx`a.state <> 'resolved' and (a.state = 'active' or (a.state = 'snoozed' and a.snoozed_until <= now()))`;
    case "snoozed": return tx`a.state <> 'resolved' and (a.state = 'snoozed' and a.snoozed_until > now())`;
    case "dismissed": return tx`a.state <> 'resolved' and a.state = 'dismissed'`;
    default: return tx`a.state = ${state}`;
  }
}

/** The stored ranks (migration 20261203000100): the same orders as alertCategories and alertSeverities. */
const categoryRank = (category: AlertCategory) => alertCategories.indexOf(category) + 1;
const severityRank = (severity: AlertSeverity) => alertSeverities.indexOf(severity) + 1;

/**
 * Each order with its tie-breakers, so pages never overlap; the grouped
 * views' orders and the table's default are read from an index each, on the
 * alert's own copies of its ranks and its customer's MRR and name key.
 */
function orderBy(tx: Tx, sort: ListAlertsInput["sort"], order: "asc" | "desc" | undefined) {
  const dir = (fallback: "asc" | "desc") => tx.unsafe((order ?? fallback) === "asc" ? "asc" : "desc");
  switch (sort) {
    case "category": return tx`a.category_rank ${dir("asc")}, a.severity_rank, a.mrr desc nulls last, a.id`;
    case "customer": return tx`a.name_key ${dir("asc")}, a.severity_rank, a.id`;
    case "mrr": return tx`a.mrr ${dir("desc")} nulls last, a.severity_rank, a.id`;
    case "raised_at": return tx`a.raised_at ${dir("desc")}, a.id`;
    default: return tx`a.severity_rank ${dir("asc")}, a.mrr desc nulls last, a.name_key, a.id`;
  }
}

type Listed = ListAlertsAnswer["alerts"][number];
type AlertRow = {
  id: string; customer_id: string; customer_name: string; manager: string | null; mrr: number | null; status: Listed["status"];
  rule: AlertRule; category: Listed["category"]; severity: AlertSeverity; facts: AlertFacts; state: Listed["state"];
  snoozed_until: string | null; raised_at: string; changed_at: string; resolved_at: string | null;
};

const alertColumns = (tx: Tx) => tx`
  a.id, a.customer_id, c.name as customer_name, c.manager, c.mrr::float8 as mrr, c.status, a.rule, a.category, a.severity,
  a.facts, ${stateNow(tx)} as state,
  case when a.state = 'snoozed' and a.snoozed_until > now() then private.iso_instant(a.snoozed_until) end as snoozed_until,
  private.iso_instant(a.raised_at) as raised_at, private.iso_instant(a.changed_at) as changed_at,
  private.iso_instant(a.resolved_at) as resolved_at`;

const withWords = (row: AlertRow) => ({ ...row, ...describeAlert(row.rule, row.severity, row.facts) });

type Figures = Pick<ListAlertsAnswer, "summary" | "categories">;

/**
 * The page's figures count every open alert of the client (a scan and a hash
 * aggregate of about half a second at 300,000 alerts); the page asks for the
 * same ones on every view, filter and page. They, the filtered totals and
 * whole pages are reused while the stamp is the same, and for at most 30 s:
 * the client's newest alert write (every recomputation, snooze, dismissal and
 * wake moves written_at, migration 20261202021000), its newest customer
 * change (a customer's MRR or name moves the answers without writing an
 * alert) and how many snoozes have ended (they count as active at once,
 * before the daily job writes them back). Read under the caller's RLS: who
 * cannot see the client's customers gets a null stamp, which only a
 * computation that saw nothing stores.
 */
const figuresCache = stampedCache<Figures>(30_000);
const totalsCache = stampedCache<number>(30_000);
const pagesCache = stampedCache<ListAlertsAnswer>(30_000);

async function figuresStamp(tx: Tx, clientId: string): Promise<string | null> {
  const [s] = await tx<{ customers: string | null; alerts: string | null; woken: number }[]>`
    select ${stampSql(tx, clientId)} as customers,
           (select max(a.written_at)::text from public.alerts a where a.client_id = ${clientId}) as alerts,
           (select count(*)::int from public.alerts a
            where a.client_id = ${clientId} and a.state = 'snoozed' and a.snoozed_until <= now()) as woken`;
  return s.customers === null ? null : `${s.customers} ${s.alerts} ${s.woken}`;
}

/**
 * The summary and the per-category totals in one pass over the open alerts:
 * counted per category and customer first, so each customer's MRR (the
 * alert's copy) counts once per category, then summed per category; the
 * summary is the sum of the categories. Read in the order of the index
 * alerts_open_figures, which holds every column used: no heap, no sort.
 */
async function computeFigures(tx: Tx, clientId: string, customerId: string | undefined): Promise<Figures> {
  const open = tx`a.client_id = ${clientId} and a.state <> 'resolved' ${customerId ? tx`and a.customer_id = ${customerId}` : tx``}`;
  const active = stateIs(tx, "active");
  const rows = await tx<(Figures["categories"][number] & { critical_risk: number; renewing: number; snoozed: number })[]>`
    select a.category, sum(a.n)::int as count, sum(a.critical)::int as critical,
           count(*) filter (where a.n > 0)::int as customers, coalesce(sum(a.mrr) filter (where a.n > 0), 0)::float8 as mrr,
           sum(a.critical_risk)::int as critical_risk, sum(a.renewing)::int as renewing, sum(a.snoozed)::int as snoozed
    from (select a.category, a.customer_id, max(a.mrr) as mrr, count(*) filter (where ${active}) as n,
                 count(*) filter (where ${active} and a.severity = 'critical') as critical,
                 count(*) filter (where ${active} and a.rule = 'health' and a.severity = 'critical') as critical_risk,
                 count(*) filter (where ${active} and a.rule = 'renewal') as renewing,
                 count(*) filter (where ${stateIs(tx, "snoozed")}) as snoozed
          from public.alerts a where ${open} group by a.category, a.customer_id) a
    group by a.category`;
  rows.sort((x, y) => categoryRank(x.category) - categoryRank(y.category));
  const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((total, r) => total + pick(r), 0);
  return {
    summary: { active: sum((r) => r.count), critical_risk: sum((r) => r.critical_risk), renewing: sum((r) => r.renewing), snoozed: sum((r) => r.snoozed) },
    categories: rows.filter((r) => r.count > 0)
      .map(({ category, count, critical, customers, mrr }) => ({ category, count, critical, customers, mrr })),
  };
}

/**
 * A page of alerts with its figures. Every reader of the client asks for the
 * same first view (and the navigation's badge for the summary), each a sort
 * of every open alert with its customer: whole answers are reused under the
 * same stamp too, so a view that nothing changed since is one index probe.
 */
async function listAlerts(tx: Tx, clientId: string, input: ListAlertsInput) {
  const stamp = await figuresStamp(tx, clientId);
  return await pagesCache(`${clientId} ${JSON.stringify(input)}`, stamp, () => computePage(tx, clientId, input, stamp));
}

async function computePage(tx: Tx, clientId: string, input: ListAlertsInput, stamp: string | null): Promise<ListAlertsAnswer> {
  const where = tx`
    where a.client_id = ${clientId} and ${stateIs(tx, input.state)}
      ${input.category ? tx`and a.category_rank = ${categoryRank(input.category)}` : tx``}
      ${input.severity ? tx`and a.severity_rank = ${severityRank(input.severity)}` : tx``}
      ${input.customer_id ? tx`and a.customer_id = ${input.customer_id}` : tx``}`;
  const rows = await tx<AlertRow[]>`
    select ${alertColumns(tx)}
    from public.alerts a join public.customers c on c.id = a.customer_id
    ${where}
    order by ${orderBy(tx, input.sort, input.order)}
    limit ${input.limit} offset ${input.offset}`;
  // The page's figures are over the open alerts of the client (of one customer, on its record), whatever the filters.
  const { summary, categories } = await figuresCache(`${clientId} ${input.customer_id ?? ""}`, stamp,
    () => computeFigures(tx, clientId, input.customer_id));
  // Active alerts of all severities are counted by the figures: all of them, or one category's.
  const counted = input.state === "active" && !input.severity;
  const filters = [input.state, input.category, input.severity, input.customer_id];
  const total = counted
    ? input.category ? categories.find((c) => c.category === input.category)?.count ?? 0 : summary.active
    : await totalsCache(`${clientId} ${JSON.stringify(filters)}`, stamp,
    async () => (await tx`select count(*)::int as total from public.alerts a ${where}`)[0].total);
  return { alerts: rows.map(withWords), total, limit: input.limit, offset: input.offset, summary, categories };
}

/**
 * The open alerts of this client among `ids` that may take the change, else
 * 404 naming the first that may not: a selection is changed whole or not at all.
 */
async function requireAlerts(tx: Tx, clientId: string, ids: string[], states: string[], what: string) {
  const unique = [...new Set(ids)];
  const found = await tx<{ id: string }[]>`
    select a.id from public.alerts a
    where a.client_id = ${clientId} and a.id = any (${unique}::uuid[]) and ${stateNow(tx)} = any (${states}::text[])`;
  if (found.length !== unique.length) {
    const known = new Set(found.map((r) => r.id));
    const missing = unique.find((id) => !known.has(id));
    throw new HttpError(404, "not_found", `no ${what} alert with id ${missing} in this client`, "ids");
  }
  return unique;
}

/** RLS refused the update (a viewer): say so rather than answer as if done. */
function allChanged(rows: readonly unknown[], ids: string[]) {
  if (rows.length !== ids.length) throw new HttpError(403, "forbidden", "you may not change this client's alerts", "ids");
  return { updated: rows.length, ids };
}

async function recordActions(tx: Tx, clientId: string, ids: string[], action: string, days: number | null, reason: string | null) {
  await tx`
    insert into public.alert_actions (client_id, alert_id, action, days, reason)
    select ${clientId}, id, ${action}, ${days}, ${reason} from unnest(${ids}::uuid[]) id`;
}

export const read = { write: false, roles: readers } as const;
export const act = { write: true, roles: editors, access: "user" } as const;

export const alertActions = {
  list_alerts: clientAction({
    summary: "A client's alerts, filtered (state, category, severity, customer), sorted and paged, with the page's summary and per-category totals",
    ...read,
    input: listAlertsInput, answer: listAlertsAnswer,
    run: ({ tx, clientId, input }) => listAlerts(tx, clientId, input),
  }),
  snooze_alerts: clientAction({
    summary: "Snooze alerts for 1, 7 or 30 days, with an optional reason; they return by themselves when the snooze ends",
    ...act,
    input: snoozeAlertsInput, answer: alertStateChangeAnswer,
    async run({ tx, clientId, input }) {
      const ids = await requireAlerts(tx, clientId, input.ids, ["active", "snoozed"], "active or snoozed");
      const rows = await tx`
        update public.alerts set state = 'snoozed', snoozed_until = now() + make_interval(days => ${input.days})
        where client_id = ${clientId} and id = any (${ids}::uuid[]) returning id`;
      await recordActions(tx, clientId, ids, "snooze", input.days, input.reason ?? null);
      return allChanged(rows, ids);
    },
  }),
  dismiss_alerts: clientAction({
    summary: "Dismiss alerts; one comes back only if its condition clears and later returns",
    ...act,
    input: dismissAlertsInput, answer: alertStateChangeAnswer,
    async run({ tx, clientId, input }) {
      const ids = await requireAlerts(tx, clientId, input.ids, ["active", "snoozed"], "active or snoozed");
      const rows = await tx`
        update public.alerts set state = 'dismissed', snoozed_until = null
        where client_id = ${clientId} and id = any (${ids}::uuid[]) returning id`;
      await recordActions(tx, clientId, ids, "dismiss", null, input.reason ?? null);
      return allChanged(rows, ids);
    },
  }),
  wake_alerts: clientAction({
    summary: "Wake snoozed alerts at once",
    ...act,
    input: wakeAlertsInput, answer: alertStateChangeAnswer,
    async run({ tx, clientId, input }) {
      const ids = await requireAlerts(tx, clientId, input.ids, ["snoozed"], "snoozed");
      const rows = await tx`
        update public.alerts set state = 'active', snoozed_until = null
        where client_id = ${clientId} and id = any (${ids}::uuid[]) returning id`;
      await recordActions(tx, clientId, ids, "wake", null, null);
      return allChanged(rows, ids);
    },
  }),
  alert_fatigue: clientAction({
    summary: "Per manager and category over the last 30 days: the alerts acted on (snoozed, dismissed with a reason, cleared by a user's change) against those left untouched",
    ...read,
    input: closedObject({}), answer: alertFatigueAnswer,
    async run({ tx, clientId }) {
      const rows = await tx`
        select c.manager, a.category, count(*)::int as raised, count(*) filter (where f.acted)::int as acted,
               count(*) filter (where not f.acted)::int as untouched,
               (count(*) filter (where f.acted))::float8 / count(*) as acted_share
        from public.alerts a
        join public.customers c on c.id = a.customer_id
        cross join lateral (select a.resolved_by in ('user', 'api_key') or exists (
          select 1 from public.alert_actions x
          where x.alert_id = a.id and (x.action = 'snooze' or (x.action = 'dismiss' and x.reason is not null))) as acted) f
        where a.client_id = ${clientId} and a.raised_at >= now() - interval '30 days'
        group by c.manager, a.category
        order by c.manager nulls last, array_position(${alertCategories as unknown as string[]}::text[], a.category)`;
      return { days: 30, rows };
    },
  }),
};
