-- Daily rollups: per client and per day, what the analytics charts draw
-- (Trends, Segments, CSM Performance, the reports), so two years of 100,000
-- customers are read as a few hundred rows instead of millions of history
-- entries (SPEC §7, §10; docs/decisions/017).
--
-- A day's figures are those of the client's live customers (not deleted, not
-- churned: SPEC §2) as their score history stood at the end of that UTC day,
-- grouped by the customers' present manager, tier, lifecycle and tags: the
-- history of today's book. Money (MRR, ARR) has no history of its own, so a
-- customer adds its present MRR from the day of its first score on. Today is
-- not stored: it is the customers table itself (private.rollup_today).

/* A number inside a history snapshot, or null when absent or not a number
   (snapshots come from imports and backfills too; one odd value must not
   stop a rebuild). Evaluated per row: plain SQL, no SET clause. */
create function private.snapshot_number(signals jsonb, key text) returns float8
language sql immutable as $$
  select case when jsonb_typeof(signals -> key) = 'number' then (signals ->> key)::float8 end
$$;

/* The NPS category of a snapshot: the category pushed, else the one its 0–10 score falls in (SPEC §3). */
create function private.snapshot_nps_category(signals jsonb) returns text
language sql immutable as $$
  select coalesce(
    case when signals ->> 'nps_category' in ('promoter', 'passive', 'detractor') then signals ->> 'nps_category' end,
    case when private.snapshot_number(signals, 'nps') >= 9 then 'promoter'
         when private.snapshot_number(signals, 'nps') >= 7 then 'passive'
         when private.snapshot_number(signals, 'nps') >= 0 then 'detractor' end)
$$;

/* One row per client, day and segment. dimension 'all' (segment '') is the
   whole portfolio; 'manager', 'tier', 'lifecycle' and 'tag' split it, with
   segment '' for customers without one (no manager, no tier, no tag).
   Averages are kept as sums and counts (a signal missing from a snapshot is
   left out of its average, as the score leaves it out); NPS as the counts of
   promoters, passives and detractors. Written only by private.rebuild_rollups. */
create table public.daily_rollups (
  client_id uuid not null references public.clients (id) on delete cascade,
  dimension text not null check (dimension in ('all', 'manager', 'tier', 'lifecycle', 'tag')),
  segment text not null,
  day date not null,
  customers integer not null,
  scored integer not null,
  score_sum float8 not null,
  logins_n integer not null, logins_sum float8 not null,
  adoption_n integer not null, adoption_sum float8 not null,
  tickets_n integer not null, tickets_sum float8 not null,
  csat_n integer not null, csat_sum float8 not null,
  days_n integer not null, days_sum float8 not null,
  promoters integer not null, passives integer not null, detractors integer not null,
  mrr float8 not null, arr float8 not null,
  critical integer not null, atrisk integer not null, watch integer not null, healthy integer not null, expansion integer not null,
  -- Every reader asks for one segment over a range of days.
  primary key (client_id, dimension, segment, day)
);

/* How far each client's rollups are built, and from which day they are
   stale: an insert of history before today (an import's backfill, a restore)
   sets stale_from, and the refresh job rebuilds that client within minutes.
   Written by the trigger and the job only. */
create table public.daily_rollup_state (
  client_id uuid primary key references public.clients (id) on delete cascade,
  built_through date,
  built_at timestamptz,
  stale_from date
);

/* Each live customer's score at the end of the day before each range of the
   charts begins (7d: seven days ago, 30d, 90d, 6m, 1y, 2y, ytd: 31 December):
   the base of the score-change table, which would otherwise look up 100,000
   customers' history on every view. Kept by the rebuild (one pass over the
   history it reads anyway); a row of another day is looked up live instead.
   score is null for a customer without a score then. Written by the job only. */
create table public.score_range_bases (
  customer_id uuid not null,
  client_id uuid not null,
  range text not null check (range in ('7d', '30d', '90d', '6m', '1y', '2y', 'ytd')),
  base_day date not null,
  score numeric(7, 4),
  primary key (customer_id, range),
  foreign key (customer_id, client_id) references public.customers (id, client_id) on delete cascade
);
create index score_range_bases_client_idx on public.score_range_bases (client_id, range);

alter table public.daily_rollups enable row level security;
alter table public.daily_rollup_state enable row level security;
alter table public.score_range_bases enable row level security;
create policy "Daily rollups are visible to those who read the client" on public.daily_rollups
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Rollup state is visible to those who read the client" on public.daily_rollup_state
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Range bases are visible to those who read the client" on public.score_range_bases
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
revoke all on public.daily_rollups, public.daily_rollup_state, public.score_range_bases from anon, authenticated, pulseboard_api;
grant select on public.daily_rollups, public.daily_rollup_state, public.score_range_bases to authenticated;

