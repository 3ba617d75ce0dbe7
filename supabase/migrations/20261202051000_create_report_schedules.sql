-- Scheduled reports (SPEC §10): a report of a client e-mailed daily, weekly or monthly, its PDF (and CSV when asked) attached, through the notifications outbox.

/* A schedule of one client: which report (customer_id for the one-account
   reports), how often, to whom (at most 20 addresses) and as which files.
   created_by is the user the report is rendered as, so a scheduled report
   shows what its author may read and nothing more. last_period is the
   latest period (daily 2026-12-02, weekly 2026-W49, monthly 2026-12, UTC)
   whose e-mail was queued: kept by the job, not audited as an edit. */
create table public.report_schedules (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.clients (id) on delete cascade,
  report text not null check (report in ('portfolio_summary', 'at_risk', 'renewal_forecast', 'csm_performance', 'segment_analysis',
                                         'trend_90d', 'churn_risk', 'customer_health', 'score_history', 'weekly_digest')),
  customer_id uuid,
  frequency text not null check (frequency in ('daily', 'weekly', 'monthly')),
  recipients text[] not null check (cardinality(recipients) between 1 and 20),
  format text not null default 'pdf' check (format in ('pdf', 'csv', 'both')),
  enabled boolean not null default true,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (customer_id, client_id) references public.customers (id, client_id) on delete cascade,
  check (report <> 'customer_health' or customer_id is not null)
);
create index report_schedules_client_idx on public.report_schedules (client_id, created_at);
create trigger touch_updated_at before update on public.report_schedules for each row execute function private.touch_updated_at();
select private.audit_table('public.report_schedules');
alter table public.report_schedules add column last_period text;
create index report_schedules_live_idx on public.report_schedules (frequency) where enabled;

alter table public.report_schedules enable row level security;
create policy "Report schedules are visible to those who read the client" on public.report_schedules
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Report schedules can be made by editors of the client" on public.report_schedules
  for insert to authenticated with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Report schedules can be changed by editors of the client" on public.report_schedules
  for update to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]))
  with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Report schedules can be removed by editors of the client" on public.report_schedules
  for delete to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]));
revoke all on public.report_schedules from anon, authenticated;
grant select on public.report_schedules to authenticated;
grant insert (client_id, report, customer_id, frequency, recipients, format, enabled, created_by),
      update (report, customer_id, frequency, recipients, format, enabled),
      delete on public.report_schedules to pulseboard_api;

/* The period a schedule of this frequency is in at p_now (UTC). */
create function private.report_period(p_frequency text, p_now timestamptz default now()) returns text
language sql immutable set search_path = '' as $$
  select pg_catalog.to_char(p_now at time zone 'utc',
    case p_frequency when 'daily' then 'YYYY-MM-DD' when 'weekly' then 'IYYY-"W"IW' else 'YYYY-MM' end)
$$;
revoke all on function private.report_period(text, timestamptz) from public, anon, authenticated;

/* Queues a rendered scheduled report (for the functions' system
   connection): once per schedule and period (the dedupe key), and the
   schedule's last_period moves on, so a rerun of the period sends nothing.
   p_period null is a "run now": always queued, last_period kept. Answers
   the notification id, or null when the period's e-mail was queued already. */
create function private.enqueue_report(p_schedule_id uuid, p_period text, p_message jsonb) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  s public.report_schedules;
begin
  select * into s from public.report_schedules where id = p_schedule_id;
  if not found then return null; end if;
  if p_period is null then
    return private.enqueue_email(s.client_id, p_message, 'report:' || s.id || ':run:' || pg_catalog.gen_random_uuid());
  end if;
  update public.report_schedules set last_period = p_period where id = s.id;
  return private.enqueue_email(s.client_id, p_message, 'report:' || s.id || ':' || p_period);
end $$;
revoke all on function private.enqueue_report(uuid, text, jsonb) from public, anon, authenticated;

-- Every quarter hour, when a live schedule has not been sent for its current period: the api-inbound job renders and queues them.
select cron.schedule('pulseboard-report-schedules', '*/15 * * * *',
  $$select private.call_function('api-inbound', '{"action": "send_report_schedules"}', 300000)
    where exists (select 1 from public.report_schedules s
                  where s.enabled and s.last_period is distinct from private.report_period(s.frequency))$$);
