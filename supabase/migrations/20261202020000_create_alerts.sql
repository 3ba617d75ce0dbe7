-- In-app alerts (SPEC §5): one stored alert per customer and rule, kept in
-- step with the customer by a trigger in the transaction of every write and
-- by a daily job, with the state users give it (snoozed, dismissed).
--
-- The rules are those of shared/alerts/rules.ts, written again here so that
-- no write path can skip them; tests/integration/alerts/parity.test.ts
-- compares the two on generated customers.
--
-- The helpers evaluated per customer are plain SQL without a SET clause (so
-- Postgres inlines them); names in them are schema-qualified instead.

/* The category of a rule: stored beside it, so lists filter and group by an index. */
create function private.alert_category(rule text) returns text
language sql immutable as $$
  select case rule
    when 'low_logins' then 'engagement' when 'low_adoption' then 'engagement'
    when 'negative_sentiment' then 'sentiment' when 'nps_detractor' then 'sentiment' when 'low_csat' then 'sentiment'
    else rule end
$$;
-- An update of an alert's state recomputes the generated column as the updater.
grant execute on function private.alert_category(text) to authenticated;

/* One alert of a customer: raised when its rule's condition begins, updated
   while it holds (severity and facts follow the customer), resolved when it
   clears. A resolved alert is history and never reopens: when the condition
   returns, a new alert is raised, so a dismissed alert comes back only
   after its condition cleared. Facts are the numbers its reason is written
   from (shared/alerts/describe.ts). Written by the owner's recomputation;
   users change only the state, through the API's role. */
create table public.alerts (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null,
  customer_id uuid not null,
  rule text not null check (rule in ('health', 'tickets', 'low_logins', 'low_adoption', 'renewal', 'quiet', 'momentum',
                                     'negative_sentiment', 'nps_detractor', 'low_csat', 'expansion')),
  category text not null generated always as (private.alert_category(rule)) stored,
  severity text not null check (severity in ('critical', 'warning', 'attention', 'opportunity')),
  facts jsonb not null default '{}' check (jsonb_typeof(facts) = 'object'),
  state text not null default 'active' check (state in ('active', 'snoozed', 'dismissed', 'resolved')),
  snoozed_until timestamptz,
  raised_at timestamptz not null default now(),
  changed_at timestamptz not null default now(),
  resolved_at timestamptz,
  -- Who made the change that cleared it: a user, an API key, or the system (decay, the daily job).
  resolved_by text check (resolved_by in ('user', 'api_key', 'system')),
  unique (id, client_id),
  check ((state = 'snoozed') = (snoozed_until is not null)),
  check ((state = 'resolved') = (resolved_at is not null)),
  foreign key (customer_id, client_id) references public.customers (id, client_id) on delete cascade
);
-- One open alert per customer and rule: recomputation updates it, never duplicates it.
create unique index alerts_one_open_per_rule on public.alerts (customer_id, rule) where state <> 'resolved';
-- The Alerts page lists and counts a client's open alerts.
create index alerts_client_open_idx on public.alerts (client_id, category, severity) where state <> 'resolved';
create index alerts_client_raised_idx on public.alerts (client_id, raised_at desc);

alter table public.alerts enable row level security;
create policy "Alerts are visible to those who read the client" on public.alerts
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Alerts can be snoozed, dismissed and woken by editors of the client" on public.alerts
  for update to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]))
  with check (client_id = any ((select private.editable_client_ids())::uuid[]) and state in ('active', 'snoozed', 'dismissed'));
revoke all on public.alerts from anon, authenticated, pulseboard_api;
grant select on public.alerts to authenticated;
grant update (state, snoozed_until) on public.alerts to pulseboard_api;
create trigger keep_client_id before update of client_id on public.alerts for each row execute function private.keep_client_id();

/* What users did with alerts: each snooze, dismissal and wake, with its
   reason and author. The audit log records every row (the alerts table
   itself is rewritten by recomputation and is not audited), and alert
   fatigue is measured from it. */
create table public.alert_actions (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null,
  alert_id uuid not null,
  action text not null check (action in ('snooze', 'dismiss', 'wake')),
  days integer check (days in (1, 7, 30)),
  reason text check (length(reason) <= 500),
  author_id uuid,
  author_email text check (length(author_email) <= 320),
  created_at timestamptz not null default now(),
  check ((action = 'snooze') = (days is not null)),
  foreign key (alert_id, client_id) references public.alerts (id, client_id) on delete cascade
);
create index alert_actions_alert_idx on public.alert_actions (alert_id, created_at desc);
create index alert_actions_client_idx on public.alert_actions (client_id, created_at desc);
create trigger stamp_author before insert or update on public.alert_actions for each row execute function private.stamp_author();

