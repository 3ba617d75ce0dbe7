-- The customers search (name or tag contains the words typed) from a
-- trigram index. Under row-level security a condition that is not
-- leakproof, as ilike is not, is evaluated after the policy and can never
-- be an index condition, so every search read all of a client's rows.
-- private.search_candidates reads the index as the table's owner, for a
-- client the caller may read, and hands back at most p_cap ids; the list
-- query keeps its own search condition and its policy on those rows
-- (uuid equality is leakproof, so the ids are an index condition). A
-- search matching more than p_cap rows is served as before: its rows come
-- early in any order, so the page stops soon.

create extension if not exists pg_trgm with schema extensions;

/* What a search looks in: the name and the tags, apart (a pattern without
   the separator cannot match across two of them). */
create function private.search_text(name text, tags text[]) returns text
language sql immutable as $$
  select name || E'\u0001' || coalesce(array_to_string(tags, E'\u0001'), '')
$$;

-- Every write of a customer computes it for the index, as the writer.
grant execute on function private.search_text(text, text[]) to pulseboard_api;

create index customers_search_trgm_idx on public.customers
  using gin (private.search_text(name, tags) extensions.gin_trgm_ops) where deleted_at is null;

/* The live customers of p_client whose name or tags match p_pattern (an
   ilike pattern), at most p_cap + 1 of them: more than p_cap says "too many
   to be worth it". Nothing for a client the caller may not read. Planned
   with the pattern's value (EXECUTE), so a pattern most rows match is read
   by a scan that stops at p_cap + 1, not from the index. */
create function private.search_candidates(p_client uuid, p_pattern text, p_cap integer) returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
declare
  ids uuid[];
begin
  if not p_client = any (private.readable_client_ids()) then
    return '{}';
  end if;
  execute $q$
    select coalesce(array_agg(id), '{}') from (
      select c.id from public.customers c
      where c.client_id = $1 and c.deleted_at is null and private.search_text(c.name, c.tags) ilike $2
      limit $3 + 1) m
  $q$ into ids using p_client, p_pattern, p_cap;
  return ids;
end $$;
revoke all on function private.search_candidates(uuid, text, integer) from public, anon;
grant execute on function private.search_candidates(uuid, text, integer) to pulseboard_api;
