// The guard that keeps the next table honest: a table in public without
// row-level security, or with RLS but no policy, fails this test the moment
// its migration lands.
import { afterAll, describe, expect, it } from "vitest";
import { stack } from "../../stack/context.ts";
import { connect, type Tx } from "./principals.ts";

/** Tables of schema public that lack RLS or have no policy at all. */
function unguardedTables(tx: Tx | ReturnType<typeof connect>) {
  return tx`select c.relname as name, c.relrowsecurity as rls,
                   (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
            from pg_class c
            where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
              and (not c.relrowsecurity or not exists (select 1 from pg_policy p where p.polrelid = c.oid))
            order by 1`;
}

describe("the catalog", () => {
  const sql = connect(stack().dbUrl);
  afterAll(() => sql.end());

  it("schema public has tables, so the checks below are not vacuous", async () => {
    const [{ n }] = await sql`select count(*)::int as n from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')`;
    expect(n, "the tenancy migrations create at least the fourteen tenancy tables").toBeGreaterThanOrEqual(14);
  });

  it("every table in schema public has row-level security enabled and at least one policy", async () => {
    expect(await unguardedTables(sql), "tables without RLS, or with RLS and no policy").toEqual([]);
  });

  it("the check bites: a table created without RLS in a rolled-back transaction is reported", async () => {
    let withoutRls: unknown[] = [];
    let withoutPolicy: unknown[] = [];
    await sql.begin(async (tx) => {
      await tx`create table public.tenancy_probe_unguarded (id int)`;
      withoutRls = await unguardedTables(tx);
      await tx`alter table public.tenancy_probe_unguarded enable row level security`;
      withoutPolicy = await unguardedTables(tx);
      throw new Error("rollback");
    }).catch(() => {});
    expect(withoutRls, "a fresh table has RLS off and is caught").toEqual([{ name: "tenancy_probe_unguarded", rls: false, policies: 0 }]);
    expect(withoutPolicy, "RLS on but no policy is caught too").toEqual([{ name: "tenancy_probe_unguarded", rls: true, policies: 0 }]);
    const [{ exists }] = await sql`select to_regclass('public.tenancy_probe_unguarded') is not null as exists`;
    expect(exists, "the probe table was rolled back").toBe(false);
  });

  it("no table in schema public is readable or writable by anon", async () => {
    const granted = await sql`select c.relname as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
        and has_table_privilege('anon', c.oid, 'select, insert, update, delete, truncate, references, trigger')
      order by 1`;
    expect(granted, "the default grants to anon are revoked by every table's migration").toEqual([]);
  });

  it("no table in schema public can be truncated by the API roles, which RLS would not stop", async () => {
    const truncatable = await sql`select c.relname as name, r.rolname as role from pg_class c
      cross join (values ('anon'), ('authenticated'), ('pulseboard_api')) r (rolname)
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
        and has_table_privilege(r.rolname, c.oid, 'truncate')
      order by 1, 2`;
    expect(truncatable, "TRUNCATE ignores row-level security, so it must never be granted").toEqual([]);
  });

  it("the Data API's role may write no table and no column of schema public: writes are the functions' role's", async () => {
    const writable = await sql`select c.relname as name, p.priv from pg_class c
      cross join (values ('insert'), ('update'), ('delete'), ('truncate')) p (priv)
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
        and (has_table_privilege('authenticated', c.oid, p.priv)
             or (p.priv in ('insert', 'update') and has_any_column_privilege('authenticated', c.oid, p.priv)))
      order by 1, 2`;
    expect(writable, "authenticated keeps reads only (PostgREST serves public as authenticated)").toEqual([]);
    const [{ n }] = await sql`select count(*)::int as n from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and has_table_privilege('pulseboard_api', c.oid, 'insert, update')`;
    expect(n, "the functions' role holds the writes, so the check above is not vacuous").toBeGreaterThan(5);
  });

  it("derived columns (score, status, history) are written by the functions' role only", async () => {
    const rows = await sql`select r.rolname as role,
        has_column_privilege(r.rolname, 'public.customers', 'score', 'update') as score,
        has_column_privilege(r.rolname, 'public.customers', 'status', 'update') as status,
        has_table_privilege(r.rolname, 'public.score_history', 'insert') as history
      from (values ('anon'), ('authenticated'), ('pulseboard_api')) r (rolname) order by 1`;
    expect(rows).toEqual([
      { role: "anon", score: false, status: false, history: false },
      { role: "authenticated", score: false, status: false, history: false },
      { role: "pulseboard_api", score: true, status: true, history: true },
    ]);
  });
});

