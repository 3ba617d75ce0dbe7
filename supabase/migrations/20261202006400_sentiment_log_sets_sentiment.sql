-- The sentiment log's latest entry is the customer's sentiment.

/* Logging an entry sets the customer's sentiment in the same transaction,
   whichever path wrote the entry; removing entries falls back to the latest
   one left (and keeps the sentiment when none is). Runs as the writer, so
   row-level security applies to the customer as to the entry; an unchanged
   sentiment is not written (no updated_at move, no hook). */
create function private.apply_latest_sentiment() returns trigger
language plpgsql set search_path = '' as $$
declare
  latest text;
begin
  if tg_op = 'INSERT' then
    latest := new.sentiment;
  else
    select e.sentiment into latest from public.sentiment_entries e
    where e.customer_id = old.customer_id order by e.created_at desc, e.id desc limit 1;
  end if;
  if latest is not null then
    update public.customers set sentiment = latest
    where id = coalesce(new.customer_id, old.customer_id) and sentiment is distinct from latest;
  end if;
  return null;
end $$;
create trigger apply_latest_sentiment after insert or delete on public.sentiment_entries
  for each row execute function private.apply_latest_sentiment();
