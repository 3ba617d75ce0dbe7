-- Every real change of a customer is numbered and ordered; a write that changes nothing changes nothing.

/* Why: pollers (Zapier's "updated customer" triggers, sync jobs paging with
   a cursor) need three things the table did not give them:
   - a per-change id to dedupe on (Zapier dedupes by `id`, so a poll keyed
     on the customer id fired once per customer, never for later changes):
     `version` counts a customer's changes, `change_id` numbers each change
     across the table;
   - a change order that commit order cannot break: updated_at was now(),
     the writing transaction's start, so a long batch stamped its rows
     before a poll that ran while it was in flight, and a poller resuming
     after that poll never saw them. `change_xid` records the transaction
     of the last change, and updated_at is now taken by the row's change
     itself, after its transaction has its id (see private.change_horizon);
   - no change without a change: identical pushes moved updated_at and
     wrote history. An update that leaves every column but bookkeeping as
     it was is skipped here (the trigger returns no row), so no AFTER
     trigger fires: no hook, no audit row, no history from `returning`.

   Within one transaction a customer changes once: a second statement on
   the same row (a write, then its rescore) keeps the change's version,
   change_id and stamp, and is never skipped, so a write's rescore is part
   of the write's change. */
create sequence private.customer_change_seq;

alter table public.customers
  add column version integer not null default 1,
  add column change_id bigint not null default nextval('private.customer_change_seq'),
  -- Rows written before this migration count as changed long ago.
  add column change_xid xid8 not null default '3';
-- The default numbered the existing rows; from now on the trigger does.
alter table public.customers alter column change_id drop default;

/* Columns whose change alone is not a change of the customer. */
create function private.customer_bookkeeping_columns() returns text[]
language sql immutable set search_path = '' as $$
  select array['updated_at', 'scored_at', 'name_key', 'version', 'change_id', 'change_xid']
$$;

create function private.track_customer_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  -- Taking the transaction id before the clock is what the change horizon relies on.
  xid xid8 := pg_catalog.pg_current_xact_id();
begin
  if tg_op = 'UPDATE' then
    if old.change_xid = xid then
      new.version := old.version;
      new.change_id := old.change_id;
      new.change_xid := xid;
      new.updated_at := old.updated_at;
      return new;
    end if;
    -- name_key is not computed yet in a BEFORE trigger; name stands for it.
    if (to_jsonb(new) - private.customer_bookkeeping_columns()) = (to_jsonb(old) - private.customer_bookkeeping_columns()) then
      return null;
    end if;
    new.version := old.version + 1;
  else
    new.version := 1;
  end if;
  new.change_id := nextval('private.customer_change_seq');
  new.change_xid := xid;
  new.updated_at := clock_timestamp();
  return new;
end $$;
revoke all on function private.track_customer_change(), private.customer_bookkeeping_columns() from public, anon, authenticated;

-- This trigger keeps updated_at now, with the rest of the change.
drop trigger touch_updated_at on public.customers;
create trigger track_customer_change before insert or update on public.customers
  for each row execute function private.track_customer_change();

/* The poll order: updated_at (the change's stamp) with change_id as the
   tie-breaker, one index for both directions. */
drop index public.customers_client_updated_idx;
create index customers_client_changed_idx on public.customers (client_id, updated_at desc, change_id desc);

/* The change horizon: the earliest instant a change not yet visible can
   carry. A change's stamp is taken after its transaction has an id, so it
   is no earlier than the start of that transaction; every transaction that
   holds an id now started at or after the horizon, and one that takes an
   id later stamps later still. A poll that reads only stamps below the
   horizon (and, as the xid order says the same, only change_xid below
   pg_snapshot_xmin) can never be overtaken by a commit: nothing it skips
   can appear later below what it returned. Called in a statement before
   the poll's query, so a transaction that ends between the two is no
   gap. Security definer: pg_stat_activity shows other roles' transaction
   starts only to its owner (postgres, with pg_read_all_stats). */
create function private.change_horizon() returns text
language sql volatile security definer set search_path = '' as $$
  select least(pg_catalog.clock_timestamp(), min(a.xact_start))::text
  from pg_catalog.pg_stat_activity a
  where a.backend_xid is not null and a.pid <> pg_catalog.pg_backend_pid()
$$;
revoke all on function private.change_horizon() from public, anon;
grant execute on function private.change_horizon() to authenticated;

