-- Deleted customers found by name in one index probe, as a live one is.

/* upsert_account (and so every imported row) restores a soft-deleted
   customer whose name it writes, so every new name first looks for a deleted
   one of that name. customers_name_per_client holds live rows only, and the
   look-up scanned the client's rows instead: each row of an import into a
   client of 100,000 customers read them all (bench/import). Deleted rows are
   few, so this index is small. */
create index customers_deleted_name_idx on public.customers (client_id, name_key, deleted_at desc) where deleted_at is not null;
