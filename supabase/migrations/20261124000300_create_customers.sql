-- Customers (accounts) with their signals and score, and what hangs off them:
-- contacts, notes, sentiment entries, score history.

/* One account of a client. Signals are the raw inputs of SPEC §3; the score
   columns are written by the scoring code in the same transaction as the
   signals. days_since_contact is the baseline as of contact_baseline_at:
   the days actually elapsed are computed from those two, so decay is a
   function of dates, never an increment. */
create table public.customers (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.clients (id) on delete cascade,
  name text not null check (length(trim(name)) between 1 and 200),
  -- Lookups by name go through this column, not lower(name): lower() is not
  -- leakproof, so under RLS a lower(name) condition cannot use an index.
  name_key text generated always as (lower(name)) stored,
  manager text check (length(manager) <= 120),
  tier text check (tier in ('smb', 'mid', 'enterprise')),
  mrr numeric(14, 2) check (mrr >= 0),
  arr numeric(14, 2) check (arr >= 0),
  lifecycle text not null default 'active' check (lifecycle in ('onboarding', 'active', 'atrisk', 'won', 'churned')),
  tags text[] not null default '{}' check (cardinality(tags) <= 50),
  renewal_date date,
  next_touch date,
  customer_since date,
  sentiment text check (sentiment in ('positive', 'neutral', 'negative')),
  note text check (length(note) <= 5000),
  scoring_profile_id uuid,
  -- signals
  logins integer check (logins >= 0),
  adoption numeric(5, 2) check (adoption between 0 and 100),
  tickets integer check (tickets >= 0),
  nps numeric(4, 2) check (nps between 0 and 10),
  nps_category text check (nps_category in ('promoter', 'passive', 'detractor')),
  csat numeric(3, 2) check (csat between 1 and 5),
  days_since_contact integer check (days_since_contact >= 0),
  contact_baseline_at timestamptz,
  growth text check (growth in ('none', 'mild', 'strong')),
  -- score
  score numeric(7, 4) check (score between 0 and 100),
  status text check (status in ('critical', 'atrisk', 'watch', 'healthy', 'expansion')),
  score_manual boolean not null default false,
  score_missing text[] not null default '{}',
  previous_score numeric(7, 4),
  scored_at timestamptz,
  config_version integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (id, client_id),
  foreign key (scoring_profile_id, client_id) references public.scoring_profiles (id, client_id)
    on delete set null (scoring_profile_id)
);
-- Users type names in any case; two "Acme" in one client would split signals.
create unique index customers_name_per_client on public.customers (client_id, name_key) where deleted_at is null;
-- The orders that must stay fast at 100,000 customers a client: the poll
-- (updated_at, with id as tie-breaker so keyset cursors are stable) and the
-- worst-first lists, overall and per band. Every index here is rewritten by
-- each rescore (score, status and updated_at change, so updates are not HOT),
-- so the rarer orders (name, mrr, arr, created_at) sort the client's rows
-- instead; name lookups use customers_name_per_client.
create index customers_client_updated_idx on public.customers (client_id, updated_at desc, id desc);
create index customers_client_score_idx on public.customers (client_id, score, id);
create index customers_client_status_score_idx on public.customers (client_id, status, score, id);

/* People at a customer. */
create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null,
  customer_id uuid not null,
  name text not null check (length(trim(name)) between 1 and 200),
  role text check (length(role) <= 120),
  email text check (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  phone text check (length(phone) <= 40),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- The pair, not the id alone: a row can never point at another client's customer.
  foreign key (customer_id, client_id) references public.customers (id, client_id) on delete cascade
);
create index contacts_customer_idx on public.contacts (customer_id);
create index contacts_client_idx on public.contacts (client_id);

/* Timestamped notes on a customer. */
create table public.customer_notes (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null,
  customer_id uuid not null,
  body text not null check (length(trim(body)) between 1 and 5000),
  author_id uuid default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (customer_id, client_id) references public.customers (id, client_id) on delete cascade
);
create index customer_notes_customer_idx on public.customer_notes (customer_id, created_at desc);
create index customer_notes_client_idx on public.customer_notes (client_id);

/* The sentiment log: positive / neutral / negative with a note. */
create table public.sentiment_entries (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null,
  customer_id uuid not null,
  sentiment text not null check (sentiment in ('positive', 'neutral', 'negative')),
  note text check (length(note) <= 2000),
  author_id uuid default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (customer_id, client_id) references public.customers (id, client_id) on delete cascade
);
create index sentiment_entries_customer_idx on public.sentiment_entries (customer_id, created_at desc);
create index sentiment_entries_client_idx on public.sentiment_entries (client_id);

