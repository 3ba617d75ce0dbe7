-- Alert deliveries are leased one at a time per target (lane), paced to what each receiver allows, and a burst is folded into one message.

/* A delivery's lane: the receiver whose limit it counts against — a Slack,
   Teams or webhook URL, or the one e-mail API all e-mail goes through.
   Null for REST hooks, which lease_deliveries leases by host. */
alter table public.notification_outbox
  add column lane text generated always as (case when channel = 'email' then 'email' when channel is not null then channel || ' ' || target_url end) stored;
create index notification_outbox_lane_due_idx on public.notification_outbox (lane, id) where status = 'pending' and lane is not null;

/* When each lane may next be sent to. A drain claims a lane by locking its
   row (skip locked: another drain takes another lane) and moves next_at on
   by the receiver's pace: Slack about one message a second per webhook,
   Teams four, the e-mail API two; a Retry-After moves it further. */
create table private.notification_lanes (
  lane text primary key,
  next_at timestamptz not null default now()
);
revoke all on private.notification_lanes from public, anon, authenticated;

create function private.lane_pace(p_channel text) returns interval
language sql immutable set search_path = '' as $$
  select case p_channel when 'slack' then interval '1 second' when 'teams' then interval '250 milliseconds'
                        when 'email' then interval '500 milliseconds' else interval '100 milliseconds' end
$$;

/* How many events one message may carry: Slack's 50 blocks, Teams' 28 KB. */
create function private.fold_limit(p_channel text) returns integer
language sql immutable set search_path = '' as $$
  select case p_channel when 'slack' then 40 when 'teams' then 20 else 100 end
$$;

/* Leases up to p_room alert deliveries, at most one in flight per lane, each
   on a lane whose pace allows it now. The oldest pending delivery of a lane
   goes first; when it has never been tried, the lane's other untried
   realtime events of the same rule are folded into it (marked merged, its
   payload carrying all their events), so a burst is one message under one
   id. A delivery already tried is never changed: its id may have reached
   the receiver, which would then drop the new content as a repeat. Rows
   are locked with skip locked, so concurrent drains never take one twice. */
create function private.lease_alert_deliveries(p_room integer, p_lease_seconds integer)
returns setof public.notification_outbox
language plpgsql security definer set search_path = '' as $$
declare
  cand record;
  leader public.notification_outbox;
  folded json;
  taken integer := 0;
begin
  for cand in
    select distinct on (d.lane) d.id, d.lane, d.channel
    from public.notification_outbox d
    where d.lane is not null and d.status = 'pending' and d.next_attempt_at <= now()
      and (d.leased_until is null or d.leased_until <= now())
      and not exists (select 1 from public.notification_outbox b
                      where b.lane = d.lane and b.status = 'pending' and b.leased_until > now())
    order by d.lane, d.id
  loop
    exit when taken >= p_room;
    insert into private.notification_lanes (lane) values (cand.lane) on conflict do nothing;
    perform 1 from private.notification_lanes l where l.lane = cand.lane and l.next_at <= now() for update skip locked;
    continue when not found;
    select * into leader from public.notification_outbox o
    where o.id = cand.id and o.status = 'pending' and (o.leased_until is null or o.leased_until <= now())
    for update skip locked;
    continue when not found;
    if leader.kind = 'alert' and leader.attempts = 0 then
      with followers as (
        select f.id, f.payload from public.notification_outbox f
        where f.lane = leader.lane and f.rule_id = leader.rule_id and f.kind = 'alert' and f.status = 'pending'
          and f.attempts = 0 and f.id > leader.id and f.next_attempt_at <= now() and f.leased_until is null
        order by f.id limit private.fold_limit(leader.channel) - 1
        for update skip locked
      ), merged as (
        update public.notification_outbox m set status = 'merged', merged_into = leader.id
        from followers where m.id = followers.id
        returning m.id, m.payload
      )
      select pg_catalog.json_agg(ev order by m.id) into folded
      from merged m cross join lateral pg_catalog.json_array_elements(m.payload -> 'events') ev;
      if folded is not null then
        leader.payload := pg_catalog.json_build_object('events',
          (select pg_catalog.json_agg(ev) from (
             select ev from pg_catalog.json_array_elements(leader.payload -> 'events') ev
             union all select ev from pg_catalog.json_array_elements(folded) ev) all_events));
      end if;
    end if;
    update public.notification_outbox o
    set attempts = o.attempts + 1, leased_until = now() + make_interval(secs => p_lease_seconds), payload = leader.payload
    where o.id = leader.id
    returning o.* into leader;
    update private.notification_lanes set next_at = now() + private.lane_pace(cand.channel) where lane = cand.lane;
    taken := taken + 1;
    return next leader;
  end loop;
end $$;

/* Holds a lane back (a 429's Retry-After): nothing goes to it before p_until. */
create function private.hold_lane(p_lane text, p_until timestamptz) returns void
language sql security definer set search_path = '' as $$
  insert into private.notification_lanes as l (lane, next_at) values (p_lane, p_until)
  on conflict (lane) do update set next_at = greatest(l.next_at, excluded.next_at)
$$;

/* REST hooks lease as before (20261202001200), now only REST hooks: alert
   deliveries have their own lanes above. */
create or replace function private.lease_deliveries(p_room integer, p_per_lane integer, p_per_client integer, p_lease_seconds integer)
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
    where b.leased_until > now() and b.kind = 'rest_hook'
    group by b.client_id, b.target_host
  ), lanes as (
    select d.id, d.client_id,
           row_number() over (partition by d.client_id, d.target_host order by d.id) + coalesce(busy.n, 0) as lane_pos
    from public.notification_outbox d
    left join busy on busy.client_id = d.client_id and busy.target_host = d.target_host
    where d.status = 'pending' and d.kind = 'rest_hook' and d.next_attempt_at <= now() and (d.leased_until is null or d.leased_until <= now())
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

/* A rule whose target refused for good stops: it is marked failing (the
   Alert Rules page and the event log show why) and what it still had
   queued is not sent. Saving the rule again clears it (save_alert_rule). */
create function private.mark_rule_failing(p_rule_id uuid, p_reason text) returns void
language sql security definer set search_path = '' as $$
  update public.alert_rules set failing_since = coalesce(failing_since, now()), failing_reason = left(p_reason, 500) where id = p_rule_id;
  update public.notification_outbox set status = 'failed', last_error = 'not sent: the rule''s target refused an earlier delivery', leased_until = null
  where rule_id = p_rule_id and status = 'pending' and (leased_until is null or leased_until <= now());
$$;

revoke all on function private.lane_pace(text), private.fold_limit(text), private.lease_alert_deliveries(integer, integer),
  private.hold_lane(text, timestamptz), private.mark_rule_failing(uuid, text) from public, anon, authenticated;
