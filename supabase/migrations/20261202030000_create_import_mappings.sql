-- The column mapping each client's imports last used, so the next file of the same shape needs no remapping.

/* One row per client: columns maps a header's key (shared/import/columns.ts,
   headerKey: lower case, units and punctuation dropped) to the field it
   fills, or to null for a column the user chose to ignore. Written by the
   import page through save_import_mapping (editors of the client); read by
   anyone who reads the client, as the page shows the mapping it will use. */
create table public.import_mappings (
  client_id uuid primary key references public.clients (id) on delete cascade,
  columns jsonb not null default '{}' check (jsonb_typeof(columns) = 'object'),
  updated_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger touch_updated_at before update on public.import_mappings
  for each row execute function private.touch_updated_at();
create trigger keep_client_id before update of client_id on public.import_mappings
  for each row execute function private.keep_client_id();
select private.audit_table('public.import_mappings');

alter table public.import_mappings enable row level security;

create policy "Import mappings are visible to those who read the client" on public.import_mappings
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Import mappings can be added by editors of the client" on public.import_mappings
  for insert to authenticated with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Import mappings can be changed by editors of the client" on public.import_mappings
  for update to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]))
  with check (client_id = any ((select private.editable_client_ids())::uuid[]));

grant select on public.import_mappings to authenticated;
grant insert (client_id, columns, updated_by), update (columns, updated_by) on public.import_mappings to pulseboard_api;
