-- Scheduled work: pg_cron calls our edge functions through net.http_post,
-- authenticated with a secret kept in Vault (never in this file).
--
-- Vault holds two secrets, set once per project (see README, "Deploy"):
--   project_url  e.g. https://<ref>.supabase.co
--   cron_secret  the same value as the functions' CRON_SECRET

/* Calls an edge function with the cron secret. Returns pg_net's request id;
   the request is sent after this transaction commits. */
create function private.call_function(function_name text, body jsonb, timeout_ms integer default 300000)
returns bigint
language plpgsql security definer set search_path = '' as $$
declare
  base_url text := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url');
  secret text := (select decrypted_secret from vault.decrypted_secrets where name = 'cron_secret');
begin
  if base_url is null or secret is null then
    raise warning 'vault secrets project_url and cron_secret are not set; % not called', function_name;
    return null;
  end if;
  return net.http_post(
    url := base_url || '/functions/v1/' || function_name,
    body := body,
    headers := jsonb_build_object('content-type', 'application/json', 'x-cron-secret', secret),
    timeout_milliseconds := timeout_ms);
end $$;
revoke all on function private.call_function(text, jsonb, integer) from public, anon, authenticated;

/* New deliveries wake the notifications function at once (after commit,
   since pg_net only sends committed requests); the minute job below is the
   safety net for retries and for anything a wake-up missed. */
create function private.wake_notifications() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- Statement triggers fire for zero rows too; most customer writes enqueue nothing.
  if exists (select 1 from new_rows) then
    perform private.call_function('notifications', '{"action": "drain"}', 60000);
  end if;
  return null;
end $$;
create trigger wake_notifications after insert on public.notification_outbox
  referencing new table as new_rows
  for each statement execute function private.wake_notifications();

-- Daily decay: days since contact move on with the calendar and scores follow.
select cron.schedule('pulseboard-decay', '15 3 * * *',
  $$select private.call_function('scoring', '{"action": "decay"}')$$);

-- Every minute: deliver what is due (retries with backoff), prune rate-limit windows.
select cron.schedule('pulseboard-notifications', '* * * * *',
  $$select private.call_function('notifications', '{"action": "drain"}', 60000)$$);
select cron.schedule('pulseboard-prune', '*/5 * * * *',
  $$select private.prune_rate_limit_hits(); delete from public.idempotency_keys where created_at < now() - interval '1 day'$$);
