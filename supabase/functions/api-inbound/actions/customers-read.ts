// Reading customers: list_customers (filters, sorts, offset and keyset
// paging), count_customer_tabs (the page's tab counts) and get_customer (one customer, its score explained, its history
// and the settings it is scored with).
import { customerTabCountsAnswer, getCustomerAnswer, listCustomersAnswer } from "@shared/customers/answers.ts";
import {
  countCustomerTabsQuery, type CountCustomerTabsQuery, customerRef, type CustomerRef, listCustomersQuery, type ListCustomersQuery,
} from "@shared/customers/inputs.ts";
import { effectiveSettings, scoreSignals } from "@shared/index.ts";
import type { Tx } from "../../_shared/db.ts";
import { HttpError } from "../../_shared/http.ts";
import { joinJson } from "../../_shared/json-bytes.ts";
import { clientAction, readers } from "../../_shared/registry.ts";
import { loadScoringConfig, signalsOf } from "../../_shared/rescore.ts";
import { cachedTabCounts, cachedTotal, stampSql } from "../count-cache.ts";
import { customerColumns, customerJoins, customerJson, customerJsonSql } from "../customer-json.ts";
import { extraSortColumns, extraSortShapes, extraSortTypes, filterConditions, filterKey, searchCandidates, searchCondition } from "../customer-filters.ts";

const text = new TextDecoder();

type Cursor = { s: string; o: "asc" | "desc"; v: string | number | null; id: string };

const sortColumns: Record<ListCustomersQuery["sort"], string> = {
  updated_at: "c.updated_at", created_at: "c.created_at", name: "c.name_key", score: "c.score", mrr: "c.mrr", arr: "c.arr",
  ...extraSortColumns,
};
// The cursor keeps the sort value as text (timestamps to the microsecond) and
// casts it back, so equal values compare equal.
const sortTypes: Record<ListCustomersQuery["sort"], string> = {
  updated_at: "timestamptz", created_at: "timestamptz", name: "text", score: "numeric", mrr: "numeric", arr: "numeric",
  ...extraSortTypes,
};
/** Ties are broken by the id, or, in change order, by the change: each change has its own place. */
const tieBreaker = (q: ListCustomersQuery) =>
  q.sort === "updated_at" ? { col: "c.change_id", type: "bigint", shape: /^\d{1,19}$/ } : { col: "c.id", type: "uuid", shape: /^[0-9a-f-]{36}$/ };

// What a sort value of each type looks like as Postgres prints it, so a
// tampered cursor is refused as such rather than failing in the cast.
const sortValueShapes: Record<string, RegExp> = {
  timestamptz: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-](0\d|1[0-5])(:[0-5]\d)?|Z)?$/,
  numeric: /^-?\d{1,20}(\.\d{1,10})?$/,
  text: /^[^\u0000]{0,400}$/,
  ...extraSortShapes,
};

