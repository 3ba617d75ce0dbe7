-- Alert rules fire in the transaction that changes the customer (a trigger), and daily for the events of time; digests are queued by pg_cron.

/* Days since the customer was last contacted, today (decay: the baseline
   plus the days since it was saved, as customer_payload counts them). Per
   row, so no SET clause and names schema-qualified. */
create function private.contact_days(c public.customers) returns integer
language sql stable as $$
  select c.days_since_contact
    + greatest(0, (pg_catalog.now() at time zone 'utc')::date - (coalesce(c.contact_baseline_at, pg_catalog.now()) at time zone 'utc')::date)
$$;

/* The customer as a message tells of it. */
create function private.alert_customer(c public.customers) returns jsonb
language sql stable as $$
  select pg_catalog.jsonb_build_object(
    'id', c.id, 'name', c.name, 'manager', c.manager, 'tier', c.tier, 'mrr', c.mrr::float8,
    'score', round(c.score)::int, 'status', c.status, 'lifecycle', c.lifecycle,
    'renewal_date', c.renewal_date::text, 'days', private.contact_days(c), 'nps', c.nps::float8, 'nps_category', c.nps_category)
$$;

/* Whether rule r fires for a customer changing from o to n (o is null for
   a new customer, and equal to n for the daily job), as the key that makes
   it fire once: 'tx' for a transition (the caller adds the transaction),
   the renewal date or the last contact day for the events of time, which
   stay true for days. Null when it does not fire. Deleted customers never
   fire; churned ones only turning churned (SPEC §2: churned accounts leave
   alerts). A manager scope matches in any case. */
create function private.alert_fire_key(r public.alert_rules, o public.customers, n public.customers) returns text
language sql stable as $$
  select case
    when n.deleted_at is not null then null
    when n.lifecycle = 'churned' and r.event <> 'lifecycle_change' then null
    when r.manager is not null and lower(coalesce(n.manager, '')) <> lower(r.manager) then null
    when r.event = 'health_below' then
      case when n.score < r.threshold and (o.score is null or o.score >= r.threshold) then 'tx' end
    when r.event = 'became_at_risk' then
      case when n.status in ('atrisk', 'critical') and (o.status is null or o.status not in ('atrisk', 'critical')) then 'tx' end
    when r.event = 'nps_detractor' then
      case when n.nps_category = 'detractor' and o.nps_category is distinct from 'detractor' then 'tx' end
    when r.event = 'lifecycle_change' then
      case when n.lifecycle in ('atrisk', 'churned') and o.lifecycle is distinct from n.lifecycle then 'tx' end
    when r.event = 'score_drop' then
      case when o.score - n.score >= r.threshold then 'tx' end
    when r.event = 'renewal_approaching' then
      case when n.renewal_date between (pg_catalog.now() at time zone 'utc')::date
                                   and (pg_catalog.now() at time zone 'utc')::date + r.threshold
           then 'renewal:' || n.renewal_date::text end
    when r.event = 'no_contact' then
      case when private.contact_days(n) > r.threshold
           then 'contact:' || ((coalesce(n.contact_baseline_at, pg_catalog.now()) at time zone 'utc')::date - n.days_since_contact)::text end
  end
$$;

/* One event as its message carries it. */
create function private.alert_event_json(e public.alert_events, r public.alert_rules) returns json
language sql stable as $$
  select (pg_catalog.jsonb_build_object('id', 'evt_' || e.id, 'event', e.event, 'rule', pg_catalog.jsonb_build_object('id', r.id, 'name', r.name),
                                        'occurred_at', private.iso_instant(e.occurred_at))
          || e.details::jsonb)::json
$$;

/* Where a rule's delivery goes: its URL, or mailto: and its addresses. */
create function private.alert_target_url(r public.alert_rules) returns text
language sql immutable as $$
  select case when r.channel = 'email' then 'mailto:' || r.target else r.target end
$$;

/* Records what the changes of customers (p_old[i] → p_new[i]) fired, and
   queues realtime rules' deliveries in the same transaction. */
create function private.queue_alert_events(p_old public.customers[], p_new public.customers[]) returns void
language plpgsql security definer set search_path = '' as $$
begin
  with fired as (
    insert into public.alert_events (client_id, rule_id, customer_id, event, fire_key, details, digest)
    select r.client_id, r.id, (p_new[i]).id, r.event,
           case when f.k = 'tx' then 'tx:' || pg_catalog.txid_current()::text else f.k end,
           pg_catalog.jsonb_build_object('threshold', r.threshold, 'customer', private.alert_customer(p_new[i]),
             'previous', pg_catalog.jsonb_build_object('score', round((p_old[i]).score)::int, 'status', (p_old[i]).status,
                                                       'lifecycle', (p_old[i]).lifecycle, 'nps_category', (p_old[i]).nps_category))::json,
           r.schedule <> 'realtime'
    from pg_catalog.generate_subscripts(p_new, 1) i
    join public.alert_rules r on r.client_id = (p_new[i]).client_id and r.enabled and r.failing_since is null
    join public.clients cl on cl.id = r.client_id and cl.archived_at is null
    cross join lateral (select private.alert_fire_key(r, p_old[i], p_new[i]) as k) f
    where f.k is not null
    on conflict (rule_id, customer_id, fire_key) do nothing
    returning *
  )
  insert into public.notification_outbox (client_id, kind, rule_id, channel, target_url, event, payload, dedupe_key)
  select e.client_id, 'alert', r.id, r.channel, private.alert_target_url(r), e.event,
         pg_catalog.json_build_object('events', pg_catalog.json_build_array(private.alert_event_json(e::public.alert_events, r))),
         'event:' || e.id
  from fired e join public.alert_rules r on r.id = e.rule_id
  where not e.digest;
