-- The edge functions act through a database role of their own, which the hosted Data API cannot assume.

/* Why: Supabase serves schema public through PostgREST to every signed-in
   user as the role `authenticated`, and until now `authenticated` held the
   writes the functions need. An editor could then `update customers set
   score = 99` or append score_history through the Data API, skipping
   scoring, history and validation. The functions now switch to
   pulseboard_api instead (supabase/functions/_shared/db.ts), which:
   - inherits `authenticated` (so every policy written `to authenticated`
     applies to it unchanged, and RLS decides exactly what it decided);
   - holds every write privilege, which `authenticated` gives up here and
     keeps only reads, under the same RLS;
   - is granted to no login role but the one the functions connect as, and
     never to `authenticator`, so PostgREST cannot switch to it whatever a
     token's role claim says.
   Tables created later grant their writes to pulseboard_api, their reads to
   authenticated; tests/integration/tenancy/catalog.test.ts fails otherwise. */
do $$
begin
  if not exists (select from pg_roles where rolname = 'pulseboard_api') then
    create role pulseboard_api nologin inherit;
  end if;
end $$;
grant authenticated to pulseboard_api;
grant pulseboard_api to postgres;
grant usage on schema public, private to pulseboard_api;

/* Every write that authenticated holds on a table of schema public moves to
   pulseboard_api, table-wide grants as table-wide and column grants (such as
   "update (weights, …)") column by column. Read from the catalog rather than
   listed by hand, so that none is forgotten. */
do $$
declare
  g record;
begin
  for g in
    select c.oid::regclass as tbl, a.privilege_type as priv
    from pg_class c, aclexplode(c.relacl) a
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v')
      and a.grantee = 'authenticated'::regrole and a.privilege_type in ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
  loop
    execute format('grant %s on %s to pulseboard_api', g.priv, g.tbl);
    execute format('revoke %s on %s from authenticated', g.priv, g.tbl);
  end loop;
  for g in
    select c.oid::regclass as tbl, a.privilege_type as priv, string_agg(quote_ident(att.attname), ', ') as cols
    from pg_class c
    join pg_attribute att on att.attrelid = c.oid and att.attnum > 0 and not att.attisdropped
    cross join lateral aclexplode(att.attacl) a
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v')
      and a.grantee = 'authenticated'::regrole and a.privilege_type in ('INSERT', 'UPDATE')
    group by 1, 2
  loop
    execute format('grant %s (%s) on %s to pulseboard_api', g.priv, g.cols, g.tbl);
    execute format('revoke %s (%s) on %s from authenticated', g.priv, g.cols, g.tbl);
  end loop;
end $$;

/* Tables made later by this owner: nothing to the API roles by default, so
   each migration grants exactly what it means to (reads to authenticated,
   writes to pulseboard_api). */
alter default privileges for role postgres in schema public revoke all on tables from anon, authenticated;
