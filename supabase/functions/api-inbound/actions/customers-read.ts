// Reading customers: list_customers (filters, sorts, offset and keyset
// paging) and get_customer (one customer, its score explained, its history
// and the settings it is scored with).
import { getCustomerAnswer, listCustomersAnswer } from "@shared/customers/answers.ts";
import { customerRef, type CustomerRef, listCustomersQuery, type ListCustomersQuery } from "@shared/customers/inputs.ts";
import { effectiveSettings, scoreSignals } from "@shared/index.ts";
import type { Tx } from "../../_shared/db.ts";
import { HttpError } from "../../_shared/http.ts";
import { joinJson } from "../../_shared/json-bytes.ts";
import { clientAction, readers } from "../../_shared/registry.ts";
import { loadScoringConfig, signalsOf } from "../../_shared/rescore.ts";
import { cachedTotal, stampSql } from "../count-cache.ts";
import { customerColumns, customerJoins, customerJson, customerJsonSql } from "../customer-json.ts";
import { extraSortColumns, extraSortShapes, extraSortTypes, filterConditions, filterKey, searchCondition } from "../customer-filters.ts";

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
    if (c.s !== q.sort || c.o !== q.order || typeof c.id !== "string" || !/^[0-9a-f-]{36}$/.test(c.id)) throw new Error();
    if (c.v !== null && (typeof c.v !== "string" || !sortValueShapes[sortTypes[q.sort]].test(c.v))) throw new Error();
    return c;
  } catch {
    throw new HttpError(400, "invalid_input", "cursor is not valid for this sort and order; start again without it", "cursor");
  }
}

/**
 * Keyset condition after `cur` for `order by col <order>, id <order>` with
 * Postgres' null placement (last when ascending, first when descending), which
 * is also the indexes' order, so a page is an index range scan.
 */
function afterCursor(tx: Tx, q: ListCustomersQuery, cur: Cursor) {
  const c = tx.unsafe(sortColumns[q.sort]);
  // Bound as text and cast in SQL: bound as timestamptz, postgres.js would
  // pass the value through a JavaScript Date and drop the microseconds, so
  // rows sharing the millisecond would be skipped or repeated.
  const v = tx`${cur.v}::text::${tx.unsafe(sortTypes[q.sort])}`;
  const id = tx`${cur.id}::uuid`;
  if (cur.o === "asc") {
    return cur.v === null
      ? tx`and ${c} is null and c.id > ${id}`
      : tx`and (${c} is null or ${c} > ${v} or (${c} = ${v} and c.id > ${id}))`;
  }
  return cur.v === null
    ? tx`and (${c} is not null or c.id < ${id})`
    : tx`and (${c} < ${v} or (${c} = ${v} and c.id < ${id}))`;
}

async function listCustomers(tx: Tx, clientId: string, q: ListCustomersQuery) {
  const col = sortColumns[q.sort];
  const dir = tx.unsafe(q.order === "asc" ? "asc" : "desc");
  const cursor = q.cursor ? decodeCursor(q.cursor, q) : null;
  const pattern = q.search ? `%${q.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const where = tx`
    where c.client_id = ${clientId} and c.deleted_at is null
    ${q.status ? tx`and c.status = ${q.status}` : tx``}
    ${q.lifecycle ? tx`and c.lifecycle = ${q.lifecycle}` : tx``}
    ${q.tier ? tx`and c.tier = ${q.tier}` : tx``}
    ${q.manager ? tx`and lower(c.manager) = lower(${q.manager})` : tx``}
    ${q.tag ? tx`and c.tags @> array[${q.tag}]::text[]` : tx``}
    ${q.updated_since ? tx`and c.updated_at > ${q.updated_since}::timestamptz` : tx``}
    ${pattern ? searchCondition(tx, pattern) : tx``}
    ${filterConditions(tx, q)}`;
  // The page: each customer's JSON text, in order, with its sort value and
  // id for the cursor, and the count cache's stamp (computed once). Raw: the
  // texts stay the bytes Postgres sent, on their way to the response.
  const rows = await tx`
    select ${tx.unsafe(customerJsonSql)} as json, (${tx.unsafe(col)})::text as sort_key, c.id, ${stampSql(tx, clientId)} as stamp
    from public.customers c
    ${where} ${cursor ? afterCursor(tx, q, cursor) : tx``}
    order by ${tx.unsafe(col)} ${dir}, c.id ${dir}
    limit ${q.limit} ${cursor ? tx`` : tx`offset ${q.offset}`}`.raw();
  const [, lastKey, lastId, stamp] = rows.at(-1)?.map((b) => b && text.decode(b)) ?? [];
  // A short first page is the whole list: no count needed.
  const total = !cursor && q.offset === 0 && rows.length < q.limit
    ? rows.length
    : await cachedTotal(clientId, rows.length ? stamp : (await tx`select ${stampSql(tx, clientId)} as stamp`)[0].stamp,
      [q.status, q.lifecycle, q.tier, q.manager?.toLowerCase(), q.tag, q.updated_since, q.search, ...filterKey(q)],
      async () => (await tx`select count(*)::int as total from public.customers c ${where}`)[0].total);
  const nextCursor = rows.length === q.limit ? encodeCursor({ s: q.sort, o: q.order, v: lastKey, id: lastId! }) : null;
  return joinJson(
    `{"customers":[`,
    rows.map((r) => r[0]!),
    `],"total":${total},"limit":${q.limit},"offset":${cursor ? null : q.offset},"next_cursor":${JSON.stringify(nextCursor)}}`,
  );
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
    select score::float8 as score, status, reason, signals, config_version, created_at
    from public.score_history where customer_id = ${row.id} order by created_at desc, id desc limit 20`;
  const [{ stamps }] = await tx`select signal_updated_at as stamps from public.customers where id = ${row.id}`;
  return {
    customer: {
      ...customerJson(row),
      explanation: result.explanation,
      best_improvement: result.bestImprovement,
    },
    signal_updated_at: Object.fromEntries(Object.entries(stamps as Record<string, string>).map(([s, at]) => [s, new Date(at).toISOString()])),
    history: history.map((h) => ({ ...h, score: h.score === null ? null : Math.round(h.score), created_at: h.created_at.toISOString() })),
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
  get_customer: clientAction({
    summary: "One customer with its score explained, its recent history and the settings it is scored with",
    write: false, roles: readers,
    input: customerRef, answer: getCustomerAnswer,
    run: ({ tx, clientId, input }) => getCustomer(tx, clientId, input),
  }),
};
