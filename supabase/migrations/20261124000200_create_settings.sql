-- Per-client scoring settings and scoring profiles, versioned together.
--
-- One version counter per client (client_settings.version) moves whenever the
-- settings or any of the client's profiles change; every stored score records
-- the version that produced it, and config_history keeps each version.

/* Sum of a weights object; the database refuses weights that do not total 100. */
create function private.weights_valid(weights jsonb) returns boolean
language sql immutable set search_path = '' as $$
  select jsonb_typeof(weights) = 'object'
    and not exists (
      select 1 from jsonb_each(weights) w
      where w.key not in ('logins', 'adoption', 'tickets', 'nps', 'csat', 'days', 'growth')
         or jsonb_typeof(w.value) <> 'number'
         or (w.value)::numeric < 0 or (w.value)::numeric > 100)
    and (select coalesce(sum((value)::numeric), 0) from jsonb_each(weights)) = 100
$$;

/* Band lower bounds must rise: atrisk < watch < healthy < expansion, within 1..100. */
create function private.bands_valid(bands jsonb) returns boolean
language sql immutable set search_path = '' as $$
  select jsonb_typeof(bands) = 'object'
    and (bands ->> 'atrisk')::numeric > 0
    and (bands ->> 'atrisk')::numeric < (bands ->> 'watch')::numeric
    and (bands ->> 'watch')::numeric < (bands ->> 'healthy')::numeric
    and (bands ->> 'healthy')::numeric < (bands ->> 'expansion')::numeric
    and (bands ->> 'expansion')::numeric <= 100
$$;

/* A client's scoring configuration. Sections are JSON shaped by the zod
   schemas in shared/scoring/settings.ts; ranges that matter are checked here
   too, so no path can store a configuration the engine would refuse. */
