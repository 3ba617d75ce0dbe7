-- A REST hook lives only while what made it does: revoking its API key ends it; archiving its client holds it.

/* Why and when a subscription stopped. An ended subscription queues nothing
   and is kept for the record (unsubscribe still deletes); it never comes
   back: Zapier subscribes again when a zap is turned on again. Ended by a
   key's revocation or a 410 Gone from the target. */
alter table public.webhook_subscriptions
  add column ended_at timestamptz,
  add column ended_reason text check (length(ended_reason) <= 200),
  add constraint webhook_subscriptions_ended_with_a_reason check ((ended_at is null) = (ended_reason is null));

/* Hooks are looked up by client and event for every customer change, and
   only live ones matter; a key's by the key when it is revoked. */
create index webhook_subscriptions_live_idx on public.webhook_subscriptions (client_id, event) where ended_at is null;
drop index public.webhook_subscriptions_client_idx;
create index webhook_subscriptions_api_key_idx on public.webhook_subscriptions (api_key_id) where api_key_id is not null;

/* The subscriptions that may receive deliveries now: not ended, their client
   not archived, and their API key (when a key made them) not revoked — the
   same test the key itself passes at every request (private.check_api_key).
   The one definition that queueing (enqueue_hooks) and sending (the drain's
   lease) both read, so neither can disagree with the other. */
create view private.live_webhook_subscriptions with (security_invoker = true) as
  select s.*
  from public.webhook_subscriptions s
  join public.clients c on c.id = s.client_id
  left join public.api_keys k on k.id = s.api_key_id
  where s.ended_at is null and c.archived_at is null and (s.api_key_id is null or k.revoked_at is null);
revoke all on private.live_webhook_subscriptions from public, anon, authenticated;

/* A revoked key's subscriptions end with it, and what they had queued is
   not sent. A trigger, so that every way of revoking a key (the dashboard,
   SQL, a future rotation) does it. Not sent means marked failed with the
   reason, so the outbox still shows what happened. */
create function private.end_key_subscriptions() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  with ended as (
    update public.webhook_subscriptions set ended_at = now(), ended_reason = 'its API key was revoked'
    where api_key_id = new.id and ended_at is null
    returning id)
  update public.notification_outbox o
  set status = 'failed', last_error = 'not sent: the subscription''s API key was revoked'
  where o.subscription_id in (select id from ended) and o.status = 'pending';
  return null;
end $$;
create trigger end_key_subscriptions after update of revoked_at on public.api_keys
  for each row when (old.revoked_at is null and new.revoked_at is not null)
  execute function private.end_key_subscriptions();

/* An archived client's queued notifications are not sent, and while it is
   archived nothing is queued for it (live_webhook_subscriptions). Its
   subscriptions are held, not ended: restoring the client — whose keys then
   work again — resumes them for changes made after the restore. */
create function private.cancel_archived_client_deliveries() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.notification_outbox
  set status = 'failed', last_error = 'not sent: the client was archived'
  where client_id = new.id and status = 'pending';
  return null;
end $$;
create trigger cancel_archived_client_deliveries after update of archived_at on public.clients
  for each row when (old.archived_at is null and new.archived_at is not null)
  execute function private.cancel_archived_client_deliveries();

/* What was already dead when this migration ran. */
update public.webhook_subscriptions s set ended_at = k.revoked_at, ended_reason = 'its API key was revoked'
from public.api_keys k where k.id = s.api_key_id and k.revoked_at is not null and s.ended_at is null;
update public.notification_outbox o set status = 'failed', last_error = 'not sent: the subscription is no longer live'
where o.status = 'pending' and o.kind = 'rest_hook'
  and not exists (select 1 from private.live_webhook_subscriptions l where l.id = o.subscription_id);

/* The deliveries for a set of customer changes: one per live subscription
   and customer, merged within a transaction (dedupe_key). As before, but
   only live subscriptions receive. */
create or replace function private.enqueue_hooks(changes json) returns void
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.notification_outbox (client_id, kind, subscription_id, target_url, event, payload, dedupe_key)
  select s.client_id, 'rest_hook', s.id, s.target_url, s.event,
         json_build_object('event', s.event, 'occurred_at', now(), 'customer', ch.value -> 'customer'),
         txid_current()::text || ':' || (ch.value -> 'customer' ->> 'id')
  from json_array_elements(changes) ch
  join private.live_webhook_subscriptions s on s.client_id = (ch.value ->> 'client_id')::uuid
  where (s.event = 'customer.updated' and (ch.value ->> 'changed')::boolean)
     or (s.event = 'customer.status_changed' and (ch.value ->> 'status_changed')::boolean)
  on conflict (subscription_id, dedupe_key) do update set payload = excluded.payload;
end $$;

/* Customer changes become hook deliveries in the writing transaction. As
   before, but the probe that spares clients without hooks counts live ones only. */
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
      'client_id', n.client_id, 'customer', private.customer_payload(n),
      'changed', (to_jsonb(o) - 'updated_at' - 'scored_at') is distinct from (to_jsonb(n) - 'updated_at' - 'scored_at'),
      'status_changed', o.status is distinct from n.status))
      from new_rows n join old_rows o on o.id = n.id));
  end if;
  return null;
end $$;