end $$;

/* Customer writes fire rules in their own transaction, so no code path can
   change a customer without its rules hearing of it. */
create function private.fire_customer_alert_rules() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- Most clients have no live rules: then a bulk write costs one probe here.
  if not exists (select 1 from public.alert_rules r
                 where r.client_id in (select distinct n.client_id from new_rows n) and r.enabled and r.failing_since is null) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.queue_alert_events((select array_agg(null::public.customers) from new_rows), (select array_agg(n::public.customers) from new_rows n));
  else
    perform private.queue_alert_events(array_agg(o::public.customers order by n.id), array_agg(n::public.customers order by n.id))
    from new_rows n join old_rows o on o.id = n.id;
  end if;
  return null;
end $$;
create trigger fire_alert_rules_update after update on public.customers
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.fire_customer_alert_rules();
create trigger fire_alert_rules_insert after insert on public.customers
  referencing new table as new_rows
  for each statement execute function private.fire_customer_alert_rules();

/* The daily job: the events of time (renewal approaching, no contact)
   become true by the calendar alone, with no write to fire them. A
   customer compared with itself has no transition, so only those fire,
   once per renewal date or last contact day. Client by client, so one
   client's customers are one statement. */
create function private.fire_time_alert_rules() returns integer
language plpgsql security definer set search_path = '' as $$
declare
  c uuid;
  before integer := (select count(*) from public.alert_events);
begin
  for c in select distinct r.client_id from public.alert_rules r
           where r.enabled and r.failing_since is null and r.event in ('renewal_approaching', 'no_contact') loop
    perform private.queue_alert_events(array_agg(x), array_agg(x))
    from public.customers x where x.client_id = c and x.deleted_at is null;
  end loop;
  return (select count(*) from public.alert_events) - before;
end $$;

/* The end of a digest rule's latest period at p_now: today's (daily) or
   this week's digest_day's (weekly) digest_time in the rule's time zone,
   or the one before when that is still to come. */
create function private.digest_period_end(r public.alert_rules, p_now timestamptz) returns timestamptz
language plpgsql stable set search_path = '' as $$
declare
  local_day date := (p_now at time zone r.time_zone)::date;
  at_time timestamptz;
begin
  if r.schedule = 'weekly' then
    local_day := local_day - ((extract(isodow from local_day)::integer - r.digest_day + 7) % 7);
  end if;
  at_time := (local_day + r.digest_time) at time zone r.time_zone;
  if at_time > p_now then
    at_time := ((local_day - case when r.schedule = 'weekly' then 7 else 1 end) + r.digest_time) at time zone r.time_zone;
  end if;
  return at_time;
end $$;

/* Queues the digests that are due: per digest rule, one message with the
   events since its last digest, up to the period's end. The rule's row is
   locked (skip locked: a concurrent run leaves it to this one) and its
   last_digest_until moves to the period's end, so a rerun for the same
   period finds nothing to send; the delivery's dedupe_key is the period,
   so not even a reset of the rule could queue it twice. */
create function private.queue_digests(p_now timestamptz default now()) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  r public.alert_rules;
  period_end timestamptz;
  queued bigint;
  n integer := 0;
begin
  for r in select * from public.alert_rules x
           where x.schedule <> 'realtime' and x.enabled and x.failing_since is null
           for update skip locked loop
    period_end := private.digest_period_end(r, p_now);
    continue when r.last_digest_until is not null and r.last_digest_until >= period_end;
    queued := null;
    insert into public.notification_outbox (client_id, kind, rule_id, channel, target_url, event, payload, dedupe_key)
    select r.client_id, 'digest', r.id, r.channel, private.alert_target_url(r), r.event,
           pg_catalog.json_build_object('digest', pg_catalog.json_build_object(
               'schedule', r.schedule, 'from', private.iso_instant(r.last_digest_until), 'until', private.iso_instant(period_end)),
             'events', pg_catalog.json_agg(private.alert_event_json(e, r) order by e.customer_id, e.occurred_at)),
           'digest:' || private.iso_instant(period_end)
    from public.alert_events e
    where e.rule_id = r.id and e.digest and e.digest_outbox_id is null and e.occurred_at < period_end
    having count(*) > 0
    on conflict (rule_id, dedupe_key) where rule_id is not null do nothing
    returning id into queued;
    if queued is not null then
      update public.alert_events e set digest_outbox_id = queued
      where e.rule_id = r.id and e.digest and e.digest_outbox_id is null and e.occurred_at < period_end;
      n := n + 1;
    end if;
    update public.alert_rules set last_digest_until = period_end where id = r.id;
  end loop;
  return n;
end $$;

revoke all on function private.contact_days(public.customers), private.alert_customer(public.customers),
  private.alert_fire_key(public.alert_rules, public.customers, public.customers),
  private.alert_event_json(public.alert_events, public.alert_rules), private.alert_target_url(public.alert_rules),
  private.queue_alert_events(public.customers[], public.customers[]), private.fire_customer_alert_rules(),
  private.fire_time_alert_rules(), private.digest_period_end(public.alert_rules, timestamptz), private.queue_digests(timestamptz)
  from public, anon, authenticated;

-- Daily, after decay (03:15): the events of time. Every quarter hour: the digests due.
select cron.schedule('pulseboard-alert-rules-daily', '45 3 * * *', $$select private.fire_time_alert_rules()$$);
select cron.schedule('pulseboard-digests', '*/15 * * * *', $$select private.queue_digests()$$);
