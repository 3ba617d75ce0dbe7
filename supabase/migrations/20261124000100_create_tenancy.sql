-- Agencies, clients, memberships and API keys: who may see which client.
--
-- Every tenant row carries client_id. Access is decided by a few stable
-- helpers in the non-exposed `private` schema, read once per query by policies
-- written as `(select private.x())`. Two kinds of principal reach Postgres:
--   * a dashboard user: request.jwt.claims has sub = auth.users.id;
--   * an API key: request.jwt.claims has api_key_hash (sha-256 hex of the
--     raw key). The key is looked up here, so a revoked key or a key of an
--     archived client sees nothing whatever the calling code does.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated;
-- Functions are executable by everyone by default. Not ours: each migration
-- grants what policies and the API call. (A per-schema revoke cannot undo a
-- global default, hence the global form; public functions stay reachable by
-- the API roles through their explicit default grants.)
alter default privileges for role postgres revoke execute on functions from public;

/* An agency runs customer success for several client businesses. */
create table public.agencies (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) between 1 and 120),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

/* A user's place in an agency: owner and admin see every client; a member
   only the clients of their client_members rows. */
create table public.agency_members (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null references public.agencies (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'member')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (agency_id, user_id)
);
create index agency_members_user_id_idx on public.agency_members (user_id);

/* A client business of an agency. Archived clients keep their data, but
   their API keys stop working and members no longer see them. */
create table public.clients (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null references public.agencies (id) on delete cascade,
  name text not null check (length(trim(name)) between 1 and 120),
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index clients_agency_id_idx on public.clients (agency_id);
create unique index clients_name_per_agency on public.clients (agency_id, lower(name));

/* A member's assignment to one client: manager edits, viewer reads. */
create table public.client_members (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.clients (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('manager', 'viewer')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (client_id, user_id)
);
create index client_members_user_id_idx on public.client_members (user_id);

/* An integration's key. Only its sha-256 is stored; the raw key is shown
   once, at creation. A key acts for exactly one client. */
create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.clients (id) on delete cascade,
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  prefix text not null check (length(prefix) between 4 and 16),
  label text not null default 'API key' check (length(label) between 1 and 80),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  -- Requests per minute this key may make (api-inbound answers 429 beyond).
  rate_limit_per_minute integer not null default 600 check (rate_limit_per_minute between 1 and 1000000)
);
create index api_keys_client_id_idx on public.api_keys (client_id);

/* Keeps updated_at honest for every table that has one. */
create function private.touch_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end $$;

create trigger touch_updated_at before update on public.agencies for each row execute function private.touch_updated_at();
create trigger touch_updated_at before update on public.agency_members for each row execute function private.touch_updated_at();
create trigger touch_updated_at before update on public.clients for each row execute function private.touch_updated_at();
create trigger touch_updated_at before update on public.client_members for each row execute function private.touch_updated_at();
create trigger touch_updated_at before update on public.api_keys for each row execute function private.touch_updated_at();

/* The API key of this request, if it is live (not revoked, client not archived). */
create function private.current_api_key() returns table (id uuid, client_id uuid)
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
  select k.id, k.client_id
  from public.api_keys k
  join public.clients c on c.id = k.client_id
  where k.key_hash = nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'api_key_hash'
    and k.revoked_at is null
    and c.archived_at is null;
end $$;

create function private.current_api_key_id() returns uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return (select id from private.current_api_key());
end $$;

/* Agencies where the signed-in user is owner or admin. */
create function private.admin_agency_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  return (select coalesce(array_agg(agency_id), '{}')
  from public.agency_members
  where user_id = auth.uid() and role in ('owner', 'admin'));
end $$;

/* Agencies the signed-in user belongs to, in any role. */
create function private.member_agency_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  return (select coalesce(array_agg(agency_id), '{}')
  from public.agency_members
  where user_id = auth.uid());
end $$;

/* Clients whose data this principal may read: all of an owner's or admin's
   agency (archived included, so they can be restored), a member's live
   assigned clients, an API key's one client. */
create function private.readable_client_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  -- An API key is not a user: one lookup, no membership joins.
  if auth.uid() is null then
    return coalesce((select array_agg(client_id) from private.current_api_key()), '{}');
  end if;
  return (select coalesce(array_agg(id), '{}') from (
    select c.id from public.clients c
    join public.agency_members m on m.agency_id = c.agency_id
    where m.user_id = auth.uid() and m.role in ('owner', 'admin')
    union
    select c.id from public.clients c
    join public.client_members cm on cm.client_id = c.id
    join public.agency_members m on m.agency_id = c.agency_id and m.user_id = cm.user_id
    where cm.user_id = auth.uid() and c.archived_at is null
  ) ids);
end $$;

/* Clients whose configuration (settings, profiles) a user may change:
   owners and admins (live clients), members assigned as manager. Never an
   API key. */
create function private.configurable_client_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  if auth.uid() is null then
    return '{}';
  end if;
  return (select coalesce(array_agg(id), '{}') from (
    select c.id from public.clients c
    join public.agency_members m on m.agency_id = c.agency_id
    where m.user_id = auth.uid() and m.role in ('owner', 'admin') and c.archived_at is null
    union
    select c.id from public.clients c
    join public.client_members cm on cm.client_id = c.id
    join public.agency_members m on m.agency_id = c.agency_id and m.user_id = cm.user_id
    where cm.user_id = auth.uid() and cm.role = 'manager' and c.archived_at is null
  ) ids);
end $$;

/* Clients whose customer data this principal may change: those a user may
   configure, and an API key's own client. */
create function private.editable_client_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  if auth.uid() is null then
    return coalesce((select array_agg(client_id) from private.current_api_key()), '{}');
  end if;
  return private.configurable_client_ids();
end $$;

/* Clients of agencies the user administers (API keys, assignments). */
create function private.administered_client_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  return (select coalesce(array_agg(c.id), '{}')
  from public.clients c
  where c.agency_id = any (private.admin_agency_ids()));
end $$;

revoke all on all functions in schema private from public;
grant execute on all functions in schema private to authenticated;

alter table public.agencies enable row level security;
alter table public.agency_members enable row level security;
alter table public.clients enable row level security;
alter table public.client_members enable row level security;
alter table public.api_keys enable row level security;

create policy "Agencies are visible to their members" on public.agencies
  for select to authenticated using (id = any ((select private.member_agency_ids())::uuid[]));
create policy "Agencies can be renamed by their owners and admins" on public.agencies
  for update to authenticated using (id = any ((select private.admin_agency_ids())::uuid[]))
  with check (id = any ((select private.admin_agency_ids())::uuid[]));

create policy "Agency members are visible to the agency" on public.agency_members
  for select to authenticated using (agency_id = any ((select private.member_agency_ids())::uuid[]));
create policy "Agency members can be added by owners and admins" on public.agency_members
  for insert to authenticated with check (agency_id = any ((select private.admin_agency_ids())::uuid[]));
create policy "Agency members can be changed by owners and admins" on public.agency_members
  for update to authenticated using (agency_id = any ((select private.admin_agency_ids())::uuid[]))
  with check (agency_id = any ((select private.admin_agency_ids())::uuid[]));
create policy "Agency members can be removed by owners and admins" on public.agency_members
  for delete to authenticated using (agency_id = any ((select private.admin_agency_ids())::uuid[]));

create policy "Clients are visible to those who may read them" on public.clients
  for select to authenticated using (id = any ((select private.readable_client_ids())::uuid[]));
create policy "Clients can be added by owners and admins" on public.clients
  for insert to authenticated with check (agency_id = any ((select private.admin_agency_ids())::uuid[]));
create policy "Clients can be edited by owners and admins" on public.clients
  for update to authenticated using (agency_id = any ((select private.admin_agency_ids())::uuid[]))
  with check (agency_id = any ((select private.admin_agency_ids())::uuid[]));

create policy "Client assignments are visible to those who read the client" on public.client_members
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]) and (select auth.uid()) is not null);
create policy "Client assignments can be added by owners and admins" on public.client_members
  for insert to authenticated with check (client_id = any ((select private.administered_client_ids())::uuid[]));
