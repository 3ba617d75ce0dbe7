-- The audit log, written by triggers so that no code path can skip it.

/* Who changed what: the user or API key of the request (system when
   neither, e.g. a scheduled job), the table and row, the action, and the
   before/after of the fields that changed. */
create table public.audit_log (
  id bigint generated always as identity primary key,
  agency_id uuid,
  client_id uuid,
  table_name text not null,
  row_id uuid,
  action text not null check (action in ('insert', 'update', 'delete')),
  actor text not null check (actor in ('user', 'api_key', 'system')),
  actor_user_id uuid,
  actor_api_key_id uuid,
  before jsonb,
  after jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_client_idx on public.audit_log (client_id, created_at desc);
create index audit_log_agency_idx on public.audit_log (agency_id, created_at desc);

/* Fields left out of the diff: bookkeeping, and the derived score columns,
   whose every change is already in score_history (keeping them out keeps a
   rescore of 100,000 customers cheap). A manual score is still audited. */
create function private.audit_diff(old_row jsonb, new_row jsonb) returns table (before jsonb, after jsonb)
language sql immutable set search_path = '' as $$
  with keys as (
    select key from jsonb_object_keys(coalesce(new_row, old_row)) key
    where key not in ('updated_at', 'last_used_at', 'key_hash', 'scored_at',
                      'previous_score', 'score_missing', 'config_version', 'status')
      and (key <> 'score' or coalesce((new_row ->> 'score_manual')::boolean, false))
      and (old_row is null or new_row is null or old_row -> key is distinct from new_row -> key)
  )
  select case when old_row is null then null else (select jsonb_object_agg(key, old_row -> key) from keys) end,
         case when new_row is null then null else (select jsonb_object_agg(key, new_row -> key) from keys) end
  where exists (select 1 from keys)
$$;

/* One statement-level trigger per table and action: set-based, so a bulk
   write of thousands of rows costs one insert here. */
create function private.audit_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  user_id uuid := auth.uid();
  key_id uuid := private.current_api_key_id();
  who text := case when user_id is not null then 'user' when key_id is not null then 'api_key' else 'system' end;
begin
  if tg_op = 'INSERT' then
    insert into public.audit_log (agency_id, client_id, table_name, row_id, action, actor, actor_user_id, actor_api_key_id, before, after)
    select private.audit_agency(tg_table_name, r.j), private.audit_client(tg_table_name, r.j), tg_table_name, (r.j ->> 'id')::uuid,
           'insert', who, user_id, key_id, d.before, d.after
    from (select to_jsonb(t) j from new_rows t) r, private.audit_diff(null, r.j) d;
  elsif tg_op = 'UPDATE' then
    insert into public.audit_log (agency_id, client_id, table_name, row_id, action, actor, actor_user_id, actor_api_key_id, before, after)
    select private.audit_agency(tg_table_name, n.j), private.audit_client(tg_table_name, n.j), tg_table_name, (n.j ->> 'id')::uuid,
           'update', who, user_id, key_id, d.before, d.after
    from (select to_jsonb(t) j from new_rows t) n
    join (select to_jsonb(t) j from old_rows t) o on o.j -> 'id' = n.j -> 'id',
    private.audit_diff(o.j, n.j) d;
  else
    insert into public.audit_log (agency_id, client_id, table_name, row_id, action, actor, actor_user_id, actor_api_key_id, before, after)
    select private.audit_agency(tg_table_name, r.j), private.audit_client(tg_table_name, r.j), tg_table_name, (r.j ->> 'id')::uuid,
           'delete', who, user_id, key_id, d.before, d.after
    from (select to_jsonb(t) j from old_rows t) r, private.audit_diff(r.j, null) d;
  end if;
  return null;
end $$;

/* The client a row belongs to (a client row belongs to itself). */
create function private.audit_client(table_name text, r jsonb) returns uuid
language sql immutable set search_path = '' as $$
  select case when table_name = 'clients' then (r ->> 'id')::uuid else (r ->> 'client_id')::uuid end
$$;

/* The agency a row belongs to, directly or through its client. */
create function private.audit_agency(table_name text, r jsonb) returns uuid
language sql stable security definer set search_path = '' as $$
  select case when table_name = 'agencies' then (r ->> 'id')::uuid
    else coalesce((r ->> 'agency_id')::uuid,
                  (select c.agency_id from public.clients c where c.id = (r ->> 'client_id')::uuid)) end
$$;

/* Attaches the three audit triggers to a table. */
create function private.audit_table(t regclass) returns void
language plpgsql set search_path = '' as $$
begin
  execute format('create trigger audit_insert after insert on %s referencing new table as new_rows for each statement execute function private.audit_changes()', t);
  execute format('create trigger audit_update after update on %s referencing old table as old_rows new table as new_rows for each statement execute function private.audit_changes()', t);
  execute format('create trigger audit_delete after delete on %s referencing old table as old_rows for each statement execute function private.audit_changes()', t);
end $$;

select private.audit_table(t) from unnest(array[
  'public.agencies', 'public.agency_members', 'public.clients', 'public.client_members', 'public.api_keys',
  'public.client_settings', 'public.scoring_profiles', 'public.customers', 'public.contacts',
  'public.customer_notes', 'public.sentiment_entries'
]::regclass[]) t;

alter table public.audit_log enable row level security;

create policy "Audit entries are visible to owners and admins of the agency" on public.audit_log
  for select to authenticated using (agency_id = any ((select private.admin_agency_ids())::uuid[]));

revoke all on public.audit_log from anon, authenticated;
grant select on public.audit_log to authenticated;
revoke all on function private.audit_diff(jsonb, jsonb), private.audit_client(text, jsonb),
  private.audit_agency(text, jsonb), private.audit_table(regclass) from public;
