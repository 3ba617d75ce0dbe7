-- The customers search asked the trigram index for every search of three
-- characters or more. For a broad one (most of the client's customers
-- match, as "cus" does) the index hands back a bitmap of all of them before
-- the first row: 20–40 ms of every such keystroke on 100,000 customers,
-- where the page query alone, reading in score order, finds its 25 rows in
-- the first few hundred (bench/customers). The planner cannot tell the two
-- apart: it has no statistics for the pattern, and guesses ten rows.
--
-- So private.search_candidates first tries the search on the client's first
-- 500 live customers in score order (the page's default order, read from
-- customers_client_score_idx), stopping at the fifth match: when five of
-- them match (one in a hundred or more), a scan in that order finds a page
-- within about 2,500 rows, and it answers null ("scan") without touching
-- the trigram index; a broad search is decided in its first few rows.
-- Otherwise it reads the index as before, and answers null as well when
-- more than p_cap match. Either way the answer only picks the plan: the
-- list query keeps its own condition, so every path returns the same rows.

create or replace function private.search_candidates(p_client uuid, p_pattern text, p_cap integer) returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
declare
  matched integer;
  ids uuid[];
begin
  if not p_client = any (private.readable_client_ids()) then
    return '{}';
  end if;
  select count(*) into matched from (
    select 1 from (select c.name, c.tags from public.customers c
                   where c.client_id = p_client and c.deleted_at is null
                   order by c.score, c.id limit 500) s
    where private.search_text(s.name, s.tags) ilike p_pattern
    limit 5) m;
  if matched = 5 then
    return null;
  end if;
  execute $q$
    select coalesce(array_agg(id), '{}') from (
      select c.id from public.customers c
      where c.client_id = $1 and c.deleted_at is null and private.search_text(c.name, c.tags) ilike $2
      limit $3 + 1) m
  $q$ into ids using p_client, p_pattern, p_cap;
  return case when cardinality(ids) > p_cap then null else ids end;
end $$;