function encodeCursor(c: Cursor): string {
  return btoa(JSON.stringify(c)).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

function decodeCursor(text: string, q: ListCustomersQuery): Cursor {
  try {
    const c = JSON.parse(atob(text.replaceAll("-", "+").replaceAll("_", "/"))) as Cursor;
    if (c.s !== q.sort || c.o !== q.order || typeof c.id !== "string" || !tieBreaker(q).shape.test(c.id)) throw new Error();
    if (c.v !== null && (typeof c.v !== "string" || !sortValueShapes[sortTypes[q.sort]].test(c.v))) throw new Error();
    return c;
  } catch {
    throw new HttpError(400, "invalid_input", "cursor is not valid for this sort and order; start again without it", "cursor");
  }
}

/**
 * Keyset condition after `cur` for `order by col <order>, tie <order>` with
 * Postgres' null placement (last when ascending, first when descending), which
 * is also the indexes' order, so a page is an index range scan.
 */
function afterCursor(tx: Tx, q: ListCustomersQuery, cur: Cursor) {
  const c = tx.unsafe(sortColumns[q.sort]);
  // Bound as text and cast in SQL: bound as timestamptz, postgres.js would
  // pass the value through a JavaScript Date and drop the microseconds, so
  // rows sharing the millisecond would be skipped or repeated.
  const v = tx`${cur.v}::text::${tx.unsafe(sortTypes[q.sort])}`;
  const tie = tieBreaker(q);
  const t = tx.unsafe(tie.col);
  const id = tx`${cur.id}::text::${tx.unsafe(tie.type)}`;
  if (cur.o === "asc") {
    return cur.v === null
      ? tx`and ${c} is null and ${t} > ${id}`
      : tx`and (${c} is null or ${c} > ${v} or (${c} = ${v} and ${t} > ${id}))`;
  }
  return cur.v === null
    ? tx`and (${c} is not null or ${t} < ${id})`
    : tx`and (${c} < ${v} or (${c} = ${v} and ${t} < ${id}))`;
}

/**
 * Lists in change order — oldest change first, or any list since an
 * instant — are what pollers read, and must never be overtaken by a commit:
 * they show a change only once no transaction that started before it can
 * still commit (private.change_horizon, migration 20261202004000). Other
 * lists (the dashboard's newest first) show every committed change at once.
 */
const inChangeOrder = (q: ListCustomersQuery) => q.sort === "updated_at" && (q.order === "asc" || q.updated_since !== undefined);

/**
 * A filter on one of a list of values. One value stays `col = $1`, as the
 * indexes (client_id, status, score, id) want it: with `= any($1)` the plan
 * that serves every request (generic plans, see db.ts) cannot read a band's
 * page in score order from the index and sorted the whole band instead
 * (bench/api: 30 ms a page instead of 4).
 */
function anyOf(tx: Tx, col: string, values: string[] | undefined) {
  if (!values) return tx``;
  return values.length === 1 ? tx`and ${tx.unsafe(col)} = ${values[0]}` : tx`and ${tx.unsafe(col)} = any(${values}::text[])`;
}

/**
 * The where clause of a list: the client's customers (live, or deleted ones
 * with `deleted=only`) that pass every filter of the query (the CSV export
 * lists by the same clause), and in change order only those below the
 * horizon. `candidates`: the search's ids from the trigram index, when few.
 */
export function listWhere(tx: Tx, clientId: string, q: ListCustomersQuery, horizon: string | null = null, candidates: string[] | null = null) {
  const deleted = q.deleted === "only";
  return tx`
    where c.client_id = ${clientId} and ${deleted ? tx`c.deleted_at is not null` : tx`c.deleted_at is null`}
    ${anyOf(tx, "c.status", q.status)} ${anyOf(tx, "c.lifecycle", q.lifecycle)} ${anyOf(tx, "c.tier", q.tier)}
    ${q.manager ? tx`and lower(c.manager) = lower(${q.manager})` : tx``}
    ${q.tag ? tx`and c.tags @> array[${q.tag}]::text[]` : tx``}
    ${q.updated_since ? tx`and c.updated_at > ${q.updated_since}::text::timestamptz` : tx``}
    ${horizon ? tx`and c.updated_at < ${horizon}::text::timestamptz and c.change_xid < (select pg_snapshot_xmin(pg_current_snapshot()))` : tx``}
    ${q.search ? searchCondition(tx, q.search, candidates) : tx``}
    ${filterConditions(tx, q)}`;
}

async function listCustomers(tx: Tx, clientId: string, q: ListCustomersQuery) {
  const col = sortColumns[q.sort];
  const tie = tieBreaker(q).col;
  const dir = tx.unsafe(q.order === "asc" ? "asc" : "desc");
  const cursor = q.cursor ? decodeCursor(q.cursor, q) : null;
  // A statement of its own, before the page's: see private.change_horizon.
  const horizon: string | null = inChangeOrder(q) ? (await tx`select private.change_horizon() as h`)[0].h : null;
  const deleted = q.deleted === "only";
  // The trigram index holds live customers only.
  const candidates = q.search && !deleted ? await searchCandidates(tx, clientId, q.search) : null;
  const where = listWhere(tx, clientId, q, horizon, candidates);
  // The page: each customer's JSON text, in order, with its sort value and
  // tie-breaker for the cursor, and the count cache's stamp (computed once).
  // Raw: the texts stay the bytes Postgres sent, on their way to the response.
  const rows = await tx`
    select ${tx.unsafe(customerJsonSql)} as json, (${tx.unsafe(col)})::text as sort_key, (${tx.unsafe(tie)})::text as tie, ${stampSql(tx, clientId)} as stamp
    from public.customers c
    ${where} ${cursor ? afterCursor(tx, q, cursor) : tx``}
    order by ${tx.unsafe(col)} ${dir}, ${tx.unsafe(tie)} ${dir}
    limit ${q.limit} ${cursor ? tx`` : tx`offset ${q.offset}`}`.raw();
  const [, lastKey, lastTie, stamp] = rows.at(-1)?.map((b) => b && text.decode(b)) ?? [];
  // A short first page is the whole list: no count needed.
  const total = !cursor && q.offset === 0 && rows.length < q.limit
    ? rows.length
    : q.count === "none"
    ? null
    : await cachedTotal(clientId, rows.length ? stamp : (await tx`select ${stampSql(tx, clientId)} as stamp`)[0].stamp,
      [q.status, q.lifecycle, q.tier, q.manager?.toLowerCase(), q.tag, q.updated_since, q.search, horizon !== null, deleted, ...filterKey(q)],
      async () => (await tx`select count(*)::int as total from public.customers c ${where}`)[0].total);
  return joinJson(
    `{"customers":[`,
    rows.map((r) => r[0]!),
    `],"total":${total},"limit":${q.limit},"offset":${cursor ? null : q.offset},"next_cursor":${JSON.stringify(nextCursor(q, rows.length, lastKey, lastTie, horizon))}}`,
  );
}

/**
 * The Customers page's tab counts for a search and filters: one scan of the
 * rows they match, each tab a `filter (where …)` of it, where seven
 * list_customers counts read the same rows seven times. The tabs' own
 * conditions are queryOf's (web list-view.ts): a band tab leaves the
 * churned lifecycle out, the Churned tab is that lifecycle whatever band.
 * Reused while the client's customers are unchanged (count-cache.ts): the
 * page asks again for the same counts each time typing pauses.
 */
async function countCustomerTabs(tx: Tx, clientId: string, q: CountCustomerTabsQuery) {
  const [{ stamp }] = await tx`select ${stampSql(tx, clientId)} as stamp`;
  const filters = ["tabs", q.tier, q.manager?.toLowerCase(), q.tag, q.search?.toLowerCase(), ...filterKey(q as ListCustomersQuery)];
  const counts = await cachedTabCounts(clientId, stamp, filters, async () => {
    const candidates = q.search ? await searchCandidates(tx, clientId, q.search) : null;
    const where = listWhere(tx, clientId, q as ListCustomersQuery, null, candidates);
    const band = (b: string) => tx`count(*) filter (where c.status = ${b} and c.lifecycle <> 'churned')::int`;
    const [row] = await tx<Record<string, number>[]>`
      select count(*)::int as all, ${band("critical")} as critical, ${band("atrisk")} as atrisk, ${band("watch")} as watch,
        ${band("healthy")} as healthy, ${band("expansion")} as expansion,
        count(*) filter (where c.lifecycle = 'churned')::int as churned
      from public.customers c ${where}`;
    return row;
  });
  return { counts };
}

/**
 * Where the next page starts. Every page of a change-order list has one,
 * the last included, so a poller resumes exactly where it stopped: after its
 * last row, or, on a page that was not full, at the horizon (everything
 * older was on this page). Other lists: after a full page only.
 */
function nextCursor(q: ListCustomersQuery, rows: number, lastKey?: string | null, lastTie?: string | null, horizon?: string | null) {
  const at = (v: string | null, id: string) => encodeCursor({ s: q.sort, o: q.order, v, id });
  if (rows === q.limit) return at(lastKey ?? null, lastTie!);
  if (!horizon) return null;
  if (q.order === "asc") return at(horizon, "0");
  return rows > 0 ? at(lastKey ?? null, lastTie!) : q.cursor ?? null;
}

/** Finds one live customer of the client by id or case-insensitive name; 404 otherwise. */
export async function findCustomer(tx: Tx, clientId: string, ref: { id?: string; name?: string }, opts: { deleted?: boolean } = {}) {
  const deleted = opts.deleted ? tx`c.deleted_at is not null` : tx`c.deleted_at is null`;
  const [row] = await tx`
    select ${tx.unsafe(customerColumns)} from public.customers c ${tx.unsafe(customerJoins)}
    where c.client_id = ${clientId} and ${deleted}
      and ${ref.id ? tx`c.id = ${ref.id}` : tx`c.name_key = lower(${ref.name!})`}
    order by c.deleted_at desc nulls last
    limit 1`;
  if (!row) {
    throw new HttpError(404, "not_found", `no ${opts.deleted ? "deleted " : ""}customer with this ${ref.id ? "id" : "name"}`, ref.id ? "id" : "name");
  }
  return row;
}

/** get_customer: the customer, its score explained, its recent history and its effective settings. */
async function getCustomer(tx: Tx, clientId: string, ref: CustomerRef) {
  const row = await findCustomer(tx, clientId, ref);
  const config = await loadScoringConfig(tx, clientId);
  const profile = row.scoring_profile_id ? config.profiles.get(row.scoring_profile_id) : null;
  const settings = effectiveSettings(config.settings, profile);
  const result = scoreSignals(signalsOf(row as unknown as Parameters<typeof signalsOf>[0], new Date()), settings, { manualScore: row.score_manual ? row.score : null });
  const history = await tx`
    select score::float8 as score, status, reason, signals, config_version, private.iso_instant(created_at) as created_at
    from public.score_history where customer_id = ${row.id} order by created_at desc, id desc limit 20`;
  const [{ stamps }] = await tx`
    select coalesce((select jsonb_object_agg(k, private.iso_instant(v::timestamptz)) from jsonb_each_text(c.signal_updated_at) e (k, v)), '{}')
      as stamps
    from public.customers c where c.id = ${row.id}`;
  return {
    customer: {
      ...customerJson(row),
      explanation: result.explanation,
      best_improvement: result.bestImprovement,
    },
    signal_updated_at: stamps as Record<string, string>,
    history: history.map((h) => ({ ...h, score: h.score === null ? null : Math.round(h.score) })),
    scoring: { config_version: config.version, scoring_profile: profile?.name ?? null, settings },
  };
}

export const customerReadActions = {
  list_customers: clientAction({
    summary: "Customers, filtered, sorted, paged (offset or cursor)",
    write: false, roles: readers,
    input: listCustomersQuery, answer: listCustomersAnswer,
    run: ({ tx, clientId, input }) => listCustomers(tx, clientId, input),
  }),
  count_customer_tabs: clientAction({
    summary: "How many live customers each tab of the Customers page has for a search and column filters (all, each band without the churned, churned)",
    write: false, roles: readers,
    input: countCustomerTabsQuery, answer: customerTabCountsAnswer,
    run: ({ tx, clientId, input }) => countCustomerTabs(tx, clientId, input),
  }),
  get_customer: clientAction({
    summary: "One customer with its score explained, its recent history and the settings it is scored with",
    write: false, roles: readers,
    input: customerRef, answer: getCustomerAnswer,
    run: ({ tx, clientId, input }) => getCustomer(tx, clientId, input),
  }),
};
