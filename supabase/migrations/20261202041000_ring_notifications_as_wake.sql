-- A write's wake-up rings the notifications drain as a ring ("wake": true): when a drain is already awake it only tells it there is more and answers at once, so rings under load do not pile up into drains of their own (see supabase/functions/notifications/drain.ts).

create or replace function private.wake_notifications() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- Statement triggers fire for zero rows too; most customer writes enqueue nothing.
  if exists (select 1 from new_rows) then
    perform private.call_function('notifications', '{"action": "drain", "wake": true}', 60000);
  end if;
  return null;
end $$;