/* Rebuilds one client's rollups for every day before p_today, from its whole
   score history, in one pass: each entry that is the last of its customer's
   day counts from that day until the day of the customer's next entry, so
   it is added on its day and taken off on the next one, and a running sum
   over the days gives each day's figures. Whole, never incremental: every
   day is grouped by the customers' present attributes, so a customer that
   changed manager moves with its whole history. */
create function private.rebuild_rollups(p_client uuid, p_today date default private.utc_today())
returns integer
language plpgsql security definer set search_path = '' as $$
declare
  written integer;
begin
  -- Taken first, so a backfill marking this client waits for the rebuild to
  -- commit and its mark is never wiped by a rebuild that did not see it.
  insert into public.daily_rollup_state (client_id) values (p_client)
  on conflict (client_id) do update set client_id = excluded.client_id;

  delete from public.daily_rollups where client_id = p_client;

  with entries as (
    select h.customer_id, (h.created_at at time zone 'utc')::date as day,
           lead((h.created_at at time zone 'utc')::date) over (partition by h.customer_id order by h.created_at, h.id) as next_day,
           h.score::float8 as score, h.status,
           private.snapshot_number(h.signals, 'logins') as logins, private.snapshot_number(h.signals, 'adoption') as adoption,
           private.snapshot_number(h.signals, 'tickets') as tickets, private.snapshot_number(h.signals, 'csat') as csat,
           private.snapshot_number(h.signals, 'days') as days, private.snapshot_nps_category(h.signals) as nps,
           min((h.created_at at time zone 'utc')::date) over (partition by h.customer_id) as first_day
    from public.score_history h
    join public.customers c on c.id = h.customer_id
    where h.client_id = p_client and h.created_at < private.utc_midnight(p_today)
      and c.deleted_at is null and c.lifecycle <> 'churned'
  ),
  -- The last entry of each customer's day, added on its day and taken off on
  -- the next entry's day; presence and money are added once, on the first day.
  moves as (
    select e.customer_id, m.day, m.sign, m.sign = 1 and e.day = e.first_day as arrives, e.score, e.status, e.logins, e.adoption,
           e.tickets, e.csat, e.days, e.nps
    from entries e
    cross join lateral (values (e.day, 1), (e.next_day, -1)) m (day, sign)
    where e.next_day is distinct from e.day and m.day is not null and m.day < p_today
  ),
  -- Summed by day and by the attributes segments are cut by, before the
  -- attributes are spread into segments (far fewer rows to spread).
  by_attributes as (
    select m.day, c.manager, c.tier, c.lifecycle, c.tags,
           sum(case when m.arrives then 1 else 0 end) as customers,
           sum(case when m.arrives then coalesce(c.mrr, 0)::float8 else 0 end) as mrr,
           sum(case when m.arrives then coalesce(c.arr, 0)::float8 else 0 end) as arr,
           sum(m.sign * (m.score is not null)::int) as scored, sum(m.sign * coalesce(m.score, 0)) as score_sum,
           sum(m.sign * (m.logins is not null)::int) as logins_n, sum(m.sign * coalesce(m.logins, 0)) as logins_sum,
           sum(m.sign * (m.adoption is not null)::int) as adoption_n, sum(m.sign * coalesce(m.adoption, 0)) as adoption_sum,
           sum(m.sign * (m.tickets is not null)::int) as tickets_n, sum(m.sign * coalesce(m.tickets, 0)) as tickets_sum,
           sum(m.sign * (m.csat is not null)::int) as csat_n, sum(m.sign * coalesce(m.csat, 0)) as csat_sum,
           sum(m.sign * (m.days is not null)::int) as days_n, sum(m.sign * coalesce(m.days, 0)) as days_sum,
           sum(m.sign * (m.nps is not distinct from 'promoter')::int) as promoters, sum(m.sign * (m.nps is not distinct from 'passive')::int) as passives,
           sum(m.sign * (m.nps is not distinct from 'detractor')::int) as detractors,
           sum(m.sign * (m.status is not distinct from 'critical')::int) as critical, sum(m.sign * (m.status is not distinct from 'atrisk')::int) as atrisk,
           sum(m.sign * (m.status is not distinct from 'watch')::int) as watch, sum(m.sign * (m.status is not distinct from 'healthy')::int) as healthy,
           sum(m.sign * (m.status is not distinct from 'expansion')::int) as expansion
    from moves m join public.customers c on c.id = m.customer_id
    group by m.day, c.manager, c.tier, c.lifecycle, c.tags
  ),
  deltas as (
    select a.day, k.dimension, k.segment,
           sum(customers) as customers, sum(mrr) as mrr, sum(arr) as arr, sum(scored) as scored, sum(score_sum) as score_sum,
           sum(logins_n) as logins_n, sum(logins_sum) as logins_sum, sum(adoption_n) as adoption_n, sum(adoption_sum) as adoption_sum,
           sum(tickets_n) as tickets_n, sum(tickets_sum) as tickets_sum, sum(csat_n) as csat_n, sum(csat_sum) as csat_sum,
           sum(days_n) as days_n, sum(days_sum) as days_sum,
           sum(promoters) as promoters, sum(passives) as passives, sum(detractors) as detractors,
           sum(critical) as critical, sum(atrisk) as atrisk, sum(watch) as watch, sum(healthy) as healthy, sum(expansion) as expansion
    from by_attributes a
    cross join lateral (
      values ('all', ''), ('manager', coalesce(a.manager, '')), ('tier', coalesce(a.tier, '')), ('lifecycle', a.lifecycle)
      union all
      select 'tag', t from unnest(case when cardinality(a.tags) = 0 then array[''] else a.tags end) t
    ) k (dimension, segment)
    group by a.day, k.dimension, k.segment
  ),
  -- Every day from a segment's first to yesterday, so a quiet day carries the figures on.
  spans as (
    select dimension, segment, d::date as day
    from (select dimension, segment, min(day) as first from deltas group by dimension, segment) s
    cross join lateral generate_series(s.first, p_today - 1, interval '1 day') d
  ),
  running as (
    select s.dimension, s.segment, s.day,
           sum(d.customers) over w as customers, sum(d.scored) over w as scored, sum(d.score_sum) over w as score_sum,
           sum(d.logins_n) over w as logins_n, sum(d.logins_sum) over w as logins_sum,
           sum(d.adoption_n) over w as adoption_n, sum(d.adoption_sum) over w as adoption_sum,
           sum(d.tickets_n) over w as tickets_n, sum(d.tickets_sum) over w as tickets_sum,
           sum(d.csat_n) over w as csat_n, sum(d.csat_sum) over w as csat_sum,
           sum(d.days_n) over w as days_n, sum(d.days_sum) over w as days_sum,
           sum(d.promoters) over w as promoters, sum(d.passives) over w as passives, sum(d.detractors) over w as detractors,
           sum(d.mrr) over w as mrr, sum(d.arr) over w as arr,
           sum(d.critical) over w as critical, sum(d.atrisk) over w as atrisk, sum(d.watch) over w as watch,
           sum(d.healthy) over w as healthy, sum(d.expansion) over w as expansion
    from spans s left join deltas d using (dimension, segment, day)
    window w as (partition by s.dimension, s.segment order by s.day)
  )
  insert into public.daily_rollups
  select p_client, dimension, segment, day, customers, scored, score_sum, logins_n, logins_sum, adoption_n, adoption_sum,
         tickets_n, tickets_sum, csat_n, csat_sum, days_n, days_sum, promoters, passives, detractors, mrr, arr,
         critical, atrisk, watch, healthy, expansion
  from running where customers > 0;
  get diagnostics written = row_count;

  -- The score-change table's bases: the day before each range starts (as
  -- shared/analytics/rollups.ts rangeStart counts), each customer's last entry by then.
  delete from public.score_range_bases where client_id = p_client;
  with bases (range, day) as (
    values ('7d', p_today - 7), ('30d', p_today - 30), ('90d', p_today - 90), ('6m', p_today - 183),
           ('1y', p_today - 365), ('2y', p_today - 730), ('ytd', make_date(extract(year from p_today)::int, 1, 1) - 1)
  ),
  entries as (
    select h.customer_id, h.created_at, h.score,
           lead(h.created_at) over (partition by h.customer_id order by h.created_at, h.id) as next_at
    from public.score_history h
    where h.client_id = p_client and h.created_at < private.utc_midnight(p_today)
  ),
  found as (
    select e.customer_id, b.range, e.score
    from entries e join bases b on e.created_at < private.utc_midnight(b.day + 1)
      and (e.next_at is null or e.next_at >= private.utc_midnight(b.day + 1))
  )
  insert into public.score_range_bases (customer_id, client_id, range, base_day, score)
  select c.id, p_client, b.range, b.day, f.score
  from public.customers c cross join bases b
  left join found f on f.customer_id = c.id and f.range = b.range
  where c.client_id = p_client and c.deleted_at is null and c.lifecycle <> 'churned';

  update public.daily_rollup_state set built_through = p_today - 1, built_at = now(), stale_from = null
  where client_id = p_client;
  return written;
