-- The Alerts page's figures (the summary and the per-category totals) count
-- every open alert of a client: at 300,000 alerts a scan and a hash
-- aggregate of half a second on each view. The API reuses them while the
-- client's alerts and customers are unchanged (stamped-cache.ts), so every
-- write of an alert must move a stamp that one index probe reads.
--
-- written_at is the instant of an alert's last write, whatever wrote it:
-- a recomputation (raised, updated, resolved) or a user's snooze, dismissal
-- or wake. changed_at stays what it was (when the alert's facts moved).
alter table public.alerts add column written_at timestamptz not null default now();

create function private.stamp_alert_write() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.written_at := clock_timestamp();
  return new;
end $$;
create trigger stamp_alert_write before update on public.alerts for each row execute function private.stamp_alert_write();

-- The stamp's probe: max(written_at) of a client.
create index alerts_client_written_idx on public.alerts (client_id, written_at desc);
-- A snooze that ends changes the figures without a write: the stamp counts the ended ones (few rows, one range).
create index alerts_client_snoozed_idx on public.alerts (client_id, snoozed_until) where state = 'snoozed';
