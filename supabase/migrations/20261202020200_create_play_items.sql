-- Playbook progress (SPEC §8): which action items of a customer's plays are done.

/* One checkable item of one play of a customer, as shared/playbooks/plays.ts
   names them. The plays themselves are generated from the customer's
   signals on every read; only what users ticked is stored, with who ticked
   it last. Audited. */
create table public.play_items (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null,
  customer_id uuid not null,
  play text not null check (play ~ '^[a-z_]{1,40}$'),
  item text not null check (item ~ '^[a-z_]{1,40}$'),
  done boolean not null,
  changed_by uuid,
  changed_by_email text check (length(changed_by_email) <= 320),
  updated_at timestamptz not null default now(),
  unique (customer_id, play, item),
  foreign key (customer_id, client_id) references public.customers (id, client_id) on delete cascade
);
create index play_items_client_idx on public.play_items (client_id);

/* Who ticked or unticked an item last: the token's user, never the input. */
create function private.stamp_play_item() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.changed_by := auth.uid();
  new.changed_by_email := case when new.changed_by is not null then auth.jwt() ->> 'email' end;
  new.updated_at := now();
  return new;
end $$;
create trigger stamp_play_item before insert or update on public.play_items for each row execute function private.stamp_play_item();
create trigger keep_client_id before update of client_id on public.play_items for each row execute function private.keep_client_id();

alter table public.play_items enable row level security;
create policy "Play items are visible to those who read the client" on public.play_items
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Play items can be ticked by editors of the client" on public.play_items
  for insert to authenticated with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Play items can be changed by editors of the client" on public.play_items
  for update to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]))
  with check (client_id = any ((select private.editable_client_ids())::uuid[]));
revoke all on public.play_items from anon, authenticated, pulseboard_api;
grant select on public.play_items to authenticated;
grant insert (client_id, customer_id, play, item, done), update (done) on public.play_items to pulseboard_api;
select private.audit_table('public.play_items');
