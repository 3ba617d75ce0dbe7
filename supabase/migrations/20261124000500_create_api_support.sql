-- What the public API needs beyond the data: key check with rate limit,
-- idempotency records, REST hook subscriptions and the notification outbox.

/* Requests per key per minute window. Not exposed: only the key check below
   touches it. Unlogged: every API request writes here, and counts lost in a
   crash are harmless, so they need not cost a WAL record each. */
create unlogged table private.rate_limit_hits (
  api_key_id uuid not null references public.api_keys (id) on delete cascade,
  window_start timestamptz not null,
  hits integer not null,
  primary key (api_key_id, window_start)
);

/* The gate every x-api-key request passes before its transaction: is the key
   live, is it within its rate limit; and it stamps last_used_at (at most once
   a minute, so a busy key does not rewrite its row on every call). Called by
   the edge function's own connection, never by API roles. */
create function private.check_api_key(p_key_hash text)
returns table (api_key_id uuid, client_id uuid, allowed boolean, remaining integer, retry_after integer)
language plpgsql security definer set search_path = '' as $$
#variable_conflict use_column
declare
  k record;
  w timestamptz := date_trunc('minute', now());
  n integer;
begin
  select a.id, a.client_id, a.rate_limit_per_minute, a.last_used_at into k
  from public.api_keys a join public.clients c on c.id = a.client_id
  where a.key_hash = p_key_hash and a.revoked_at is null and c.archived_at is null;
  if not found then
    return;
  end if;
  insert into private.rate_limit_hits as h (api_key_id, window_start, hits) values (k.id, w, 1)
  on conflict (api_key_id, window_start) do update set hits = h.hits + 1
  returning hits into n;
  if k.last_used_at is null or k.last_used_at < now() - interval '1 minute' then
    update public.api_keys set last_used_at = now() where id = k.id;
  end if;
  return query select k.id, k.client_id, n <= k.rate_limit_per_minute,
    greatest(k.rate_limit_per_minute - n, 0),
    ceil(extract(epoch from (w + interval '1 minute' - now())))::integer;
end $$;
revoke all on function private.check_api_key(text) from public, anon, authenticated;

/* Old windows are useless after a minute. */
create function private.prune_rate_limit_hits() returns void
language sql security definer set search_path = '' as $$
  delete from private.rate_limit_hits where window_start < now() - interval '5 minutes'
$$;

/* Who is asking, as a stable string: idempotency records belong to it. */
create function private.current_principal() returns text
language plpgsql stable security definer set search_path = '' as $$
begin
  return coalesce('user:' || auth.uid()::text, 'key:' || private.current_api_key_id()::text);
end $$;
grant execute on function private.current_principal() to authenticated;

/* A write replayed with the same Idempotency-Key gets the first answer
   instead of a second write. The record is inserted in the write's own
   transaction, so a concurrent duplicate waits and then finds it. */
create table public.idempotency_keys (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.clients (id) on delete cascade,
  principal text not null default private.current_principal(),
  key text not null check (length(key) between 1 and 200),
  request_hash text not null,
  status integer,
  response jsonb,
  created_at timestamptz not null default now(),
  unique (principal, key)
);
create index idempotency_keys_client_idx on public.idempotency_keys (client_id);
create index idempotency_keys_created_idx on public.idempotency_keys (created_at);

alter table public.idempotency_keys enable row level security;
create policy "Idempotency records are visible to the principal that made them" on public.idempotency_keys
  for select to authenticated using (principal = (select private.current_principal()) and client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Idempotency records are made by editors of the client" on public.idempotency_keys
  for insert to authenticated with check (principal = (select private.current_principal()) and client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Idempotency records are completed by the principal that made them" on public.idempotency_keys
  for update to authenticated using (principal = (select private.current_principal()))
  with check (principal = (select private.current_principal()));
revoke all on public.idempotency_keys from anon, authenticated;
grant select, insert (client_id, key, request_hash, status, response), update (status, response) on public.idempotency_keys to authenticated;

/* REST hooks (Zapier's instant triggers): a URL subscribed to an event of one client. */
create table public.webhook_subscriptions (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.clients (id) on delete cascade,
  event text not null check (event in ('customer.updated', 'customer.status_changed')),
  target_url text not null check (target_url ~ '^https?://' and length(target_url) <= 2000),
  api_key_id uuid references public.api_keys (id) on delete cascade,
  created_by uuid default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_subscriptions_client_idx on public.webhook_subscriptions (client_id, event);
create trigger touch_updated_at before update on public.webhook_subscriptions for each row execute function private.touch_updated_at();
select private.audit_table('public.webhook_subscriptions');

alter table public.webhook_subscriptions enable row level security;
create policy "Subscriptions are visible to those who read the client" on public.webhook_subscriptions
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Subscriptions can be made by editors of the client" on public.webhook_subscriptions
  for insert to authenticated with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Subscriptions can be removed by editors of the client" on public.webhook_subscriptions
  for delete to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]));
