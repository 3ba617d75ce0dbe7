-- Extensions the product needs: pg_cron schedules decay and reports; pg_net
-- lets scheduled SQL ring the edge functions over HTTP.

-- As Supabase documents it: pg_cron lives in pg_catalog, its tables in `cron`.
create extension if not exists pg_cron with schema pg_catalog;
grant usage on schema cron to postgres;

-- On a Supabase project pg_net is available and is created here; the local
-- stack has no pg_net binary and provides the same `net` functions from its
-- compatibility bootstrap instead.
do $$
begin
  if exists (select from pg_available_extensions where name = 'pg_net') then
    create extension if not exists pg_net with schema extensions;
  end if;
end
$$;