end $$;
revoke all on function private.rebuild_rollups(uuid, date) from public, anon, authenticated;

/* An insert of history dated before today (a backfill) marks its client's
   rollups stale from that day. Statement-level, over the inserted rows: an
   ordinary rescore (all rows dated now) writes nothing here and takes no lock. */
create function private.mark_backfilled_history() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.daily_rollup_state (client_id, stale_from)
  select client_id, min((created_at at time zone 'utc')::date) from new_rows
  where created_at < private.utc_midnight(private.utc_today())
  group by client_id
  on conflict (client_id) do update set stale_from = least(public.daily_rollup_state.stale_from, excluded.stale_from);
  return null;
end $$;
create trigger mark_backfilled_history after insert on public.score_history
  referencing new table as new_rows for each statement execute function private.mark_backfilled_history();

/* The job: rebuilds every client whose rollups are stale (a backfill) or do
   not yet reach yesterday (a new day, a client never built, a night the job
   missed). Runs every five minutes, so the first run after midnight is the
   nightly one and a missed run catches up on the next. */
create function private.refresh_rollups() returns integer
language plpgsql security definer set search_path = '' as $$
declare
  client uuid;
  rebuilt integer := 0;
begin
  for client in
    select cl.id from public.clients cl
    left join public.daily_rollup_state s on s.client_id = cl.id
    where cl.archived_at is null
      and (s.stale_from is not null or s.built_through is null or s.built_through < private.utc_today() - 1)
  loop
    perform private.rebuild_rollups(client);
    rebuilt := rebuilt + 1;
  end loop;
  return rebuilt;
