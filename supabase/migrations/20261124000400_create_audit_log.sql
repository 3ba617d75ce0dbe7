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

/* Fields left out of the audit: bookkeeping, and the derived score columns,
   whose every change is already in score_history (keeping them out keeps a
   rescore of 100,000 customers free of audit work). A manual score is still
   audited. */
create function private.audit_ignored_columns() returns text[]
language plpgsql immutable set search_path = '' as $$
begin
  return array['updated_at', 'name_key', 'last_used_at', 'key_hash', 'scored_at', 'previous_score',
               'score_missing', 'config_version', 'status', 'score'];
end $$;

/* The before/after of the fields that changed; no row when none did. */
create function private.audit_diff(old_row jsonb, new_row jsonb) returns table (before jsonb, after jsonb)
language plpgsql immutable set search_path = '' as $$
declare
  changed text[];
begin
  select array_agg(key) into changed
  from jsonb_object_keys(coalesce(new_row, old_row)) key
  where (key <> all (private.audit_ignored_columns())
         or key = 'score' and coalesce((new_row ->> 'score_manual')::boolean, false))
    and (old_row is null or new_row is null or old_row -> key is distinct from new_row -> key);
  if changed is null then
    return;
  end if;
  return query select
    case when old_row is null then null else (select jsonb_object_agg(k, old_row -> k) from unnest(changed) k) end,
    case when new_row is null then null else (select jsonb_object_agg(k, new_row -> k) from unnest(changed) k) end;
end $$;

/* One row of audit per changed row. Row-level, with a WHEN clause on the
   audited columns (see audit_table), so writes that touch only derived
   columns never call this at all. */
create function private.audit_row() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  user_id uuid := auth.uid();
  key_id uuid := case when user_id is null then private.current_api_key_id() end;
  old_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  new_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  r jsonb := coalesce(new_row, old_row);
begin
  insert into public.audit_log (agency_id, client_id, table_name, row_id, action, actor, actor_user_id, actor_api_key_id, before, after)
  select private.audit_agency(tg_table_name, r), private.audit_client(tg_table_name, r), tg_table_name, (r ->> 'id')::uuid,
         lower(tg_op), case when user_id is not null then 'user' when key_id is not null then 'api_key' else 'system' end,
         user_id, key_id, d.before, d.after
  from private.audit_diff(old_row, new_row) d;
  return null;
end $$;

/* The client a row belongs to (a client row belongs to itself). */
create function private.audit_client(table_name text, r jsonb) returns uuid
language plpgsql immutable set search_path = '' as $$
begin
  return case when table_name = 'clients' then (r ->> 'id')::uuid else (r ->> 'client_id')::uuid end;
end $$;

/* The agency a row belongs to, directly or through its client. */
create function private.audit_agency(table_name text, r jsonb) returns uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  if table_name = 'agencies' then
    return (r ->> 'id')::uuid;
  end if;
  return coalesce((r ->> 'agency_id')::uuid,
                  (select c.agency_id from public.clients c where c.id = (r ->> 'client_id')::uuid));
end $$;

/* Attaches the audit triggers to a table. Updates fire only when an audited
   column changed (or a manual score did), a check Postgres makes in C. */
create function private.audit_table(t regclass) returns void
language plpgsql set search_path = '' as $$
declare
  audited text;
  manual_score text := '';
begin
  select string_agg(format('old.%1$I is distinct from new.%1$I', attname), ' or ' order by attnum) into audited
  from pg_attribute
  where attrelid = t and attnum > 0 and not attisdropped and attname <> all (private.audit_ignored_columns());
  if exists (select 1 from pg_attribute where attrelid = t and attname = 'score_manual' and not attisdropped) then
    manual_score := ' or (new.score_manual and old.score is distinct from new.score)';
  end if;
  execute format('create trigger audit_insert_delete after insert or delete on %s for each row execute function private.audit_row()', t);
  execute format('create trigger audit_update after update on %s for each row when (%s%s) execute function private.audit_row()',
                 t, audited, manual_score);
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
  private.audit_agency(text, jsonb), private.audit_table(regclass), private.audit_ignored_columns() from public;