create table public.client_settings (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null unique references public.clients (id) on delete cascade,
  version integer not null default 1,
  weights jsonb not null default '{"logins":25,"adoption":25,"tickets":20,"nps":15,"days":10,"growth":5,"csat":0}'
    check (private.weights_valid(weights)),
  bands jsonb not null default '{"atrisk":25,"watch":50,"healthy":65,"expansion":80}'
    check (private.bands_valid(bands)),
  mappings jsonb not null default '{"loginsMax":30,"ticketsZeroAt":5,"daysZeroAt":180,"npsPromoter":100,"npsPassive":50,"npsDetractor":0,"csatMin":1,"csatMax":5,"growth":{"none":20,"mild":60,"strong":100}}'
    check (jsonb_typeof(mappings) = 'object'),
  cadence jsonb not null default '{"enterprise":{"dueSoon":14,"overdue":30},"mid":{"dueSoon":21,"overdue":45},"smb":{"dueSoon":30,"overdue":60}}'
    check (jsonb_typeof(cadence) = 'object'),
  renewal_windows jsonb not null default '{"attention":60,"warning":30,"critical":14}'
    check (jsonb_typeof(renewal_windows) = 'object'),
  signal_thresholds jsonb not null default '{"lowLogins":5,"lowAdoption":30,"ticketAlert":3,"lowCsat":2,"expansionMrr":3000,"expansionQuietDays":30,"scoreDrop":15}'
    check (jsonb_typeof(signal_thresholds) = 'object'),
  expansion jsonb not null default '{"percentOfMrr":20}'
    check (jsonb_typeof(expansion) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

/* Named presets assigned per customer; they override the client's weights
   (and optionally mappings and bands). */
create table public.scoring_profiles (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.clients (id) on delete cascade,
  name text not null check (length(trim(name)) between 1 and 80),
  weights jsonb not null check (private.weights_valid(weights)),
  mappings jsonb not null default '{}' check (jsonb_typeof(mappings) = 'object'),
  bands jsonb check (bands is null or private.bands_valid(bands)),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, client_id)
);
create index scoring_profiles_client_id_idx on public.scoring_profiles (client_id);
create unique index scoring_profiles_name_per_client on public.scoring_profiles (client_id, lower(name));

/* Every configuration version of a client, with who made it. */
create table public.config_history (
  id bigint generated always as identity primary key,
  client_id uuid not null references public.clients (id) on delete cascade,
  version integer not null,
  settings jsonb not null,
  profiles jsonb not null,
  changed_by uuid,
  created_at timestamptz not null default now()
);
create index config_history_client_id_idx on public.config_history (client_id, version desc);

create trigger touch_updated_at before update on public.client_settings for each row execute function private.touch_updated_at();
create trigger touch_updated_at before update on public.scoring_profiles for each row execute function private.touch_updated_at();

/* Every client gets default settings the moment it exists. */
create function private.create_client_settings() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.client_settings (client_id) values (new.id);
  return new;
end $$;
create trigger create_client_settings after insert on public.clients
  for each row execute function private.create_client_settings();

/* A settings change is a new version; a direct version bump (from a
   profile change) passes through unchanged. */
create function private.bump_settings_version() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.version = old.version and
     (new.weights, new.bands, new.mappings, new.cadence, new.renewal_windows, new.signal_thresholds, new.expansion)
     is distinct from
     (old.weights, old.bands, old.mappings, old.cadence, old.renewal_windows, old.signal_thresholds, old.expansion) then
    new.version := old.version + 1;
  end if;
  return new;
end $$;

create trigger bump_settings_version before update on public.client_settings
  for each row execute function private.bump_settings_version();

/* Each version lands in config_history with the profiles as they were. */
create function private.record_config_version() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' or new.version <> old.version then
    insert into public.config_history (client_id, version, settings, profiles, changed_by)
    values (new.client_id, new.version,
      to_jsonb(new) - 'id' - 'client_id' - 'version' - 'created_at' - 'updated_at',
      coalesce((select jsonb_agg(to_jsonb(p) - 'client_id' - 'created_at' - 'updated_at' order by p.name)
                from public.scoring_profiles p where p.client_id = new.client_id), '[]'),
      auth.uid());
  end if;
  return null;
end $$;
create trigger record_config_version after insert or update on public.client_settings
  for each row execute function private.record_config_version();

/* A profile change moves its client's version too. */
create function private.bump_version_for_profile() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.client_settings set version = version + 1
  where client_id = coalesce(new.client_id, old.client_id);
  return null;
end $$;
create trigger bump_version_for_profile after insert or update or delete on public.scoring_profiles
  for each row execute function private.bump_version_for_profile();

alter table public.client_settings enable row level security;
alter table public.scoring_profiles enable row level security;
alter table public.config_history enable row level security;

create policy "Settings are visible to those who read the client" on public.client_settings
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Settings can be changed by owners, admins and client managers" on public.client_settings
  for update to authenticated using (client_id = any ((select private.configurable_client_ids())::uuid[]))
  with check (client_id = any ((select private.configurable_client_ids())::uuid[]));

create policy "Profiles are visible to those who read the client" on public.scoring_profiles
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Profiles can be added by owners, admins and client managers" on public.scoring_profiles
  for insert to authenticated with check (client_id = any ((select private.configurable_client_ids())::uuid[]));
create policy "Profiles can be changed by owners, admins and client managers" on public.scoring_profiles
  for update to authenticated using (client_id = any ((select private.configurable_client_ids())::uuid[]))
  with check (client_id = any ((select private.configurable_client_ids())::uuid[]));
create policy "Profiles can be removed by owners, admins and client managers" on public.scoring_profiles
  for delete to authenticated using (client_id = any ((select private.configurable_client_ids())::uuid[]));

create policy "Config history is visible to those who read the client" on public.config_history
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]) and (select auth.uid()) is not null);

revoke all on public.client_settings, public.scoring_profiles, public.config_history from anon, authenticated;
grant select, update (weights, bands, mappings, cadence, renewal_windows, signal_thresholds, expansion)
  on public.client_settings to authenticated;
grant select, insert (client_id, name, weights, mappings, bands), update (name, weights, mappings, bands), delete
  on public.scoring_profiles to authenticated;
grant select on public.config_history to authenticated;
grant execute on function private.weights_valid(jsonb), private.bands_valid(jsonb) to authenticated;