revoke all on public.webhook_subscriptions from anon, authenticated;
grant select, insert (client_id, event, target_url, api_key_id), delete on public.webhook_subscriptions to authenticated;

/* Every outgoing notification waits here until delivered: durable, retried
   with backoff, sent once (the drain locks rows with skip locked). */
create table public.notification_outbox (
  id bigint generated always as identity primary key,
  client_id uuid not null references public.clients (id) on delete cascade,
  kind text not null check (kind in ('rest_hook')),
  subscription_id uuid references public.webhook_subscriptions (id) on delete cascade,
  target_url text not null,
  event text not null,
  payload jsonb not null,
  -- One delivery per customer, subscription and transaction: a write that
  -- updates signals and then the score is one event carrying the final state.
  dedupe_key text not null default txid_current()::text,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create unique index notification_outbox_dedupe_idx on public.notification_outbox (subscription_id, dedupe_key);
create index notification_outbox_due_idx on public.notification_outbox (next_attempt_at) where status = 'pending';
create index notification_outbox_client_idx on public.notification_outbox (client_id, created_at desc);

alter table public.notification_outbox enable row level security;
create policy "Deliveries are visible to those who read the client" on public.notification_outbox
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]) and (select auth.uid()) is not null);
revoke all on public.notification_outbox from anon, authenticated;
grant select on public.notification_outbox to authenticated;

/* The customer as hooks deliver it: the same fields list_customers returns. */
create function private.customer_payload(c public.customers) returns jsonb
language plpgsql stable set search_path = '' as $$
begin
  return jsonb_build_object(
    'id', c.id, 'name', c.name, 'manager', c.manager, 'tier', c.tier, 'mrr', c.mrr, 'arr', c.arr,
    'lifecycle', c.lifecycle, 'tags', to_jsonb(c.tags), 'renewal_date', c.renewal_date, 'next_touch', c.next_touch,
    'since', c.customer_since, 'sentiment', c.sentiment,
    'score', round(c.score), 'status', c.status, 'previous_score', round(c.previous_score),
    'logins', c.logins, 'adoption', c.adoption, 'tickets', c.tickets, 'nps', c.nps, 'csat', c.csat,
    'days', c.days_since_contact + greatest(0, (now() at time zone 'utc')::date - (coalesce(c.contact_baseline_at, now()) at time zone 'utc')::date),
    'growth', c.growth, 'created_at', c.created_at, 'updated_at', c.updated_at, 'deleted_at', c.deleted_at);
end $$;

/* The deliveries for a set of customer changes: one per subscription and
   customer, merged within a transaction (dedupe_key). */
create function private.enqueue_hooks(changes jsonb) returns void
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.notification_outbox (client_id, kind, subscription_id, target_url, event, payload, dedupe_key)
  select s.client_id, 'rest_hook', s.id, s.target_url, s.event,
         jsonb_build_object('event', s.event, 'occurred_at', now(), 'customer', ch.value -> 'customer'),
         txid_current()::text || ':' || (ch.value -> 'customer' ->> 'id')
  from jsonb_array_elements(changes) ch
  join public.webhook_subscriptions s on s.client_id = (ch.value ->> 'client_id')::uuid
  where (s.event = 'customer.updated' and (ch.value ->> 'changed')::boolean)
     or (s.event = 'customer.status_changed' and (ch.value ->> 'status_changed')::boolean)
  on conflict (subscription_id, dedupe_key) do update set payload = excluded.payload;
end $$;

/* Customer changes become hook deliveries in the writing transaction, so no
   code path can change a customer without its subscribers hearing of it. */
create function private.enqueue_customer_hooks() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- Most clients have no subscriptions: then a bulk write costs one probe here.
  if not exists (select 1 from public.webhook_subscriptions s
                 where s.client_id in (select distinct n.client_id from new_rows n)) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.enqueue_hooks((select jsonb_agg(jsonb_build_object(
      'client_id', n.client_id, 'customer', private.customer_payload(n), 'changed', true, 'status_changed', false))
      from new_rows n));
  else
    perform private.enqueue_hooks((select jsonb_agg(jsonb_build_object(
      'client_id', n.client_id, 'customer', private.customer_payload(n),
      'changed', (to_jsonb(o) - 'updated_at' - 'scored_at') is distinct from (to_jsonb(n) - 'updated_at' - 'scored_at'),
      'status_changed', o.status is distinct from n.status))
      from new_rows n join old_rows o on o.id = n.id));
  end if;
  return null;
end $$;

create trigger enqueue_hooks_update after update on public.customers
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.enqueue_customer_hooks();
create trigger enqueue_hooks_insert after insert on public.customers
  referencing new table as new_rows
  for each statement execute function private.enqueue_customer_hooks();