alter table public.alert_actions enable row level security;
create policy "Alert actions are visible to those who read the client" on public.alert_actions
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Alert actions are recorded by editors of the client" on public.alert_actions
  for insert to authenticated with check (client_id = any ((select private.editable_client_ids())::uuid[]));
revoke all on public.alert_actions from anon, authenticated, pulseboard_api;
grant select on public.alert_actions to authenticated;
grant insert (client_id, alert_id, action, days, reason) on public.alert_actions to pulseboard_api;
select private.audit_table('public.alert_actions');

/* A numeric setting of a client, or its default when the section lacks it
   (shared/scoring/settings.ts holds the same defaults). */
create function private.setting_number(section jsonb, key text, fallback numeric) returns numeric
language sql immutable as $$
  select coalesce((section ->> key)::numeric, fallback)
$$;

/* The alerts a customer raises at p_now, as shared/alerts/rules.ts
   evaluateAlerts gives them: rule, severity and the facts of its reason.
   None for a churned or deleted customer. */
create function private.alert_conditions(c public.customers, s public.client_settings, p_now timestamptz)
returns table (rule text, severity text, facts jsonb)
language sql stable as $$
  select v.rule, v.severity, v.facts
  from (select
      (p_now at time zone 'utc')::date as today,
      c.days_since_contact + greatest(0, (p_now at time zone 'utc')::date - (coalesce(c.contact_baseline_at, p_now) at time zone 'utc')::date) as days,
      round(c.score)::integer as score,
      private.setting_number(s.signal_thresholds, 'ticketAlert', 3) as ticket_alert,
      private.setting_number(s.signal_thresholds, 'lowLogins', 5) as low_logins,
      private.setting_number(s.signal_thresholds, 'lowAdoption', 30) as low_adoption,
      private.setting_number(s.signal_thresholds, 'lowCsat', 2) as low_csat,
      private.setting_number(s.signal_thresholds, 'expansionMrr', 3000) as expansion_mrr,
      private.setting_number(s.signal_thresholds, 'expansionQuietDays', 30) as expansion_days,
      private.setting_number(s.renewal_windows, 'attention', 60) as renew_attention,
      private.setting_number(s.renewal_windows, 'warning', 30) as renew_warning,
      private.setting_number(s.renewal_windows, 'critical', 14) as renew_critical,
      private.setting_number(s.cadence -> coalesce(c.tier, 'smb'), 'overdue',
        case coalesce(c.tier, 'smb') when 'enterprise' then 30 when 'mid' then 45 else 60 end) as overdue
    ) x
  cross join lateral (values
    ('health', case when c.status in ('critical', 'atrisk') then 'critical' when c.status = 'watch' then 'warning' end,
      jsonb_build_object('score', x.score, 'status', c.status)),
    ('tickets', case when c.tickets >= x.ticket_alert then 'critical' end,
      jsonb_build_object('tickets', c.tickets, 'threshold', x.ticket_alert)),
    ('low_logins', case when c.logins < x.low_logins then 'warning' end,
      jsonb_build_object('logins', c.logins, 'threshold', x.low_logins)),
    ('low_adoption', case when c.adoption < x.low_adoption then 'warning' end,
      jsonb_build_object('adoption', c.adoption, 'threshold', x.low_adoption)),
    ('renewal', case when c.renewal_date - x.today <= x.renew_critical then 'critical'
                     when c.renewal_date - x.today <= x.renew_warning then 'warning'
                     when c.renewal_date - x.today <= x.renew_attention then 'attention' end,
      jsonb_build_object('days', c.renewal_date - x.today, 'renewal_date', c.renewal_date)),
    ('quiet', case when x.days >= x.overdue and coalesce(c.logins, 0) = 0 then 'warning' end,
      jsonb_build_object('days', x.days, 'overdue', x.overdue, 'logins', c.logins)),
    -- shared/derived/momentum.ts: a fall of 3 points or more (STEADY_BAND) is declining.
    ('momentum', case when c.score - c.previous_score <= -3 then 'warning' end,
      jsonb_build_object('from', round(c.previous_score)::integer, 'to', x.score)),
    ('negative_sentiment', case when c.sentiment = 'negative' then 'warning' end, '{}'::jsonb),
    ('nps_detractor', case when (case when c.nps is not null then c.nps < 7 else c.nps_category = 'detractor' end) then 'warning' end,
      jsonb_build_object('nps', c.nps)),
    ('low_csat', case when c.csat <= x.low_csat then 'warning' end,
      jsonb_build_object('csat', c.csat, 'threshold', x.low_csat)),
    ('expansion', case when c.status in ('healthy', 'expansion') and c.mrr > x.expansion_mrr and x.days >= x.expansion_days then 'opportunity' end,
      jsonb_build_object('mrr', c.mrr, 'days', x.days, 'score', x.score))
  ) v (rule, severity, facts)
  where v.severity is not null and c.deleted_at is null and c.lifecycle <> 'churned'
$$;