create policy "Client assignments can be changed by owners and admins" on public.client_members
  for update to authenticated using (client_id = any ((select private.administered_client_ids())::uuid[]))
  with check (client_id = any ((select private.administered_client_ids())::uuid[]));
create policy "Client assignments can be removed by owners and admins" on public.client_members
  for delete to authenticated using (client_id = any ((select private.administered_client_ids())::uuid[]));

create policy "API keys are visible to owners and admins" on public.api_keys
  for select to authenticated using (client_id = any ((select private.administered_client_ids())::uuid[]));
create policy "API keys can be created by owners and admins" on public.api_keys
  for insert to authenticated with check (client_id = any ((select private.administered_client_ids())::uuid[]));
create policy "API keys can be revoked by owners and admins" on public.api_keys
  for update to authenticated using (client_id = any ((select private.administered_client_ids())::uuid[]))
  with check (client_id = any ((select private.administered_client_ids())::uuid[]));

revoke all on public.agencies, public.agency_members, public.clients, public.client_members, public.api_keys from anon, authenticated;
grant select, update on public.agencies to authenticated;
grant select, insert, update, delete on public.agency_members to authenticated;
grant select, insert, update on public.clients to authenticated;
grant select, insert, update, delete on public.client_members to authenticated;
grant select (id, client_id, prefix, label, created_by, created_at, updated_at, last_used_at, revoked_at),
  insert (client_id, key_hash, prefix, label, created_by), update (label, revoked_at)
  on public.api_keys to authenticated;