/* Every change of score, with a snapshot of all signals, so two updates can
   be compared. Append-only. */
create table public.score_history (
  id bigint generated always as identity primary key,
  client_id uuid not null,
  customer_id uuid not null,
  score numeric(7, 4) check (score between 0 and 100),
  status text check (status in ('critical', 'atrisk', 'watch', 'healthy', 'expansion')),
  reason text not null check (reason in ('signals', 'manual', 'config_change', 'decay', 'import', 'backfill')),
  signals jsonb not null,
  config_version integer,
  created_at timestamptz not null default now(),
  foreign key (customer_id, client_id) references public.customers (id, client_id) on delete cascade
);
create index score_history_customer_idx on public.score_history (customer_id, created_at desc);
create index score_history_client_idx on public.score_history (client_id, created_at desc);

create trigger touch_updated_at before update on public.customers for each row execute function private.touch_updated_at();
create trigger touch_updated_at before update on public.contacts for each row execute function private.touch_updated_at();
create trigger touch_updated_at before update on public.customer_notes for each row execute function private.touch_updated_at();
create trigger touch_updated_at before update on public.sentiment_entries for each row execute function private.touch_updated_at();

/* The author of a note or sentiment entry is whoever wrote it, never what
   the input claims; an API key or a job writes without an author. */
create function private.stamp_author() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.author_id := case when tg_op = 'INSERT' then auth.uid() else old.author_id end;
  return new;
end $$;
create trigger stamp_author before insert or update on public.customer_notes for each row execute function private.stamp_author();
create trigger stamp_author before insert or update on public.sentiment_entries for each row execute function private.stamp_author();

/* A row never changes client: moving data between tenants is not an edit. */
create function private.keep_client_id() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.client_id is distinct from old.client_id then
    raise exception 'client_id cannot be changed' using errcode = '42501';
  end if;
  return new;
end $$;
create trigger keep_client_id before update of client_id on public.customers for each row execute function private.keep_client_id();
create trigger keep_client_id before update of client_id on public.contacts for each row execute function private.keep_client_id();
create trigger keep_client_id before update of client_id on public.customer_notes for each row execute function private.keep_client_id();
create trigger keep_client_id before update of client_id on public.sentiment_entries for each row execute function private.keep_client_id();
create trigger keep_client_id before update of client_id on public.client_settings for each row execute function private.keep_client_id();
create trigger keep_client_id before update of client_id on public.scoring_profiles for each row execute function private.keep_client_id();
create trigger keep_client_id before update of client_id on public.api_keys for each row execute function private.keep_client_id();
create trigger keep_client_id before update of client_id on public.client_members for each row execute function private.keep_client_id();

alter table public.customers enable row level security;
alter table public.contacts enable row level security;
alter table public.customer_notes enable row level security;
alter table public.sentiment_entries enable row level security;
alter table public.score_history enable row level security;

-- Customers are never deleted through the API roles: deletion is soft
-- (deleted_at), so it is an update and stays recoverable.
create policy "Customers are visible to those who read the client" on public.customers
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Customers can be added by editors of the client" on public.customers
  for insert to authenticated with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Customers can be edited by editors of the client" on public.customers
  for update to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]))
  with check (client_id = any ((select private.editable_client_ids())::uuid[]));

create policy "Contacts are visible to those who read the client" on public.contacts
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Contacts can be added by editors of the client" on public.contacts
  for insert to authenticated with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Contacts can be edited by editors of the client" on public.contacts
  for update to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]))
  with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Contacts can be removed by editors of the client" on public.contacts
  for delete to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]));

create policy "Notes are visible to those who read the client" on public.customer_notes
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Notes can be added by editors of the client" on public.customer_notes
  for insert to authenticated with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Notes can be edited by editors of the client" on public.customer_notes
  for update to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]))
  with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Notes can be removed by editors of the client" on public.customer_notes
  for delete to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]));

create policy "Sentiment entries are visible to those who read the client" on public.sentiment_entries
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Sentiment entries can be added by editors of the client" on public.sentiment_entries
  for insert to authenticated with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Sentiment entries can be removed by editors of the client" on public.sentiment_entries
  for delete to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]));

create policy "Score history is visible to those who read the client" on public.score_history
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Score history is appended by editors of the client" on public.score_history
  for insert to authenticated with check (client_id = any ((select private.editable_client_ids())::uuid[]));

revoke all on public.customers, public.contacts, public.customer_notes, public.sentiment_entries, public.score_history
  from anon, authenticated;
grant select, insert, update on public.customers to authenticated;
grant select, insert, update, delete on public.contacts, public.customer_notes to authenticated;
grant select, insert, delete on public.sentiment_entries to authenticated;
grant select, insert on public.score_history to authenticated;
