// One postgres.js pool per function instance, and the helper that runs a
// request's queries as its principal so that row-level security decides.
import postgres from "postgres";
import { env } from "./env.ts";

export type Sql = postgres.Sql;
/** A connection of the pool inside one transaction (see transaction below). */
export type Tx = postgres.ReservedSql;

let pool: Sql | undefined;

/** The pool, connected as the `postgres` user (which bypasses RLS). */
export function db(): Sql {
  // Prepared statements save a parse and plan per query, but Supavisor's
  // transaction pooler (port 6543) cannot keep them across transactions.
  const { DB_URL, DB_PREPARE } = env();
  const prepare = DB_PREPARE ? DB_PREPARE === "true" : new URL(DB_URL).port !== "6543";
  pool ??= postgres(DB_URL, {
    prepare,
    max: env().DB_POOL_MAX,
    idle_timeout: 20,
    onnotice: () => {},
  });
  return pool;
}

/** Claims as PostgREST would set them; RLS helpers read them. */
export type Claims = Record<string, unknown> & { role: "authenticated" };

/**
 * Runs `work` in one transaction on a connection of the pool. `begin` and
 * `setup`'s statement are sent, not awaited: they travel with work's first
 * query in one write and are answered with it, one round trip fewer than
 * postgres.js' own `begin` (which waits for `begin` alone). Safe because
 * Postgres runs a connection's statements in order: should `begin` or
 * `setup` fail, every query after them fails too, and their error, being the
 * first, is the one thrown.
 *
 * The transaction commits only if every statement succeeded: were a failed
 * statement's error caught in `work`, Postgres answers the commit with
 * ROLLBACK, and that is an error here too.
 */
async function transaction<T>(setup: ((tx: Tx) => postgres.PendingQuery<postgres.Row[]>) | null, work: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await db().reserve();
  try {
    const opened = Promise.all([tx`begin`.execute(), setup?.(tx).execute()]);
    opened.catch(() => {}); // awaited below, after work
    let result: T;
    try {
      result = await work(tx);
    } finally {
      await opened;
    }
    const ended = await tx`commit`;
    if (ended.command !== "COMMIT") throw new Error(`transaction rolled back: a statement failed and its error was caught (${ended.command})`);
    return result;
  } catch (error) {
    // After a failed commit there is no transaction left, and this only warns.
    await tx`rollback`.catch(() => {});
    throw error;
  } finally {
    tx.release();
  }
}

/**
 * Runs `work` in one transaction that first sets request.jwt.claims (bound,
 * never pasted into SQL) and switches to the functions' own role
 * `pulseboard_api`, as PostgREST switches to `authenticated`. The role
 * inherits `authenticated`, so the same policies apply; it alone holds the
 * writes, and PostgREST cannot assume it (migration 20261202002000). Every query inside is subject to RLS; nothing the handler
 * does can widen what the principal may see.
 */
export function asPrincipal<T>(claims: Claims, work: (tx: Tx) => Promise<T>): Promise<T> {
  // Generic plans: a request's statements are indexed lookups whose plan
  // does not depend on the values, and planning list_customers' page query
  // anew for every request cost a quarter of the database's time for it.
  return transaction((tx) =>
    tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
              set_config('role', 'pulseboard_api', true),
              set_config('plan_cache_mode', 'force_generic_plan', true)`, work);
}

/**
 * Scheduled jobs (decay, outbox drain) run without a role switch: they act on
 * every client. Only code paths named `...AsSystem` may call this.
 */
export function asSystem<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return transaction(null, work);
}
