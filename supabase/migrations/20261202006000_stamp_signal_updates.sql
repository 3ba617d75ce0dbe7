-- When each signal of a customer was last updated, so the record can mark stale inputs (SPEC §7).

/* One instant per signal, keyed by the API's signal names (logins, adoption,
   tickets, nps, csat, days, growth): when its value last changed. A signal
   without a value has no key. Maintained by the triggers below, never by
   the code that writes customers, so every path (API, import, SQL) keeps it,
   and whatever a writer puts in the column is replaced. */
alter table public.customers add column signal_updated_at jsonb not null default '{}';

/* A customer's signals as comparable values, by the API's names: nps is the
   number and the category, days the baseline and when it was taken. */
create function private.signal_values(c public.customers) returns jsonb
language sql immutable set search_path = '' as $$
  select jsonb_build_object(
    'logins', to_jsonb(c.logins), 'adoption', to_jsonb(c.adoption), 'tickets', to_jsonb(c.tickets),
    'nps', case when c.nps is not null or c.nps_category is not null then jsonb_build_array(c.nps, c.nps_category) end,
    'csat', to_jsonb(c.csat),
    'days', case when c.days_since_contact is not null then jsonb_build_array(c.days_since_contact, c.contact_baseline_at) end,
    'growth', to_jsonb(c.growth))
$$;
-- Called by the trigger as the writer (functions are not executable by default here).
grant execute on function private.signal_values(public.customers) to authenticated;

/* Stamps now() on every signal whose value is new or changed (is distinct
   from), keeps the stamps of the others, and drops the stamp of a signal
   that was cleared. */
create function private.stamp_signal_updates() returns trigger
language plpgsql set search_path = '' as $$
declare
  before_values jsonb := case when tg_op = 'UPDATE' then private.signal_values(old) else '{}' end;
  stamps jsonb := case when tg_op = 'UPDATE' then old.signal_updated_at else '{}' end;
  s record;
begin
  for s in select key, value from jsonb_each(private.signal_values(new)) loop
    if s.value = 'null' then
      stamps := stamps - s.key;
    elsif s.value is distinct from before_values -> s.key then
      stamps := stamps || jsonb_build_object(s.key, now());
    end if;
  end loop;
  new.signal_updated_at := stamps;
  return new;
end $$;

-- Updates that touch no signal (every rescore, decay) skip the function: the
-- WHEN clause is checked in C. A write of signal_updated_at alone is undone.
create trigger stamp_signal_updates_on_insert before insert on public.customers
  for each row execute function private.stamp_signal_updates();
create trigger stamp_signal_updates_on_update before update on public.customers
  for each row when (
    old.logins is distinct from new.logins or old.adoption is distinct from new.adoption
    or old.tickets is distinct from new.tickets or old.nps is distinct from new.nps
    or old.nps_category is distinct from new.nps_category or old.csat is distinct from new.csat
    or old.days_since_contact is distinct from new.days_since_contact
    or old.contact_baseline_at is distinct from new.contact_baseline_at or old.growth is distinct from new.growth
    or old.signal_updated_at is distinct from new.signal_updated_at)
  execute function private.stamp_signal_updates();

/* Customers that existed before: each signal they have counts as updated at
   their last signal write in score history (signals, import, backfill; not
   decay or a settings change, which change no input), else when they were
   created. Triggers are held for this one statement, so the backfill moves
   no updated_at, queues no hook and writes no audit. */
alter table public.customers disable trigger user;
update public.customers c
set signal_updated_at = (
  select coalesce(jsonb_object_agg(v.key, coalesce(
    (select max(h.created_at) from public.score_history h
     where h.customer_id = c.id and h.reason in ('signals', 'import', 'backfill')), c.created_at)), '{}')
  from jsonb_each(private.signal_values(c)) v where v.value <> 'null');
alter table public.customers enable trigger user;
