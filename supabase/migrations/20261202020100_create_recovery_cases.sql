-- Recovery cases (SPEC §5): a sharp score drop opens a case on the account
-- that stays open until it is back in the band it left, or a user closes it.

/* One case per sharp drop: the score fell by at least the client's
   scoreDrop points (default 15) from its highest within scoreDropDays days
   (default 7), and left that score's band (a fall within one band would be
   "back in the band it left" at once). Owned by the account's manager when
   it opened. Closed by itself when the score is back in peak_status's band
   or above (outcome recovered) or the customer churns (churned); closed by
   a user with an outcome and a note otherwise. What moved is the score
   history between opened_at - window_days and closed_at. */
create table public.recovery_cases (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null,
  customer_id uuid not null,
  manager text,
  state text not null default 'open' check (state in ('open', 'closed')),
  peak_score numeric(7, 4) not null,
  peak_status text not null check (peak_status in ('critical', 'atrisk', 'watch', 'healthy', 'expansion')),
  opened_score numeric(7, 4) not null,
  lowest_score numeric(7, 4) not null,
  window_days integer not null check (window_days > 0),
  opened_at timestamptz not null default now(),
  outcome text check (outcome in ('recovered', 'churned', 'false_alarm')),
  note text check (length(note) <= 2000),
  closed_at timestamptz,
  -- Null with a closed case: it closed itself.
  closed_by uuid,
  closed_by_email text check (length(closed_by_email) <= 320),
  unique (id, client_id),
  check ((state = 'closed') = (outcome is not null and closed_at is not null)),
  foreign key (customer_id, client_id) references public.customers (id, client_id) on delete cascade
);
create unique index recovery_cases_one_open on public.recovery_cases (customer_id) where state = 'open';
create index recovery_cases_client_idx on public.recovery_cases (client_id, state, opened_at desc);

alter table public.recovery_cases enable row level security;
create policy "Recovery cases are visible to those who read the client" on public.recovery_cases
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Recovery cases can be closed by editors of the client" on public.recovery_cases
  for update to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]))
  with check (client_id = any ((select private.editable_client_ids())::uuid[]));
revoke all on public.recovery_cases from anon, authenticated, pulseboard_api;
grant select on public.recovery_cases to authenticated;
grant update (state, outcome, note, closed_at, closed_by, closed_by_email) on public.recovery_cases to pulseboard_api;
create trigger keep_client_id before update of client_id on public.recovery_cases for each row execute function private.keep_client_id();
select private.audit_table('public.recovery_cases');

/* The order of the bands, worst first: a case closes when the customer's band is back at its peak's or above. */
create function private.band_rank(status text) returns integer
language sql immutable as $$
  select array_position(array['critical', 'atrisk', 'watch', 'healthy', 'expansion'], status)
$$;

/* After every update of customers: close the cases of those back in their
   band (or churned), follow the lowest score of those still falling, and
   open a case on each sharp drop, in the write's transaction. */
create function private.track_recovery() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.recovery_cases r
  set state = 'closed', outcome = case when n.lifecycle = 'churned' then 'churned' else 'recovered' end, closed_at = now()
  from new_rows n
  where r.customer_id = n.id and r.state = 'open'
    and (n.lifecycle = 'churned' or private.band_rank(n.status) >= private.band_rank(r.peak_status));

  update public.recovery_cases r set lowest_score = n.score
  from new_rows n
  where r.customer_id = n.id and r.state = 'open' and n.score < r.lowest_score;

  insert into public.recovery_cases (client_id, customer_id, manager, peak_score, peak_status, opened_score, lowest_score, window_days)
  select n.client_id, n.id, n.manager, p.score, p.status, n.score, n.score, x.days
  from new_rows n
  join old_rows o on o.id = n.id
  join public.client_settings s on s.client_id = n.client_id
  cross join lateral (select private.setting_number(s.signal_thresholds, 'scoreDrop', 15) as points,
                             private.setting_number(s.signal_thresholds, 'scoreDropDays', 7)::integer as days) x
  cross join lateral (
    select q.score, q.status from (
      select o.score, o.status
      union all
      select h.score, h.status from public.score_history h
      where h.customer_id = n.id and h.created_at >= now() - make_interval(days => x.days)
        and h.score is not null and h.status is not null
    ) q order by q.score desc limit 1
  ) p
  where n.score < o.score and n.deleted_at is null and n.lifecycle <> 'churned'
    and p.score - n.score >= x.points and private.band_rank(n.status) < private.band_rank(p.status)
  on conflict (customer_id) where state = 'open' do nothing;
  return null;
end $$;
revoke all on function private.track_recovery() from public, anon, authenticated;
create trigger track_recovery after update on public.customers
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.track_recovery();
