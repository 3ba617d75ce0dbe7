-- Home Base from tallies the writes keep, not from a scan of every customer
-- (decision 012). At 100,000 customers the scan (20261202005100) took a
-- third of a second; now a view reads a few dozen tally rows, the week's
-- movers from two small indexes and the priority candidates by a skip scan
-- over renewal dates.
--
-- - public.home_tallies: counts and sums of live customers by band and
--   tier, by renewal date, and (from the week bases) by the week's movement.
--   Append-only deltas written by statement triggers with transition
--   tables, so concurrent writers never wait on one another's tally row; a
--   job folds them every minute.
-- - public.score_week_bases also holds each customer's score now and whether
--   it is live, kept by the customers trigger, so the week's change is a
--   stored column with an index. A history entry written into the past
--   moves the base it falls under.
-- - private.home_base answers from the tallies when every live customer has
--   a base for today's week (the nightly job ran, or the writes gave one),
--   else by the scan as before: the figures never depend on the job.

/* The smallest week's change that counts as improving or declining
   (shared/derived/momentum.ts STEADY_BAND): the tallies count with it. */
create function private.steady_band() returns numeric
language sql immutable as $$ select 3::numeric $$;

create table public.home_tallies (
  client_id uuid not null,
  kind text not null check (kind in ('band', 'renewal', 'week')),
  -- band: status and tier; renewal: renewal_date and status; week: base_day and movement (-1, 0, 1).
  status text,
  tier text,
  renewal_date date,
  base_day date,
  movement smallint,
  n bigint not null,
  scored bigint not null default 0,
  score_sum numeric not null default 0,
  mrr_sum numeric not null default 0,
  -- The weekly changes counted and their sum (the agency overview's trend).
  changed bigint not null default 0,
  change_sum numeric not null default 0,
  -- Rows the job has folded; new deltas are not.
  folded boolean not null default false
);
-- No foreign key: the deltas of a client's customers deleted with the client
-- would be refused by it; the job drops the tallies of clients that are gone.
create index home_tallies_client_idx on public.home_tallies (client_id, kind, renewal_date);
create index home_tallies_unfolded_idx on public.home_tallies (client_id) where not folded;

alter table public.home_tallies enable row level security;
create policy "Home tallies are visible to those who read the client" on public.home_tallies
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
revoke all on public.home_tallies from anon, authenticated, pulseboard_api;
grant select on public.home_tallies to authenticated;

-- The score now and liveness beside the base. live is false until the
-- backfill below (or the customers trigger) says otherwise.
alter table public.score_week_bases
  add column now_score numeric(7, 4),
  add column live boolean not null default false,
  add column week_change numeric(8, 4) generated always as (now_score - score) stored;
create index score_week_bases_rising_idx on public.score_week_bases (client_id, base_day, week_change desc, customer_id)
  where live and week_change > 0;
create index score_week_bases_falling_idx on public.score_week_bases (client_id, base_day, week_change, customer_id)
  where live and week_change < 0;

-- Home Base's lists straight from indexes of the live customers.
create index customers_live_renewal_idx on public.customers (client_id, renewal_date, score, id)
  where deleted_at is null and lifecycle <> 'churned';
create index customers_live_scored_idx on public.customers (client_id, scored_at desc, id)
  where deleted_at is null and lifecycle <> 'churned' and scored_at is not null;

/* The rows a statement changed, signed: -1 for each old row, +1 for each new
   one (the transition tables old_rows and new_rows that exist for it). */
create function private.signed_changes(op text) returns text
language sql immutable as $$
  select case op
    when 'INSERT' then 'select 1 as sign, n.* from new_rows n'
    when 'DELETE' then 'select -1 as sign, o.* from old_rows o'
    else 'select -1 as sign, o.* from old_rows o union all select 1 as sign, n.* from new_rows n' end
$$;

/* After each statement on customers: the band and renewal tallies move by
   what changed, and each written customer's week base row follows its
   score and liveness (a base of another day is looked up for today's week). */
create function private.tally_customer_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  week_base date := private.utc_today() - 7;
begin
  execute format($q$
    with live as (select * from (%s) c where c.deleted_at is null and c.lifecycle <> 'churned')
    insert into public.home_tallies (client_id, kind, status, tier, renewal_date, n, scored, score_sum, mrr_sum)
    select client_id, kind, status, tier, renewal_date, sum(sign), sum(sign * scored), sum(sign * score), sum(sign * mrr)
    from (select client_id, 'band' as kind, status, tier, null::date as renewal_date, sign,
                 (score is not null)::int as scored, coalesce(score, 0) as score, coalesce(mrr, 0) as mrr from live
          union all
          select client_id, 'renewal', status, null, renewal_date, sign, 0, 0, coalesce(mrr, 0) from live
          where renewal_date is not null) t
    group by client_id, kind, status, tier, renewal_date
    having sum(sign) <> 0 or sum(sign * scored) <> 0 or sum(sign * score) <> 0 or sum(sign * mrr) <> 0
  $q$, private.signed_changes(tg_op));

  if tg_op <> 'DELETE' then
    -- A new customer has no history yet, so no base to look up.
    insert into public.score_week_bases as wb (customer_id, client_id, base_day, score, now_score, live)
    select n.id, n.client_id, week_base,
           case when w.base_day = week_base then w.score when tg_op = 'UPDATE' then private.score_at_end_of(n.id, week_base) end,
           n.score, n.deleted_at is null and n.lifecycle <> 'churned'
    from new_rows n left join public.score_week_bases w on w.customer_id = n.id
    where w.customer_id is null or w.base_day <> week_base or w.now_score is distinct from n.score
       or w.live <> (n.deleted_at is null and n.lifecycle <> 'churned')
    on conflict (customer_id) do update
      set base_day = excluded.base_day, score = excluded.score, now_score = excluded.now_score, live = excluded.live;
  end if;
  return null;
end $$;

create trigger tally_home_base_on_insert after insert on public.customers
  referencing new table as new_rows for each statement execute function private.tally_customer_changes();
create trigger tally_home_base_on_update after update on public.customers
  referencing old table as old_rows new table as new_rows for each statement execute function private.tally_customer_changes();
create trigger tally_home_base_on_delete after delete on public.customers
  referencing old table as old_rows for each statement execute function private.tally_customer_changes();

/* After each statement on the week bases: the week tallies of live
   customers (how many have a base of that day, and how they moved). */
create function private.tally_week_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  execute format($q$
    insert into public.home_tallies (client_id, kind, base_day, movement, n, changed, change_sum)
    select client_id, 'week', base_day, movement, sum(sign), sum(sign * changed), sum(sign * change)
    from (select client_id, base_day, sign, (week_change is not null)::int as changed, coalesce(week_change, 0) as change,
                 case when week_change >= private.steady_band() then 1 when week_change <= -private.steady_band() then -1 else 0 end as movement
          from (%s) c where c.live) t
    group by client_id, base_day, movement
    having sum(sign) <> 0 or sum(sign * changed) <> 0 or sum(sign * change) <> 0
  $q$, private.signed_changes(tg_op));
  return null;
end $$;

create trigger tally_week_changes_on_insert after insert on public.score_week_bases
  referencing new table as new_rows for each statement execute function private.tally_week_changes();
create trigger tally_week_changes_on_update after update on public.score_week_bases
  referencing old table as old_rows new table as new_rows for each statement execute function private.tally_week_changes();
create trigger tally_week_changes_on_delete after delete on public.score_week_bases
  referencing old table as old_rows for each statement execute function private.tally_week_changes();

/* A history entry written into the past (an import of old scores, a test's
   fixture) moves the base of the week it falls before. Entries written now
   fall after every base and cost one comparison each. */
create function private.rebase_backdated_history() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.score_week_bases w set score = private.score_at_end_of(w.customer_id, w.base_day)
  from (select distinct customer_id from new_rows
        where created_at < private.utc_midnight(private.utc_today() - 6)) h
  where w.customer_id = h.customer_id
    and w.score is distinct from private.score_at_end_of(w.customer_id, w.base_day);
  return null;
end $$;
create trigger rebase_backdated_history after insert on public.score_history
  referencing new table as new_rows for each statement execute function private.rebase_backdated_history();

/* The nightly job, now leaving the score now and liveness to the customers
   trigger: a job that wrote them from its own snapshot could overwrite a
   write that committed while it ran. A missing row (only before this
   migration's backfill) is created whole. */
create or replace function private.refresh_week_bases(p_client uuid default null, p_today date default private.utc_today())
returns integer
language sql security definer set search_path = '' as $$
  with b as (
    insert into public.score_week_bases as wb (customer_id, client_id, base_day, score, now_score, live)
    select c.id, c.client_id, p_today - 7, private.score_at_end_of(c.id, p_today - 7), c.score, true
    from public.customers c
    where (p_client is null or c.client_id = p_client) and c.deleted_at is null and c.lifecycle <> 'churned'
    on conflict (customer_id) do update set base_day = excluded.base_day, score = excluded.score
      where (wb.base_day, wb.score) is distinct from (excluded.base_day, excluded.score)
    returning 1
  )
  select count(*)::integer from b
$$;

/* Folds the deltas of every client that has new ones into one row per key,
   and drops the tallies of clients that no longer exist. One statement: a
   reader sees the deltas or their fold, never both; a delta committed while
   it runs is left for the next run. */
create function private.fold_home_tallies() returns integer
language sql security definer set search_path = '' as $$
  with dirty as (select distinct client_id from public.home_tallies where not folded),
  gone as (
    delete from public.home_tallies t using dirty where t.client_id = dirty.client_id returning t.*
  ),
  kept as (
    insert into public.home_tallies (client_id, kind, status, tier, renewal_date, base_day, movement,
                                     n, scored, score_sum, mrr_sum, changed, change_sum, folded)
    select client_id, kind, status, tier, renewal_date, base_day, movement,
           sum(n), sum(scored), sum(score_sum), sum(mrr_sum), sum(changed), sum(change_sum), true
    from gone
    where exists (select 1 from public.clients c where c.id = gone.client_id)
    group by client_id, kind, status, tier, renewal_date, base_day, movement
    having sum(n) <> 0 or sum(scored) <> 0 or sum(score_sum) <> 0 or sum(mrr_sum) <> 0 or sum(changed) <> 0 or sum(change_sum) <> 0
    returning 1
  )
  select count(*)::integer from kept
$$;
revoke all on function private.tally_customer_changes(), private.tally_week_changes(), private.rebase_backdated_history(),
  private.fold_home_tallies() from public, anon, authenticated;
select cron.schedule('pulseboard-fold-home-tallies', '* * * * *', $$select private.fold_home_tallies()$$);

-- The scan stays for the days the tallies cannot answer.
alter function private.home_base(uuid, numeric, integer) rename to home_base_by_scan;

/* Whether the tallies answer for this client today: every live customer
   has a week base of today's week (the counts agree). */
create function private.home_tallies_complete(p_client uuid, p_today date) returns boolean
language sql stable security invoker as $$
  select coalesce(sum(n) filter (where kind = 'band'), 0) = coalesce(sum(n) filter (where kind = 'week' and base_day = p_today - 7), 0)
  from public.home_tallies where client_id = p_client and kind in ('band', 'week')
$$;

/* One listed account, as the scan lists it. */
create function private.home_account(p_id uuid, p_today date) returns jsonb
language sql stable security invoker as $$
  select jsonb_build_object('id', c.id, 'name', c.name, 'manager', c.manager, 'tier', c.tier,
    'mrr', c.mrr::float8, 'score', c.score::float8, 'status', c.status, 'renewal_days', c.renewal_date - p_today,
    'scored_at', to_char(c.scored_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'week_change', wb.week_change::float8, 'priority', private.priority_score(c.score, c.renewal_date, p_today))
  from public.customers c left join public.score_week_bases wb on wb.customer_id = c.id and wb.base_day = p_today - 7
  where c.id = p_id
$$;

/* Home Base from the tallies: the same answer as the scan. The priority
   list's candidates are, for each renewal date (and no date), the p_top
   lowest scores: within one date priority only grows as the score falls,
   and ties go by score then id as the index orders them. */
create function private.home_base_tallied(p_client uuid, p_today date, p_top integer) returns jsonb
language sql stable security invoker as $$
  with recursive renewal_dates (d) as (
    (select c.renewal_date from public.customers c
     where c.client_id = p_client and c.deleted_at is null and c.lifecycle <> 'churned' and c.renewal_date is not null
     order by c.renewal_date limit 1)
    union all
    select (select c.renewal_date from public.customers c
            where c.client_id = p_client and c.deleted_at is null and c.lifecycle <> 'churned' and c.renewal_date > r.d
            order by c.renewal_date limit 1)
    from renewal_dates r where r.d is not null
  ),
  candidates as (
    select p.* from renewal_dates r cross join lateral (
      select c.id, c.score, c.renewal_date from public.customers c
      where c.client_id = p_client and c.deleted_at is null and c.lifecycle <> 'churned' and c.renewal_date = r.d
      order by c.score nulls last, c.id limit p_top) p
    where r.d is not null
    union all
    (select c.id, c.score, c.renewal_date from public.customers c
     where c.client_id = p_client and c.deleted_at is null and c.lifecycle <> 'churned' and c.renewal_date is null
     order by c.score nulls last, c.id limit p_top)
  ),
  band as (
    select status, tier, sum(n) as n, sum(scored) as scored, sum(score_sum) as score_sum, sum(mrr_sum) as mrr
    from public.home_tallies where client_id = p_client and kind = 'band'
    group by status, tier having sum(n) <> 0
  ),
  grouped as (
    select grouping(status) = 0 as by_status, grouping(tier) = 0 as by_tier, status, tier,
           coalesce(sum(n), 0) as n, coalesce(sum(scored), 0) as scored,
           (sum(score_sum) / nullif(sum(scored), 0))::float8 as average_score, coalesce(sum(mrr), 0)::float8 as mrr,
           coalesce(sum(n) filter (where status in ('critical', 'atrisk')), 0) as at_risk
    from band group by grouping sets ((), (status), (tier))
  ),
  renewals as (
    select case when t.renewal_date - p_today <= 30 then 0 when t.renewal_date - p_today <= 60 then 31 else 61 end as bucket,
           sum(t.n) as n, sum(t.mrr_sum)::float8 as mrr, coalesce(sum(t.n) filter (where t.status in ('critical', 'atrisk')), 0) as at_risk
    from public.home_tallies t
    where t.client_id = p_client and t.kind = 'renewal' and t.renewal_date between p_today and p_today + 90
    group by 1
  ),
  week as (
    select coalesce(sum(n) filter (where movement = 1), 0) as improving, coalesce(sum(n) filter (where movement = -1), 0) as declining
    from public.home_tallies where client_id = p_client and kind = 'week' and base_day = p_today - 7
  ),
  picked as (
    select 'priority' as list, row_number() over (order by p.priority desc, p.score nulls last, p.id) as n, p.id
    from (select id, score, private.priority_score(score, renewal_date, p_today) as priority from candidates
          order by 3 desc, score nulls last, id limit p_top) p
    union all
    select 'improved', row_number() over (order by wb.week_change desc, wb.customer_id), wb.customer_id
    from (select * from public.score_week_bases w
          where w.client_id = p_client and w.base_day = p_today - 7 and w.live and w.week_change > 0
          order by w.week_change desc, w.customer_id limit p_top) wb
    union all
    select 'dropped', row_number() over (order by wb.week_change, wb.customer_id), wb.customer_id
    from (select * from public.score_week_bases w
          where w.client_id = p_client and w.base_day = p_today - 7 and w.live and w.week_change < 0
          order by w.week_change, w.customer_id limit p_top) wb
    union all
    select 'recently_scored', row_number() over (order by c.scored_at desc, c.id), c.id
    from (select * from public.customers c
          where c.client_id = p_client and c.deleted_at is null and c.lifecycle <> 'churned' and c.scored_at is not null
          order by c.scored_at desc, c.id limit p_top) c
  ),
  lists as (
    select list, jsonb_agg(private.home_account(id, p_today) order by n) as rows from picked group by list
  )
  select jsonb_build_object(
    'today', p_today,
    'accounts', t.n, 'scored', t.scored, 'average_score', t.average_score, 'total_mrr', t.mrr,
    'improving', (select improving from week), 'declining', (select declining from week),
    'bands', (select coalesce(jsonb_object_agg(status, jsonb_build_object('count', n, 'mrr', mrr)), '{}')
              from grouped where by_status and status is not null),
    'tiers', (select coalesce(jsonb_agg(jsonb_build_object('tier', tier, 'count', n, 'mrr', mrr,
                'average_score', average_score, 'at_risk', at_risk) order by tier nulls last), '[]')
              from grouped where by_tier),
    'renewals', (select jsonb_agg(jsonb_build_object('from_days', w.f, 'to_days', w.t, 'count', coalesce(r.n, 0),
                   'mrr', coalesce(r.mrr, 0), 'at_risk', coalesce(r.at_risk, 0)) order by w.f)
                 from (values (0, 30), (31, 60), (61, 90)) w (f, t) left join renewals r on r.bucket = w.f),
    'lists', (select coalesce(jsonb_object_agg(list, rows), '{}') from lists)
  )
  from grouped t where not (t.by_status or t.by_tier)
$$;

/* Everything Home Base shows for one client: from the tallies when they
   answer (and count with the steady band asked for), else by the scan. */
create function private.home_base(p_client uuid, p_steady numeric, p_top integer default 8)
returns jsonb
language sql stable security invoker as $$
  select case when p_steady = private.steady_band() and private.home_tallies_complete(p_client, private.utc_today())
    then private.home_base_tallied(p_client, private.utc_today(), p_top)
    else private.home_base_by_scan(p_client, p_steady, p_top) end
$$;

grant execute on function private.steady_band(), private.home_tallies_complete(uuid, date), private.home_account(uuid, date),
  private.home_base_tallied(uuid, date, integer), private.home_base(uuid, numeric, integer) to authenticated;

-- Backfill: the tallies of today's customers, then every live customer's base.
update public.score_week_bases wb set now_score = c.score, live = c.deleted_at is null and c.lifecycle <> 'churned'
from public.customers c where c.id = wb.customer_id;
insert into public.home_tallies (client_id, kind, status, tier, renewal_date, n, scored, score_sum, mrr_sum)
select client_id, kind, status, tier, renewal_date, count(*), sum(scored), sum(score), sum(mrr)
from (select client_id, 'band' as kind, status, tier, null::date as renewal_date,
             (score is not null)::int as scored, coalesce(score, 0) as score, coalesce(mrr, 0) as mrr
      from public.customers where deleted_at is null and lifecycle <> 'churned'
      union all
      select client_id, 'renewal', status, null, renewal_date, 0, 0, coalesce(mrr, 0)
      from public.customers where deleted_at is null and lifecycle <> 'churned' and renewal_date is not null) t
group by client_id, kind, status, tier, renewal_date;
select private.refresh_week_bases();
