-- Indexes for the Audit Log page's filters: by who acted and by what row.

/* The page filters an agency's entries by the user or API key that acted and
   by the customer a row belongs to; without these every filter read the
   agency's whole log. */
create index audit_log_actor_user_idx on public.audit_log (actor_user_id, created_at desc) where actor_user_id is not null;
create index audit_log_actor_key_idx on public.audit_log (actor_api_key_id, created_at desc) where actor_api_key_id is not null;
create index audit_log_row_idx on public.audit_log (row_id, created_at desc);
