-- The outbox drain leases deliveries fairly: a bounded number in flight per client and target host, so one slow target delays no one else.

/* Which host a delivery goes to (host and port, as the URL has them), and
   until when a drain holds it. A delivery is in flight while leased_until
   is in the future; a drain that dies leaves its leases to expire. */
alter table public.notification_outbox
  add column target_host text generated always as (lower(substring(target_url from '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#]*)'))) stored,
  add column leased_until timestamptz;
create index notification_outbox_in_flight_idx on public.notification_outbox (client_id, target_host) where leased_until is not null;

/* Leases up to p_room due deliveries for one drain. Fair by construction:
   each lane (a client and a target host) gets at most p_per_lane deliveries
   in flight and each client at most p_per_client, counting those that every
   drain holds; and the first delivery of every lane is leased before the
   second of any, so a lane with a backlog never holds back another's. One
   lease at a time (an advisory lock for the transaction), so concurrent
   drains count each other's leases.
   First, the deliveries of subscriptions that may no longer receive (ended,
   key revoked, client archived: live_webhook_subscriptions) are refused
   here, whatever queued them: a delivery queued by a write that committed
   just as its key was revoked is never sent either.
   Called by the notifications function's drain, which runs as the system. */
create function private.lease_deliveries(p_room integer, p_per_lane integer, p_per_client integer, p_lease_seconds integer)
returns setof public.notification_outbox
language plpgsql security definer set search_path = '' as $$
begin
  perform pg_advisory_xact_lock(hashtextextended('notification_outbox:lease', 0));
  update public.notification_outbox o
  set status = 'failed', last_error = 'not sent: the subscription is no longer live (ended, key revoked or client archived)',
      leased_until = null
  where o.status = 'pending' and o.next_attempt_at <= now() and o.kind = 'rest_hook'
    and not exists (select 1 from private.live_webhook_subscriptions l where l.id = o.subscription_id);
  return query
  with busy as (
    select b.client_id, b.target_host, count(*)::integer as n
    from public.notification_outbox b
    where b.leased_until > now()
    group by b.client_id, b.target_host
  ), lanes as (
    select d.id, d.client_id,
           row_number() over (partition by d.client_id, d.target_host order by d.id) + coalesce(busy.n, 0) as lane_pos
    from public.notification_outbox d
    left join busy on busy.client_id = d.client_id and busy.target_host = d.target_host
    where d.status = 'pending' and d.next_attempt_at <= now() and (d.leased_until is null or d.leased_until <= now())
  ), fair as (
    select l.id, l.lane_pos,
           row_number() over (partition by l.client_id order by l.lane_pos, l.id)
             + coalesce((select sum(b.n) from busy b where b.client_id = l.client_id), 0) as client_pos
    from lanes l
    where l.lane_pos <= p_per_lane
  ), chosen as (
    select f.id from fair f where f.client_pos <= p_per_client
    order by f.lane_pos, f.client_pos, f.id
    limit p_room
  ), leased as (
    update public.notification_outbox o
    set attempts = o.attempts + 1, leased_until = now() + make_interval(secs => p_lease_seconds)
    from chosen
    where o.id = chosen.id and o.status = 'pending' and (o.leased_until is null or o.leased_until <= now())
    returning o.*
  )
  select * from leased;
end $$;
revoke all on function private.lease_deliveries(integer, integer, integer, integer) from public, anon, authenticated;
