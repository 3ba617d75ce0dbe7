-- Notes and sentiment entries say who wrote them, by the e-mail the author signed in with.

/* auth.users is not readable by the API roles, so the byline is kept on the
   row: the e-mail of the token that wrote it, as it was then. Stamped with
   the author id by the one author trigger (never taken from the input);
   an API key or a job writes without either. */
alter table public.customer_notes add column author_email text check (length(author_email) <= 320);
alter table public.sentiment_entries add column author_email text check (length(author_email) <= 320);

create or replace function private.stamp_author() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    new.author_id := auth.uid();
    new.author_email := case when new.author_id is not null then auth.jwt() ->> 'email' end;
  else
    new.author_id := old.author_id;
    new.author_email := old.author_email;
  end if;
  return new;
end $$;
