-- A client holds at most 25 live REST hook subscriptions, however many subscribe at once.

/* Every subscription costs a delivery on every customer change, so a key
   that subscribes in a loop would multiply the client's outbound traffic
   without end. 25 is far more than a client's zaps need (one per trigger).
   Concurrent subscribes of one client queue on an advisory lock held until
   their transaction ends, so each counts the others' committed rows and the
   limit holds under any concurrency. The error names its constraint, which
   api-inbound answers as a 409 with this message. Ended subscriptions do
   not count. */
create function private.limit_hook_subscriptions() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  most constant integer := 25;
begin
  perform pg_advisory_xact_lock(hashtextextended('webhook_subscriptions:' || new.client_id::text, 0));
  if (select count(*) from public.webhook_subscriptions s where s.client_id = new.client_id and s.ended_at is null) >= most then
    raise exception 'a client may hold at most % hook subscriptions; unsubscribe one to add another', most
      using errcode = 'check_violation', constraint = 'webhook_subscriptions_per_client';
  end if;
  return new;
end $$;
create trigger limit_hook_subscriptions before insert on public.webhook_subscriptions
  for each row execute function private.limit_hook_subscriptions();
