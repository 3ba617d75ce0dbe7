-- Home Base and the agency overview: one aggregate per client, computed by
-- the database over customers and score history (SPEC §7).
--
-- The helpers below run once per customer, so they are plain SQL without a
-- SET clause (a function with one cannot be inlined into the query that
-- calls it, and each call would save and restore search_path); every name in
-- them is schema-qualified instead. Only the security definer job sets it.

/* Today as the product counts days: the UTC calendar day (shared/common/dates.ts). */
create function private.utc_today() returns date
language sql stable as $$
  select (now() at time zone 'utc')::date
$$;

/* Midnight UTC at the start of a calendar day. */
create function private.utc_midnight(day date) returns timestamptz
language sql immutable as $$
  select day::timestamp at time zone 'utc'
$$;

/* Priority (SPEC §4), as shared/derived/priority.ts computes it: 60% renewal
   proximity (100 when due or overdue, falling to 0 at 180 days) + 40% inverse
   health, rounded half up. In float8 and in the same order of operations, so
   the number is the one the engine gives (a test compares the two). */
create function private.priority_score(score numeric, renewal_date date, today date) returns integer
language sql immutable as $$
  select floor(
    0.6::float8 * (case
      when renewal_date is null then 0::float8
      when renewal_date - today <= 0 then 100::float8
      else greatest(0::float8, (1::float8 - (renewal_date - today)::float8 / 180::float8) * 100::float8)
    end)
    + 0.4::float8 * (case when score is null then 0::float8 else 100::float8 - least(100::float8, greatest(0::float8, score::float8)) end)
    + 0.5::float8)::integer
$$;

/* Each live customer's score at the end of the day seven days ago: the base
   of "score change over the last 7 days". Looking it up in score_history for
   100,000 customers on every Home Base view would cost a history probe per
   customer, so a nightly job keeps it here; a row of another day (or none,
   for a customer added since) is looked up live instead, so the figures
   never depend on the job having run. score is null when the customer had
   no score yet on that day. Written only by the job (the table owner). */
create table public.score_week_bases (
  customer_id uuid primary key,
  client_id uuid not null,
  base_day date not null,
  score numeric(7, 4),
  foreign key (customer_id, client_id) references public.customers (id, client_id) on delete cascade
);
create index score_week_bases_client_idx on public.score_week_bases (client_id);

alter table public.score_week_bases enable row level security;
create policy "Week bases are visible to those who read the client" on public.score_week_bases
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
revoke all on public.score_week_bases from anon, authenticated, pulseboard_api;
grant select on public.score_week_bases to authenticated;

/* The score a customer had at the end of `day`: its last history entry
   written before the next midnight UTC. */
create function private.score_at_end_of(p_customer uuid, day date) returns numeric
language sql stable as $$
  select h.score from public.score_history h
  where h.customer_id = p_customer and h.created_at < private.utc_midnight(day + 1)
  order by h.created_at desc, h.id desc
  limit 1
$$;

/* Recomputes the week bases (of one client, or of all): the nightly job. */
create function private.refresh_week_bases(p_client uuid default null, p_today date default private.utc_today())
returns integer
language sql security definer set search_path = '' as $$
  with b as (
    insert into public.score_week_bases (customer_id, client_id, base_day, score)
    select c.id, c.client_id, p_today - 7, private.score_at_end_of(c.id, p_today - 7)
    from public.customers c
    where (p_client is null or c.client_id = p_client) and c.deleted_at is null and c.lifecycle <> 'churned'
    on conflict (customer_id) do update set base_day = excluded.base_day, score = excluded.score
    returning 1
  )
  select count(*)::integer from b
$$;
revoke all on function private.refresh_week_bases(uuid, date) from public, anon, authenticated;

-- Just after midnight UTC, when the day seven days ago has become the base.
select cron.schedule('pulseboard-week-bases', '5 0 * * *', $$select private.refresh_week_bases()$$);

/* A client's live customers (not deleted, not churned: SPEC §2) with the
   figures Home Base groups by: band, days to renewal, the 7-day change and
   the priority. Security invoker: row-level security decides what it sees. */
create function private.live_customers(p_client uuid, p_today date)
returns table (
  id uuid, name text, manager text, tier text, mrr numeric, score numeric, status text, renewal_days integer,
  scored_at timestamptz, week_change numeric, priority integer
)
language sql stable security invoker as $$
  select c.id, c.name, c.manager, c.tier, c.mrr, c.score, c.status, c.renewal_date - p_today, c.scored_at,
         -- The history is probed only when the nightly base is missing or of another day (CASE is lazy).
         c.score - case when wb.customer_id is not null then wb.score else private.score_at_end_of(c.id, p_today - 7) end,
         private.priority_score(c.score, c.renewal_date, p_today)
  from public.customers c
  left join public.score_week_bases wb on wb.customer_id = c.id and wb.base_day = p_today - 7
  where c.client_id = p_client and c.deleted_at is null and c.lifecycle <> 'churned'
