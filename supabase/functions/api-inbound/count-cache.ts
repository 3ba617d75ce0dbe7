// list_customers' `total` without counting on every request. Counting a
// filter that matches tens of thousands of live customers is a scan (the
// page itself is an index range), and the dashboard and pollers repeat the
// same filters. A total is reused while the client's newest customer change
// (max updated_at, one index probe) is the same and for at most TTL_MS:
// every write to a customer, soft delete and restore included, moves
// updated_at; the TTL bounds what a commit racing the probe could leave stale.
import type { Tx } from "../_shared/db.ts";
import { stampedCache } from "../_shared/stamped-cache.ts";

const TTL_MS = 10_000;
const MAX_ENTRIES = 2_000;

/** Totals by client and filter (see stamped-cache.ts: reused for the same stamp, counted once when many miss together). */
const totals = stampedCache<number>(TTL_MS, MAX_ENTRIES);
/** The Customers page's tab counts (count_customer_tabs), by client and search and filters, the same way. */
const tabCounts = stampedCache<Record<string, number>>(TTL_MS, MAX_ENTRIES);

/**
 * The probe: select it in the caller's transaction (stampSql, one more
 * column of the page query saves a round trip), so it is under RLS too: a
 * principal that cannot see the client's customers gets a null stamp and
 * never a total counted for someone else (the key is per client and filter,
 * and a null stamp is only ever stored by a count that saw nothing).
 */
export const stampSql = (tx: Tx, clientId: string) =>
  tx`(select max(updated_at)::text from public.customers where client_id = ${clientId})`;

/**
 * The total for `filters` of `clientId`, from `count` when not known fresh for
 * `stamp`. When a total expires under load, every request in the next few
 * milliseconds would miss and count the same rows at once (a burst of scans
 * that stalled every request for a few hundred ms, every TTL); they wait for
 * the one count instead. The count ran under another request's RLS, which is
 * safe for the same reason the cache is: same client, same stamp.
 */
export const cachedTotal = (clientId: string, stamp: string | null, filters: unknown, count: () => Promise<number>) =>
  totals(`${clientId} ${JSON.stringify(filters)}`, stamp, count);

/** The tab counts for `filters` of `clientId`, as cachedTotal: the page asks for them again on every pause in typing. */
export const cachedTabCounts = (clientId: string, stamp: string | null, filters: unknown, count: () => Promise<Record<string, number>>) =>
  tabCounts(`${clientId} ${JSON.stringify(filters)}`, stamp, count);
