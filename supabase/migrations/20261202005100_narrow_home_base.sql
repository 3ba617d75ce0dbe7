-- Home Base reads narrower rows: the aggregate materializes every live
-- customer of the client, and at 100,000 customers carrying names, managers
-- and numerics through it cost more than the figures themselves. The live
-- rows now hold only what is counted and ordered on (in float8, which sums
-- and compares without numeric's arithmetic); names and managers are read for
-- the few listed accounts only. Ties in the lists go by id.

drop function private.home_base(uuid, numeric, integer);
drop function private.agency_overview();
drop function private.live_customers(uuid, date);

/* A client's live customers (not deleted, not churned: SPEC §2) with the
   figures Home Base groups by: band, days to renewal, the 7-day change and
   the priority. Security invoker: row-level security decides what it sees. */
create function private.live_customers(p_client uuid, p_today date)
returns table (
  id uuid, tier text, mrr float8, score float8, status text, renewal_days integer, scored_at timestamptz,
  week_change float8, priority integer
)
language sql stable security invoker as $$
  select c.id, c.tier, c.mrr::float8, c.score::float8, c.status, c.renewal_date - p_today, c.scored_at,
         -- The history is probed only when the nightly base is missing or of another day (CASE is lazy).
         (c.score - case when wb.customer_id is not null then wb.score else private.score_at_end_of(c.id, p_today - 7) end)::float8,
         private.priority_score(c.score, c.renewal_date, p_today)
  from public.customers c
  left join public.score_week_bases wb on wb.customer_id = c.id and wb.base_day = p_today - 7
  where c.client_id = p_client and c.deleted_at is null and c.lifecycle <> 'churned'
$$;

/* Everything Home Base shows for one client, in one statement. p_steady is
   the smallest change that counts as improving or declining
   (shared/derived/momentum.ts STEADY_BAND); p_top the length of each list. */
create function private.home_base(p_client uuid, p_steady numeric, p_top integer default 8)
returns jsonb
language sql stable security invoker as $$
  with today as (select private.utc_today() as d),
  live as materialized (select l.* from today, private.live_customers(p_client, today.d) l),
  -- Every count and sum in one pass: overall, per band, per tier, per renewal window.
  grouped as (
    select grouping(status) = 0 as by_status, grouping(tier) = 0 as by_tier, grouping(bucket) = 0 as by_bucket,
           status, tier, bucket, count(*) as n, count(score) as scored, avg(score) as average_score,
           coalesce(sum(mrr), 0) as mrr, count(*) filter (where status in ('critical', 'atrisk')) as at_risk,
           count(*) filter (where week_change >= p_steady) as improving,
           count(*) filter (where week_change <= -p_steady) as declining
    from (select *, case when renewal_days between 0 and 30 then 0 when renewal_days between 31 and 60 then 31
                         when renewal_days between 61 and 90 then 61 end as bucket from live) l
    group by grouping sets ((), (status), (tier), (bucket))
  ),
  picked as (
    select 'priority' as list, row_number() over (order by priority desc, score nulls last, id) as n, p.*
    from (select * from live order by priority desc, score nulls last, id limit p_top) p
    union all
    select 'improved', row_number() over (order by week_change desc, id), p.*
    from (select * from live where week_change > 0 order by week_change desc, id limit p_top) p
    union all
    select 'dropped', row_number() over (order by week_change, id), p.*
    from (select * from live where week_change < 0 order by week_change, id limit p_top) p
    union all
    select 'recently_scored', row_number() over (order by scored_at desc, id), p.*
    from (select * from live where scored_at is not null order by scored_at desc, id limit p_top) p
  ),
  lists as (
    -- Names and managers by one index probe per listed account (a scalar
    -- subquery: a join here is planned as a hash over every customer).
    select p.list, jsonb_agg((select jsonb_build_object('id', p.id, 'name', c.name, 'manager', c.manager, 'tier', p.tier,
      'mrr', p.mrr, 'score', p.score, 'status', p.status, 'renewal_days', p.renewal_days,
      'scored_at', to_char(p.scored_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      'week_change', p.week_change, 'priority', p.priority) from public.customers c where c.id = p.id) order by p.n) as rows
    from picked p
    group by p.list
  )
  select jsonb_build_object(
    'today', (select d from today),
    'accounts', t.n, 'scored', t.scored, 'average_score', t.average_score, 'total_mrr', t.mrr,
    'improving', t.improving, 'declining', t.declining,
    'bands', (select coalesce(jsonb_object_agg(status, jsonb_build_object('count', n, 'mrr', mrr)), '{}')
              from grouped where by_status and status is not null),
    'tiers', (select coalesce(jsonb_agg(jsonb_build_object('tier', tier, 'count', n, 'mrr', mrr,
                'average_score', average_score, 'at_risk', at_risk) order by tier nulls last), '[]')
              from grouped where by_tier),
    'renewals', (select jsonb_agg(jsonb_build_object('from_days', w.f, 'to_days', w.t, 'count', coalesce(g.n, 0),
                   'mrr', coalesce(g.mrr, 0), 'at_risk', coalesce(g.at_risk, 0)) order by w.f)
                 from (values (0, 30), (31, 60), (61, 90)) w (f, t)
                 left join grouped g on g.by_bucket and g.bucket = w.f),
    'lists', (select coalesce(jsonb_object_agg(list, rows), '{}') from lists)
  )
  from grouped t where not (t.by_status or t.by_tier or t.by_bucket)
$$;

/* One row per client the caller may read (archived left out): the agency
   overview of owners and admins, a member's own clients. */
create function private.agency_overview()
returns table (
  client_id uuid, name text, accounts bigint, average_score float8, revenue_at_risk float8, critical bigint,
  renewals_30d bigint, week_change float8
)
language sql stable security invoker as $$
  select cl.id, cl.name, count(l.id), avg(l.score),
         coalesce(sum(l.mrr) filter (where l.status in ('critical', 'atrisk')), 0),
         count(*) filter (where l.status = 'critical'),
         count(*) filter (where l.renewal_days between 0 and 30),
         -- The average of the changes of the customers that had a score a week ago.
         avg(l.week_change)
  from public.clients cl
  left join lateral private.live_customers(cl.id, private.utc_today()) l on true
  where cl.archived_at is null
  group by cl.id, cl.name
  order by lower(cl.name), cl.id
$$;

grant execute on function private.live_customers(uuid, date), private.home_base(uuid, numeric, integer),
  private.agency_overview() to authenticated;