$$;

/* Everything Home Base shows for one client, in one statement. p_steady is
   the smallest change that counts as improving or declining
   (shared/derived/momentum.ts STEADY_BAND); p_top the length of each list.
   Each figure is one pass over the materialized live rows; JSON is built
   only for the rows the lists show. */
create function private.home_base(p_client uuid, p_steady numeric, p_top integer default 8)
returns jsonb
language sql stable security invoker as $$
  with today as (select private.utc_today() as d),
  live as materialized (select l.* from today, private.live_customers(p_client, today.d) l),
  totals as (
    select count(*) as accounts, count(score) as scored, avg(score)::float8 as average_score,
           coalesce(sum(mrr), 0)::float8 as total_mrr,
           count(*) filter (where week_change >= p_steady) as improving,
           count(*) filter (where week_change <= -p_steady) as declining
    from live
  ),
  picked as (
    select 'priority' as list, row_number() over (order by priority desc, score nulls last, name, id) as n, p.*
    from (select * from live order by priority desc, score nulls last, name, id limit p_top) p
    union all
    select 'improved', row_number() over (order by week_change desc, name, id), p.*
    from (select * from live where week_change > 0 order by week_change desc, name, id limit p_top) p
    union all
    select 'dropped', row_number() over (order by week_change, name, id), p.*
    from (select * from live where week_change < 0 order by week_change, name, id limit p_top) p
    union all
    select 'recently_scored', row_number() over (order by scored_at desc, name, id), p.*
    from (select * from live where scored_at is not null order by scored_at desc, name, id limit p_top) p
  ),
  lists as (
    select list, jsonb_agg(jsonb_build_object('id', id, 'name', name, 'manager', manager, 'tier', tier,
      'mrr', mrr::float8, 'score', score::float8, 'status', status, 'renewal_days', renewal_days,
      'scored_at', to_char(scored_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'week_change', week_change::float8, 'priority', priority) order by n) as rows
    from picked group by list
  )
  select jsonb_build_object(
    'today', (select d from today),
    'accounts', t.accounts, 'scored', t.scored, 'average_score', t.average_score, 'total_mrr', t.total_mrr,
    'improving', t.improving, 'declining', t.declining,
    'bands', (select coalesce(jsonb_object_agg(status, jsonb_build_object('count', n, 'mrr', mrr)), '{}')
              from (select status, count(*) as n, coalesce(sum(mrr), 0)::float8 as mrr
                    from live where status is not null group by status) b),
    'tiers', (select coalesce(jsonb_agg(jsonb_build_object('tier', tier, 'count', n, 'mrr', mrr,
                'average_score', avg_score, 'at_risk', at_risk) order by tier nulls last), '[]')
              from (select tier, count(*) as n, coalesce(sum(mrr), 0)::float8 as mrr, avg(score)::float8 as avg_score,
                           count(*) filter (where status in ('critical', 'atrisk')) as at_risk
                    from live group by tier) g),
    'renewals', (select jsonb_agg(jsonb_build_object('from_days', w.f, 'to_days', w.t, 'count', coalesce(r.n, 0),
                   'mrr', coalesce(r.mrr, 0), 'at_risk', coalesce(r.at_risk, 0)) order by w.f)
                 from (values (0, 30), (31, 60), (61, 90)) w (f, t)
                 left join (select case when renewal_days <= 30 then 0 when renewal_days <= 60 then 31 else 61 end as f,
                                   count(*) as n, sum(mrr)::float8 as mrr,
                                   count(*) filter (where status in ('critical', 'atrisk')) as at_risk
                            from live where renewal_days between 0 and 90 group by 1) r on r.f = w.f),
    'lists', (select coalesce(jsonb_object_agg(list, rows), '{}') from lists)
  )
  from totals t
$$;

/* One row per client the caller may read (archived left out): the agency
   overview of owners and admins, a member's own clients. */
create function private.agency_overview()
returns table (
  client_id uuid, name text, accounts bigint, average_score float8, revenue_at_risk float8, critical bigint,
  renewals_30d bigint, week_change float8
)
language sql stable security invoker as $$
  select cl.id, cl.name, count(l.id), avg(l.score)::float8,
         coalesce(sum(l.mrr) filter (where l.status in ('critical', 'atrisk')), 0)::float8,
         count(*) filter (where l.status = 'critical'),
         count(*) filter (where l.renewal_days between 0 and 30),
         -- The average of the changes of the customers that had a score a week ago.
         avg(l.week_change)::float8
  from public.clients cl
  left join lateral private.live_customers(cl.id, private.utc_today()) l on true
  where cl.archived_at is null
  group by cl.id, cl.name
  order by lower(cl.name), cl.id
$$;

grant execute on function private.utc_today(), private.utc_midnight(date), private.priority_score(numeric, date, date),
  private.score_at_end_of(uuid, date), private.live_customers(uuid, date), private.home_base(uuid, numeric, integer),
  private.agency_overview() to authenticated;
