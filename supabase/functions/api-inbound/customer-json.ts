// The one JSON shape of a customer in every api-inbound answer. Fields are
// listed on purpose: nothing internal (client_id, baselines) leaks out.

/** The columns every customer answer selects; numerics as float8, dates as text. */
export const customerColumns = `
  c.id, c.name, c.manager, c.tier, c.mrr::float8 as mrr, c.arr::float8 as arr, c.lifecycle, c.tags,
  c.renewal_date::text as renewal_date, c.next_touch::text as next_touch, c.customer_since::text as since,
  c.sentiment, c.note, p.name as scoring_profile, c.scoring_profile_id,
  c.score::float8 as score, c.status, c.previous_score::float8 as previous_score, c.score_manual, c.score_missing,
  c.logins, c.adoption::float8 as adoption, c.tickets, c.nps::float8 as nps, c.nps_category, c.csat::float8 as csat,
  c.days_since_contact, c.contact_baseline_at,
  c.days_since_contact + greatest(0, (now() at time zone 'utc')::date - (coalesce(c.contact_baseline_at, now()) at time zone 'utc')::date) as days,
  c.growth, c.scored_at, c.config_version, c.created_at, c.updated_at, c.deleted_at`;

/** Joins the profile name; use as `from public.customers c ${customerJoins}`. */
export const customerJoins = `left join public.scoring_profiles p on p.id = c.scoring_profile_id`;

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d ?? null);
const rounded = (n: unknown) => (typeof n === "number" ? Math.round(n) : null);

// deno-lint-ignore no-explicit-any
export function customerJson(r: any) {
  return {
    id: r.id,
    name: r.name,
    manager: r.manager,
    tier: r.tier,
    mrr: r.mrr,
    arr: r.arr,
    lifecycle: r.lifecycle,
    tags: r.tags,
    renewal_date: r.renewal_date,
    next_touch: r.next_touch,
    since: r.since,
    sentiment: r.sentiment,
    note: r.note,
    scoring_profile: r.scoring_profile,
    score: rounded(r.score),
    score_exact: r.score,
    status: r.status,
    previous_score: rounded(r.previous_score),
    score_manual: r.score_manual,
    missing_signals: r.score_missing,
    logins: r.logins,
    adoption: r.adoption,
    tickets: r.tickets,
    nps: r.nps ?? r.nps_category,
    nps_category: r.nps_category,
    csat: r.csat,
    days: r.days,
    growth: r.growth,
    scored_at: iso(r.scored_at),
    config_version: r.config_version,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    deleted_at: iso(r.deleted_at),
  };
}
export type CustomerJson = ReturnType<typeof customerJson>;

// The same shape built by Postgres, for pages of many customers: a page of 100
// parsed into JavaScript values, mapped and stringified again cost more than
// everything else in list_customers. Keep it field for field equal to
// customerJson above (a test compares list_customers with get_customer).
//
// A record turned to JSON whole (json_agg of a row) costs Postgres less than
// half of what json_build_object with the same 33 pairs does (0.8 ms against
// 1.9 ms for a page of 100, measured with pgbench), so the shape is a select
// list, and pages read `lateral (select ${customerRecordSql}) r`.
const isoSql = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A select list over `c` and `p` (see customerJoins) whose row, as JSON, equals customerJson's output. */
export const customerRecordSql = `
  c.id, c.name, c.manager, c.tier, c.mrr::float8 as mrr, c.arr::float8 as arr,
  c.lifecycle, c.tags, c.renewal_date::text as renewal_date, c.next_touch::text as next_touch,
  c.customer_since::text as since, c.sentiment, c.note, p.name as scoring_profile,
  round(c.score)::int as score, c.score::float8 as score_exact, c.status, round(c.previous_score)::int as previous_score,
  c.score_manual, c.score_missing as missing_signals,
  c.logins, c.adoption::float8 as adoption, c.tickets,
  coalesce(to_json(c.nps::float8), to_json(c.nps_category)) as nps, c.nps_category, c.csat::float8 as csat,
  c.days_since_contact + greatest(0, (now() at time zone 'utc')::date - (coalesce(c.contact_baseline_at, now()) at time zone 'utc')::date) as days,
  c.growth, ${isoSql("c.scored_at")} as scored_at, c.config_version,
  ${isoSql("c.created_at")} as created_at, ${isoSql("c.updated_at")} as updated_at, ${isoSql("c.deleted_at")} as deleted_at`;

/** An answer already serialized (by Postgres): sent as is, never parsed and stringified again. */
export class JsonText {
  constructor(readonly text: string) {}
}