/* Bookkeeping stays out of the audit, as updated_at always did. */
create or replace function private.audit_ignored_columns() returns text[]
language plpgsql immutable set search_path = '' as $$
begin
  return array['updated_at', 'name_key', 'last_used_at', 'key_hash', 'scored_at', 'previous_score',
               'score_missing', 'config_version', 'status', 'score', 'version', 'change_id', 'change_xid'];
end $$;

/* The one way an instant is written: UTC, microseconds, Z. */
create function private.iso_instant(t timestamptz) returns text
language sql immutable set search_path = '' as $$
  select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;
grant execute on function private.iso_instant(timestamptz) to authenticated;

/* The customer as a hook delivers it, as list_customers writes it (see
   20261202000100): now with version and change_id, nps a number only (the
   category is nps_category), instants to the microsecond in UTC with a Z,
   the precision they are stored and compared at. */
create or replace function private.customer_payload(c public.customers) returns json
language sql stable set search_path = '' as $$
  select json_build_object(
    'id', c.id, 'version', c.version, 'change_id', c.change_id, 'name', c.name, 'manager', c.manager, 'tier', c.tier,
    'mrr', c.mrr::float8, 'arr', c.arr::float8, 'lifecycle', c.lifecycle, 'tags', c.tags,
    'renewal_date', c.renewal_date::text, 'next_touch', c.next_touch::text,
    'since', c.customer_since::text, 'sentiment', c.sentiment, 'note', c.note,
    'scoring_profile', (select p.name from public.scoring_profiles p where p.id = c.scoring_profile_id),
    'score', round(c.score)::int, 'score_exact', c.score::float8, 'status', c.status,
    'previous_score', round(c.previous_score)::int, 'score_manual', c.score_manual, 'missing_signals', c.score_missing,
    'logins', c.logins, 'adoption', c.adoption::float8, 'tickets', c.tickets,
    'nps', c.nps::float8, 'nps_category', c.nps_category,
    'csat', c.csat::float8,
    'days', c.days_since_contact
      + greatest(0, (now() at time zone 'utc')::date - (coalesce(c.contact_baseline_at, now()) at time zone 'utc')::date),
    'growth', c.growth,
    'scored_at', private.iso_instant(c.scored_at),
    'config_version', c.config_version,
    'created_at', private.iso_instant(c.created_at),
    'updated_at', private.iso_instant(c.updated_at),
    'deleted_at', private.iso_instant(c.deleted_at))
$$;

/* Deliveries: as before (20261202001000: live subscriptions only),
   occurred_at written as every other instant. */
create or replace function private.enqueue_hooks(changes json) returns void
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.notification_outbox (client_id, kind, subscription_id, target_url, event, payload, dedupe_key)
  select s.client_id, 'rest_hook', s.id, s.target_url, s.event,
         json_build_object('event', s.event, 'occurred_at', private.iso_instant(now()), 'customer', ch.value -> 'customer'),
         txid_current()::text || ':' || (ch.value -> 'customer' ->> 'id')
  from json_array_elements(changes) ch
  join private.live_webhook_subscriptions s on s.client_id = (ch.value ->> 'client_id')::uuid
  where (s.event = 'customer.updated' and (ch.value ->> 'changed')::boolean)
     or (s.event = 'customer.status_changed' and (ch.value ->> 'status_changed')::boolean)
  on conflict (subscription_id, dedupe_key) do update set payload = excluded.payload;
end $$;

/* Hooks for customer changes: as before (20261202001000), but every updated row is a change
   now (track_customer_change skips the rest), so customer.updated fires for
   each; a later statement of the same transaction replaces the delivery's
   payload, so it carries the change as committed. */
create or replace function private.enqueue_customer_hooks() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- Most clients have no live subscriptions: then a bulk write costs one probe here.
  if not exists (select 1 from public.webhook_subscriptions s
                 where s.client_id in (select distinct n.client_id from new_rows n) and s.ended_at is null) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.enqueue_hooks((select json_agg(json_build_object(
      'client_id', n.client_id, 'customer', private.customer_payload(n), 'changed', true, 'status_changed', false))
      from new_rows n));
  else
    perform private.enqueue_hooks((select json_agg(json_build_object(
      'client_id', n.client_id, 'customer', private.customer_payload(n), 'changed', true,
      'status_changed', o.status is distinct from n.status))
      from new_rows n join old_rows o on o.id = n.id));
  end if;
  return null;
end $$;
