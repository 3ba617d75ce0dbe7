// One postgres.js pool per function instance, and the helper that runs a
// request's queries as its principal so that row-level security decides.
import postgres from "postgres";
import { env } from "./env.ts";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

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
 * Runs `work` in one transaction that first sets request.jwt.claims (bound,
 * never pasted into SQL) and switches to the `authenticated` role, exactly as
 * PostgREST does. Every query inside is subject to RLS; nothing the handler
 * does can widen what the principal may see.
 */
export function asPrincipal<T>(claims: Claims, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db().begin(async (tx) => {
    // Sent now and answered together with work's first query: one round trip
    // fewer per request. Safe because the transaction has begun: should this
    // statement fail, the transaction is aborted and every query after it
    // fails too, so nothing can run without the claims and the role.
    // Generic plans: a request's statements are indexed lookups whose plan
    // does not depend on the values, and planning list_customers' page query
    // anew for every request cost a quarter of the database's time for it.
    const claimed = tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
                              set_config('role', 'authenticated', true),
                              set_config('plan_cache_mode', 'force_generic_plan', true)`.execute();
    const result = await work(tx);
    await claimed;
    return result;
  }) as Promise<T>;
}

/**
 * Scheduled jobs (decay, outbox drain) run without a role switch: they act on
 * every client. Only code paths named `...AsSystem` may call this.
 */
export function asSystem<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return db().begin(work) as Promise<T>;
}