end $$;
revoke all on function private.refresh_rollups() from public, anon, authenticated;

select cron.schedule('pulseboard-rollups', '*/5 * * * *', $$select private.refresh_rollups()$$);

/* Today's figures of every segment of one dimension, from the customers
   themselves (always current, so every write shows at once), in the
   rollups' shape. Security invoker: row-level security decides what it sees. */
create function private.rollup_today(p_client uuid, p_dimension text)
returns setof public.daily_rollups
language sql stable security invoker as $$
  select c.client_id, p_dimension, k.segment, private.utc_today(),
         count(*)::int, count(c.score)::int, coalesce(sum(c.score), 0)::float8,
         count(c.logins)::int, coalesce(sum(c.logins), 0)::float8,
         count(c.adoption)::int, coalesce(sum(c.adoption), 0)::float8,
         count(c.tickets)::int, coalesce(sum(c.tickets), 0)::float8,
         count(c.csat)::int, coalesce(sum(c.csat), 0)::float8,
         count(c.days_since_contact)::int,
         -- Days since contact as decay counts them: the baseline plus the days since it was saved.
         coalesce(sum(c.days_since_contact + greatest(0, private.utc_today() - (c.contact_baseline_at at time zone 'utc')::date)), 0)::float8,
         count(*) filter (where n.category = 'promoter')::int, count(*) filter (where n.category = 'passive')::int,
         count(*) filter (where n.category = 'detractor')::int,
         coalesce(sum(c.mrr), 0)::float8, coalesce(sum(c.arr), 0)::float8,
         count(*) filter (where c.status = 'critical')::int, count(*) filter (where c.status = 'atrisk')::int,
         count(*) filter (where c.status = 'watch')::int, count(*) filter (where c.status = 'healthy')::int,
         count(*) filter (where c.status = 'expansion')::int
  from public.customers c
  -- The category as private.snapshot_nps_category reads a snapshot, from the columns (building a
  -- snapshot per customer to ask it cost ten times the rest of this query).
  cross join lateral (select coalesce(c.nps_category, case when c.nps >= 9 then 'promoter' when c.nps >= 7 then 'passive'
                                                           when c.nps >= 0 then 'detractor' end) as category) n
  cross join lateral unnest(case p_dimension
      when 'all' then array['']
      when 'manager' then array[coalesce(c.manager, '')]
      when 'tier' then array[coalesce(c.tier, '')]
      when 'lifecycle' then array[c.lifecycle]
      when 'tag' then case when cardinality(c.tags) = 0 then array[''] else c.tags end
    end) k (segment)
  where c.client_id = p_client and c.deleted_at is null and c.lifecycle <> 'churned'
  group by c.client_id, k.segment
$$;

grant execute on function private.snapshot_number(jsonb, text), private.snapshot_nps_category(jsonb),
  private.rollup_today(uuid, text) to authenticated;
