// The one JSON shape of a customer in every api-inbound answer, as
// customerSchema in shared/customers/answers.ts declares it. Fields are
// listed on purpose: nothing internal (client_id, baselines) leaks out.
import type { Customer } from "@shared/customers/answers.ts";

/** An instant as every answer writes it (UTC, microseconds, Z), by the database's one definition. */
const isoSql = (col: string) => `private.iso_instant(${col})`;

/** Days since contact as of today: the saved baseline plus the UTC days elapsed since it was saved. */
export const effectiveDaysSql =
  "c.days_since_contact + greatest(0, (now() at time zone 'utc')::date - (coalesce(c.contact_baseline_at, now()) at time zone 'utc')::date)";

/** The columns every customer answer selects; numerics as float8, dates and instants as text. */
export const customerColumns = `
  c.id, c.version, c.change_id::float8 as change_id, c.name, c.manager, c.tier, c.mrr::float8 as mrr, c.arr::float8 as arr, c.lifecycle, c.tags,
  c.renewal_date::text as renewal_date, c.next_touch::text as next_touch, c.customer_since::text as since,
  c.sentiment, c.note, p.name as scoring_profile, c.scoring_profile_id,
  c.score::float8 as score, c.status, c.previous_score::float8 as previous_score, c.score_manual, c.score_missing,
  c.logins, c.adoption::float8 as adoption, c.tickets, c.nps::float8 as nps, c.nps_category, c.csat::float8 as csat,
  c.days_since_contact, c.contact_baseline_at,
  ${effectiveDaysSql} as days,
  c.growth, ${isoSql("c.scored_at")} as scored_at, c.config_version, ${isoSql("c.created_at")} as created_at,
  ${isoSql("c.updated_at")} as updated_at, ${isoSql("c.deleted_at")} as deleted_at`;

/** Joins the profile name; use as `from public.customers c ${customerJoins}`. */
export const customerJoins = `left join public.scoring_profiles p on p.id = c.scoring_profile_id`;

const rounded = (n: unknown) => (typeof n === "number" ? Math.round(n) : null);

/** A row selected with customerColumns as the answer's customer (the return type keeps its keys those of the schema). */
// deno-lint-ignore no-explicit-any
export function customerJson(r: any): Customer {
  return {
    id: r.id,
    version: r.version,
    change_id: r.change_id,
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
    nps: r.nps,
    nps_category: r.nps_category,
    csat: r.csat,
    days: r.days,
    growth: r.growth,
    scored_at: r.scored_at,
    config_version: r.config_version,
    created_at: r.created_at,
    updated_at: r.updated_at,
    deleted_at: r.deleted_at,
  };
}

// The same shape written by Postgres, for pages of many customers: a page of
// 100 parsed into JavaScript values, mapped and stringified again cost more
// than everything else in list_customers. Keep it field for field (and in
// the same order) equal to customerJson above: a test compares
// list_customers with get_customer.
//
// Each customer is one text, concatenated from its fields, and a page is a
// hundred such rows. Measured with pgbench on a page of 100 (Postgres CPU):
// json_agg of a record 2.2 ms, the same records as rows 1.1 ms, these texts
// 0.8 ms. An aggregate grows one 70 KB text and copies it four times on its
// way out, and every copy lands on freshly faulted pages; turning a record
// into JSON finds each of its 33 fields by walking the tuple from the start.
/** Each field's key and the SQL that writes its JSON value; text goes through to_json, which escapes it. */
const customerFieldsSql: [key: string, sql: string][] = [
  ["id", "to_json(c.id)"], ["version", "c.version"], ["change_id", "c.change_id"], ["name", "to_json(c.name)"], ["manager", "to_json(c.manager)"], ["tier", "to_json(c.tier)"],
  ["mrr", "c.mrr::float8"], ["arr", "c.arr::float8"], ["lifecycle", "to_json(c.lifecycle)"], ["tags", "to_json(c.tags)"],
  ["renewal_date", "to_json(c.renewal_date::text)"], ["next_touch", "to_json(c.next_touch::text)"],
  ["since", "to_json(c.customer_since::text)"], ["sentiment", "to_json(c.sentiment)"], ["note", "to_json(c.note)"],
  // Most customers have no profile: the lookup runs only for those that do.
  ["scoring_profile", "case when c.scoring_profile_id is not null then to_json((select p.name from public.scoring_profiles p where p.id = c.scoring_profile_id)) end"],
  ["score", "round(c.score)::int"], ["score_exact", "c.score::float8"], ["status", "to_json(c.status)"],
  ["previous_score", "round(c.previous_score)::int"], ["score_manual", "c.score_manual"], ["missing_signals", "to_json(c.score_missing)"],
  ["logins", "c.logins"], ["adoption", "c.adoption::float8"], ["tickets", "c.tickets"],
  ["nps", "c.nps::float8"], ["nps_category", "to_json(c.nps_category)"],
  ["csat", "c.csat::float8"],
  ["days", effectiveDaysSql],
  ["growth", "to_json(c.growth)"], ["scored_at", `to_json(${isoSql("c.scored_at")})`], ["config_version", "c.config_version"],
  ["created_at", `to_json(${isoSql("c.created_at")})`], ["updated_at", `to_json(${isoSql("c.updated_at")})`],
  ["deleted_at", `to_json(${isoSql("c.deleted_at")})`],
];

/** An SQL text expression over `public.customers c` whose value is the customer as customerJson writes it. */
export const customerJsonSql = "'{' || " +
  customerFieldsSql.map(([key, sql], i) => `'${i ? "," : ""}"${key}":' || coalesce((${sql})::text, 'null')`).join(" || ") +
  " || '}'";
