-- The Alerts page's first view after any change took 3 s on a client of
-- 100,000 customers (bench/alerts): its order (category, severity, the
-- customer's MRR) and the badge's (severity, MRR, name) were sorts of every
-- open alert joined to its customer, ~300,000 rows, and its figures a hash
-- aggregate of them that spilled to disk. Each order now has an index that
-- gives the first page in a few rows, and the figures an index they are
-- counted from alone:
--
-- - the ranks of category and severity are stored beside them (generated),
--   in the order of shared/alerts/rules.ts (alertCategories, worst severity
--   first), as list_alerts sorts by them;
-- - the customer's MRR and name key are copied onto its open alerts, kept
--   by private.recompute_alerts, which every write of a customer already
--   runs in its transaction (a change of MRR or name rewrites the
--   customer's open alerts, nothing else does). Resolved alerts are
--   history and keep the values they closed with.
--
-- The daily recomputation also got cheaper (it was 1.5× a floor of 5.9 s
-- on the bench's EPYC): each rule's facts are built only for the rules that
-- fire, not for all eleven, and the client's thresholds are read once per
-- recomputation instead of once per customer.

create function private.alert_severity_rank(severity text) returns smallint
language sql immutable as $$
  select array_position(array['critical', 'warning', 'attention', 'opportunity'], severity)::smallint
$$;

create function private.alert_category_rank(rule text) returns smallint
language sql immutable as $$
  select array_position(array['health', 'tickets', 'engagement', 'renewal', 'quiet', 'momentum', 'sentiment', 'expansion'],
                        private.alert_category(rule))::smallint
$$;
-- As alert_category: an update of an alert's state recomputes the generated columns as the updater.
grant execute on function private.alert_severity_rank(text), private.alert_category_rank(text) to authenticated;

alter table public.alerts
  add column severity_rank smallint not null generated always as (private.alert_severity_rank(severity)) stored,
  add column category_rank smallint not null generated always as (private.alert_category_rank(rule)) stored,
  add column mrr numeric,
  add column name_key text;

update public.alerts a set mrr = c.mrr, name_key = c.name_key
from public.customers c where c.id = a.customer_id and a.state <> 'resolved';

-- One per order of list_alerts' views (the table's MRR and age orders sort).
create index alerts_open_by_category on public.alerts (client_id, category_rank, severity_rank, mrr desc nulls last, id)
  where state <> 'resolved';
create index alerts_open_by_priority on public.alerts (client_id, severity_rank, mrr desc nulls last, name_key, id)
  where state <> 'resolved';
create index alerts_open_by_customer on public.alerts (client_id, name_key, severity_rank, id)
  where state <> 'resolved';
-- The figures, grouped per category and customer in index order, without the heap.
create index alerts_open_figures on public.alerts (client_id, category, customer_id)
  include (state, snoozed_until, severity, rule, mrr) where state <> 'resolved';
drop index public.alerts_client_open_idx;

/* A client's thresholds for the alert rules, read once per recomputation
   (shared/scoring/settings.ts holds the same defaults). */
create type private.alert_thresholds as (
  ticket_alert numeric, low_logins numeric, low_adoption numeric, low_csat numeric,
  expansion_mrr numeric, expansion_days numeric,
  renew_attention numeric, renew_warning numeric, renew_critical numeric,
  overdue_enterprise numeric, overdue_mid numeric, overdue_smb numeric
);

create function private.alert_thresholds(s public.client_settings) returns private.alert_thresholds
language sql immutable as $$
  select row(
    private.setting_number(s.signal_thresholds, 'ticketAlert', 3),
    private.setting_number(s.signal_thresholds, 'lowLogins', 5),
    private.setting_number(s.signal_thresholds, 'lowAdoption', 30),
    private.setting_number(s.signal_thresholds, 'lowCsat', 2),
    private.setting_number(s.signal_thresholds, 'expansionMrr', 3000),
    private.setting_number(s.signal_thresholds, 'expansionQuietDays', 30),
    private.setting_number(s.renewal_windows, 'attention', 60),
    private.setting_number(s.renewal_windows, 'warning', 30),
    private.setting_number(s.renewal_windows, 'critical', 14),
    private.setting_number(s.cadence -> 'enterprise', 'overdue', 30),
    private.setting_number(s.cadence -> 'mid', 'overdue', 45),
    private.setting_number(s.cadence -> 'smb', 'overdue', 60)
  )::private.alert_thresholds
$$;

/* The alerts a customer raises at p_now under thresholds t, as
   shared/alerts/rules.ts evaluateAlerts gives them: rule, severity and the
   facts of its reason (built for the rules that fire only). None for a
   churned or deleted customer. Plain SQL, so it is inlined. */
create function private.alert_conditions(c public.customers, t private.alert_thresholds, p_now timestamptz)
returns table (rule text, severity text, facts jsonb)
language sql stable as $$
  select v.rule, v.severity,
    case v.rule
      when 'health' then jsonb_build_object('score', x.score, 'status', c.status)
      when 'tickets' then jsonb_build_object('tickets', c.tickets, 'threshold', t.ticket_alert)
      when 'low_logins' then jsonb_build_object('logins', c.logins, 'threshold', t.low_logins)
      when 'low_adoption' then jsonb_build_object('adoption', c.adoption, 'threshold', t.low_adoption)
      when 'renewal' then jsonb_build_object('days', c.renewal_date - x.today, 'renewal_date', c.renewal_date)
      when 'quiet' then jsonb_build_object('days', x.days, 'overdue', x.overdue, 'logins', c.logins)
      when 'momentum' then jsonb_build_object('from', round(c.previous_score)::integer, 'to', x.score)
      when 'negative_sentiment' then '{}'::jsonb
      when 'nps_detractor' then jsonb_build_object('nps', c.nps)
      when 'low_csat' then jsonb_build_object('csat', c.csat, 'threshold', t.low_csat)
      when 'expansion' then jsonb_build_object('mrr', c.mrr, 'days', x.days, 'score', x.score)
    end
  from (select
      (p_now at time zone 'utc')::date as today,
      c.days_since_contact + greatest(0, (p_now at time zone 'utc')::date - (coalesce(c.contact_baseline_at, p_now) at time zone 'utc')::date) as days,
      round(c.score)::integer as score,
      case coalesce(c.tier, 'smb') when 'enterprise' then t.overdue_enterprise when 'mid' then t.overdue_mid else t.overdue_smb end as overdue
    ) x
  cross join lateral (values
    ('health', case when c.status in ('critical', 'atrisk') then 'critical' when c.status = 'watch' then 'warning' end),
    ('tickets', case when c.tickets >= t.ticket_alert then 'critical' end),
    ('low_logins', case when c.logins < t.low_logins then 'warning' end),
    ('low_adoption', case when c.adoption < t.low_adoption then 'warning' end),
    ('renewal', case when c.renewal_date - x.today <= t.renew_critical then 'critical'
                     when c.renewal_date - x.today <= t.renew_warning then 'warning'
                     when c.renewal_date - x.today <= t.renew_attention then 'attention' end),
    ('quiet', case when x.days >= x.overdue and coalesce(c.logins, 0) = 0 then 'warning' end),
    -- shared/derived/momentum.ts: a fall of 3 points or more (STEADY_BAND) is declining.
    ('momentum', case when c.score - c.previous_score <= -3 then 'warning' end),
    ('negative_sentiment', case when c.sentiment = 'negative' then 'warning' end),
    ('nps_detractor', case when (case when c.nps is not null then c.nps < 7 else c.nps_category = 'detractor' end) then 'warning' end),
    ('low_csat', case when c.csat <= t.low_csat then 'warning' end),
    ('expansion', case when c.status in ('healthy', 'expansion') and c.mrr > t.expansion_mrr and x.days >= t.expansion_days then 'opportunity' end)
  ) v (rule, severity)
  where v.severity is not null and c.deleted_at is null and c.lifecycle <> 'churned'
$$;

/* As before (migration 20261202020000), and the open alerts carry their
   customer's MRR and name key: an alert whose copy differs is rewritten
   (its changed_at stays: its facts did not move). */
create or replace function private.recompute_alerts(p_client uuid, p_ids uuid[], p_now timestamptz, p_cause text)
returns integer
language sql security definer set search_path = '' as $$
  with thresholds as materialized (
    select private.alert_thresholds(s) as t from public.client_settings s where s.client_id = p_client
  ),
  now_raised as materialized (
    select c.id as customer_id, c.mrr, c.name_key, x.rule, x.severity, x.facts
    from public.customers c
    cross join thresholds th
    cross join lateral private.alert_conditions(c, th.t, p_now) x
    where c.client_id = p_client and (p_ids is null or c.id = any (p_ids))
  ),
  open as materialized (
    select a.id, a.customer_id, a.rule, a.severity, a.facts, a.state, a.snoozed_until, a.mrr, a.name_key
    from public.alerts a
    where a.client_id = p_client and (p_ids is null or a.customer_id = any (p_ids)) and a.state <> 'resolved'
  ),
  due as (
    select n.customer_id, n.rule, n.severity, n.facts, n.mrr, n.name_key, o.id as alert_id
    from now_raised n left join open o on o.customer_id = n.customer_id and o.rule = n.rule
    where o.id is null or (o.severity, o.facts, o.mrr, o.name_key) is distinct from (n.severity, n.facts, n.mrr, n.name_key)
       or (o.state = 'snoozed' and o.snoozed_until <= p_now)
  ),
  raised as (
    insert into public.alerts (client_id, customer_id, rule, severity, facts, mrr, name_key, raised_at, changed_at)
    select p_client, d.customer_id, d.rule, d.severity, d.facts, d.mrr, d.name_key, p_now, p_now from due d where d.alert_id is null
    -- A concurrent write raised it first: theirs stands (it saw the same customer row or a newer one).
    on conflict (customer_id, rule) where state <> 'resolved' do nothing
    returning 1
  ),
  updated as (
    update public.alerts a
    set severity = d.severity, facts = d.facts, mrr = d.mrr, name_key = d.name_key,
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

drop function private.alert_conditions(public.customers, public.client_settings, timestamptz);
