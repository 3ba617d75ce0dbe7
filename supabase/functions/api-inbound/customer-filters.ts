// list_customers' column filters and extra sorts (the Customers page's):
// the SQL for the parameters of shared/customers/list-filters.ts, kept apart
// from customers-read.ts so that the reference filters and these grow
// independently. Every condition is on one client's live rows, which the
// list already narrows to by (client_id, …) indexes; at 100,000 customers a
// filter that the sort index cannot serve is a scan of that client's rows
// (measured by bench/customers).
import type { ListCustomersQuery } from "@shared/customers/inputs.ts";
import { dateRangeFields, type extraSortFields, rangeFields } from "@shared/customers/list-filters.ts";
import type { Tx } from "../_shared/db.ts";

/** Days since contact as every answer shows it: the stored baseline plus the UTC days elapsed since. */
const daysSql = "(c.days_since_contact + greatest(0, (now() at time zone 'utc')::date - " +
  "(coalesce(c.contact_baseline_at, now()) at time zone 'utc')::date))";

const rangeColumns: Record<(typeof rangeFields)[number], string> = {
  score: "c.score", mrr: "c.mrr", arr: "c.arr", logins: "c.logins", adoption: "c.adoption", tickets: "c.tickets",
  nps: "c.nps", days: daysSql,
};
const dateColumns: Record<(typeof dateRangeFields)[number], string> = { renewal: "c.renewal_date", next_touch: "c.next_touch" };

/** `%text%` for ilike, with the pattern characters of the text taken literally. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** A search that matches at most this many customers is read from the trigram index. */
export const SEARCH_CAP = 1_000;

/**
 * The search box: the name or any tag contains the text (any case). Tags
 * are matched in one text (joined by a character no search contains), not
 * tag by tag in a subquery (a subquery per row cost more than the scan).
 * Under RLS no index serves a contains, so a search of three characters or
 * more first asks private.search_candidates for the ids the trigram index
 * finds (migration 20261202007100); when there are at most SEARCH_CAP, the
 * rows are read by id and the contains is checked on those only. A search
 * more rows match — more than SEARCH_CAP, or five of the client's 500
 * worst scored (migration 20261203000000) — gets null: a scan that finds a
 * page's rows early.
 */
export async function searchCandidates(tx: Tx, clientId: string, search: string): Promise<string[] | null> {
  if (search.length < 3) return null;
  const [{ ids }] = await tx<{ ids: string[] | null }[]>`select private.search_candidates(${clientId}, ${contains(search)}, ${SEARCH_CAP}) as ids`;
  return ids;
}

/** The search's condition, on the candidates' rows when there are few enough (searchCandidates). */
export function searchCondition(tx: Tx, search: string, candidates: string[] | null) {
  const pattern = contains(search);
  const condition = tx`and (c.name ilike ${pattern} or array_to_string(c.tags, ${"\u0001"}) ilike ${pattern})`;
  return candidates ? tx`and c.id = any(${candidates}::uuid[]) ${condition}` : condition;
}

/** The `and …` conditions of the column filters that are set; nothing when none is. */
export function filterConditions(tx: Tx, q: ListCustomersQuery) {
  const parts = [];
  for (const f of rangeFields) {
    const col = tx.unsafe(rangeColumns[f]);
    const min = q[`${f}_min`], max = q[`${f}_max`];
    if (min !== undefined) parts.push(tx`and ${col} >= ${min}`);
    if (max !== undefined) parts.push(tx`and ${col} <= ${max}`);
  }
  for (const f of dateRangeFields) {
    const col = tx.unsafe(dateColumns[f]);
    const from = q[`${f}_from`], to = q[`${f}_to`];
    if (from !== undefined) parts.push(tx`and ${col} >= ${from}::date`);
    if (to !== undefined) parts.push(tx`and ${col} <= ${to}::date`);
  }
  if (q.growth) parts.push(tx`and c.growth = any(${q.growth}::text[])`);
  if (q.sentiment) parts.push(tx`and c.sentiment = any(${q.sentiment}::text[])`);
  if (q.manager_contains) parts.push(tx`and c.manager ilike ${contains(q.manager_contains)}`);
  if (q.tag_contains) parts.push(tx`and exists (select 1 from unnest(c.tags) t where t ilike ${contains(q.tag_contains)})`);
  if (q.exclude_lifecycle) parts.push(tx`and c.lifecycle <> ${q.exclude_lifecycle}`);
  return parts.reduce((all, p) => tx`${all} ${p}`, tx``);
}

/** What of the query the filters above read: part of the count cache's key. */
export function filterKey(q: ListCustomersQuery): unknown[] {
  return [
    ...rangeFields.flatMap((f) => [q[`${f}_min`], q[`${f}_max`]]),
    ...dateRangeFields.flatMap((f) => [q[`${f}_from`], q[`${f}_to`]]),
    q.growth, q.sentiment, q.manager_contains?.toLowerCase(), q.tag_contains?.toLowerCase(), q.exclude_lifecycle,
  ];
}

type ExtraSort = (typeof extraSortFields)[number];

/** Bands, tiers and lifecycles sort in their own order (worst band, smallest tier, earliest stage first), not A→Z. */
const position = (col: string, values: string[]) => `array_position(array[${values.map((v) => `'${v}'`).join(",")}], ${col})`;

export const extraSortColumns: Record<ExtraSort, string> = {
  status: position("c.status", ["critical", "atrisk", "watch", "healthy", "expansion"]),
  tier: position("c.tier", ["smb", "mid", "enterprise"]),
  lifecycle: position("c.lifecycle", ["onboarding", "active", "atrisk", "won", "churned"]),
  manager: "lower(c.manager)",
  renewal_date: "c.renewal_date", next_touch: "c.next_touch",
  logins: "c.logins", adoption: "c.adoption", tickets: "c.tickets", nps: "c.nps", days: daysSql,
};

export const extraSortTypes: Record<ExtraSort, string> = {
  status: "numeric", tier: "numeric", lifecycle: "numeric", manager: "text", renewal_date: "date", next_touch: "date",
  logins: "numeric", adoption: "numeric", tickets: "numeric", nps: "numeric", days: "numeric",
};

/** A date sort value in a cursor, as Postgres prints it. */
export const extraSortShapes: Record<string, RegExp> = { date: /^\d{4}-\d{2}-\d{2}$/ };
