-- private.iso_instant (20261202004000) as Postgres can inline it into the
-- query that calls it: stable like to_char, no SET clause, not security
-- definer, names qualified instead. list_customers calls it four times a
-- row; as a called function with `set search_path` it cost the API's role a
-- search-path recomputation each time (23 ms instead of 4 for a page of 100
-- in bench/api). Same text out for every instant.
create or replace function private.iso_instant(t timestamptz) returns text
language sql stable as $$
  select pg_catalog.to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;