/* Brings a client's alerts (of some customers, or all when p_ids is null)
   in step with their customers at p_now, in one statement:
   - a condition without an open alert raises one;
   - an open alert whose severity or facts moved is updated (its state —
     snoozed, dismissed — survives), and a snooze that has ended returns it
     to active;
   - an open alert whose condition cleared is resolved, by p_cause.
   Rows that would not change are not written. Returns how many were. */
create function private.recompute_alerts(p_client uuid, p_ids uuid[], p_now timestamptz, p_cause text)
returns integer
language sql security definer set search_path = '' as $$
  with now_raised as materialized (
    select c.id as customer_id, x.rule, x.severity, x.facts
    from public.customers c
    join public.client_settings s on s.client_id = c.client_id
    cross join lateral private.alert_conditions(c, s, p_now) x
    where c.client_id = p_client and (p_ids is null or c.id = any (p_ids))
  ),
  open as materialized (
    select a.id, a.customer_id, a.rule, a.severity, a.facts, a.state, a.snoozed_until
    from public.alerts a
    where a.client_id = p_client and (p_ids is null or a.customer_id = any (p_ids)) and a.state <> 'resolved'
  ),
  due as (
    select n.customer_id, n.rule, n.severity, n.facts, o.id as alert_id
    from now_raised n left join open o on o.customer_id = n.customer_id and o.rule = n.rule
    where o.id is null or (o.severity, o.facts) is distinct from (n.severity, n.facts)
       or (o.state = 'snoozed' and o.snoozed_until <= p_now)
  ),
  raised as (
    insert into public.alerts (client_id, customer_id, rule, severity, facts, raised_at, changed_at)
    select p_client, d.customer_id, d.rule, d.severity, d.facts, p_now, p_now from due d where d.alert_id is null
    -- A concurrent write raised it first: theirs stands (it saw the same customer row or a newer one).
    on conflict (customer_id, rule) where state <> 'resolved' do nothing
    returning 1
  ),
  updated as (
    update public.alerts a
    set severity = d.severity, facts = d.facts,
        changed_at = case when (a.severity, a.facts) is distinct from (d.severity, d.facts) then p_now else a.changed_at end,
        state = case when a.state = 'snoozed' and a.snoozed_until <= p_now then 'active' else a.state end,
        snoozed_until = case when a.state = 'snoozed' and a.snoozed_until <= p_now then null else a.snoozed_until end
    from due d where d.alert_id = a.id
    returning 1
  ),
  resolved as (
    update public.alerts a
    set state = 'resolved', resolved_at = p_now, resolved_by = p_cause, snoozed_until = null
    from open o
    where o.id = a.id and not exists (select 1 from now_raised n where n.customer_id = o.customer_id and n.rule = o.rule)
    returning 1
  )
  select ((select count(*) from raised) + (select count(*) from updated) + (select count(*) from resolved))::integer
$$;
revoke all on function private.recompute_alerts(uuid, uuid[], timestamptz, text) from public, anon, authenticated;

/* Every write of customers recomputes their alerts in its own transaction,
   whatever path made it (the API, an import, decay, a rescore). Statement
   level, over the rows the statement wrote, so a batch of thousands is one
   recomputation per client; an update that changed nothing is skipped
   before it gets here (private.track_customer_change). */
create function private.recompute_written_alerts() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  cause text := case when auth.uid() is not null then 'user'
                     when private.current_api_key_id() is not null then 'api_key' else 'system' end;
  w record;
begin
  for w in select client_id, array_agg(id) as ids from new_rows group by client_id loop
    perform private.recompute_alerts(w.client_id, w.ids, now(), cause);
  end loop;
  return null;
end $$;
revoke all on function private.recompute_written_alerts() from public, anon, authenticated;
create trigger recompute_alerts_after_insert after insert on public.customers
  referencing new table as new_rows for each statement execute function private.recompute_written_alerts();
create trigger recompute_alerts_after_update after update on public.customers
  referencing new table as new_rows for each statement execute function private.recompute_written_alerts();

/* The daily recomputation: renewals come nearer, quiet days add up and
   snoozes end without any write. Every live client, at p_now (tests pass a
   later instant to simulate the days going by). */
create function private.refresh_alerts(p_now timestamptz default now())
returns integer
language plpgsql security definer set search_path = '' as $$
declare
  total integer := 0;
  c record;
begin
  for c in select id from public.clients where archived_at is null order by id loop
    total := total + private.recompute_alerts(c.id, null, p_now, 'system');
  end loop;
  return total;
end $$;
revoke all on function private.refresh_alerts(timestamptz) from public, anon, authenticated;

-- After the nightly decay (03:15): its writes recompute their own customers; this catches the calendar.
select cron.schedule('pulseboard-alerts', '45 3 * * *', $$select private.refresh_alerts()$$);

-- Customers that exist already get their alerts now.
select private.refresh_alerts();
