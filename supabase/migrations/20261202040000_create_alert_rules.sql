-- Alert rules (SPEC §6): what to tell whom, on which channel; the events they fired; every delivery attempt; the webhook signing secret.

/* A rule of one client: an event with its setting (threshold: a score,
   days or points; null for the events without one), a channel and its
   target (a webhook URL, or e-mail addresses separated by commas), a
   schedule (realtime, or a daily or weekly digest at digest_time in
   time_zone, weekly on digest_day, ISO 1 = Monday … 7), an optional manager
   scope (only customers of that manager, in any case). failing_since is set
   by the drain when the target refused for good (400/401/403/404/410, a
   redirect); a rule that is failing queues nothing until it is saved again.
   last_digest_until is the end of the last digest period queued. */
create table public.alert_rules (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.clients (id) on delete cascade,
  name text not null check (length(trim(name)) between 1 and 120),
  name_key text generated always as (lower(name)) stored,
  event text not null check (event in ('health_below', 'became_at_risk', 'renewal_approaching', 'no_contact',
                                       'nps_detractor', 'lifecycle_change', 'score_drop')),
  threshold integer check (threshold between 0 and 3650),
  enabled boolean not null default true,
  channel text not null check (channel in ('slack', 'teams', 'email', 'webhook')),
  target text not null check (length(target) between 1 and 2000),
  schedule text not null default 'realtime' check (schedule in ('realtime', 'daily', 'weekly')),
  digest_time time not null default '09:00',
  digest_day smallint not null default 1 check (digest_day between 1 and 7),
  time_zone text not null default 'UTC' check (length(time_zone) between 1 and 64),
  manager text check (length(manager) <= 120),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, client_id),
  -- The events with a setting have one; the others none.
  check ((event in ('health_below', 'renewal_approaching', 'no_contact', 'score_drop')) = (threshold is not null))
);
create unique index alert_rules_name_per_client on public.alert_rules (client_id, name_key);
create trigger touch_updated_at before update on public.alert_rules for each row execute function private.touch_updated_at();
select private.audit_table('public.alert_rules');
-- What the drain and the digest job keep on a rule: added after the audit
-- triggers were attached, so that their changes are not audited as edits.
alter table public.alert_rules
  add column failing_since timestamptz,
  add column failing_reason text check (length(failing_reason) <= 500),
  add column last_digest_until timestamptz,
  add constraint alert_rules_failing_with_a_reason check ((failing_since is null) = (failing_reason is null));
create index alert_rules_live_idx on public.alert_rules (client_id) where enabled and failing_since is null;

alter table public.alert_rules enable row level security;
create policy "Alert rules are visible to those who read the client" on public.alert_rules
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
create policy "Alert rules can be made by editors of the client" on public.alert_rules
  for insert to authenticated with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Alert rules can be changed by editors of the client" on public.alert_rules
  for update to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]))
  with check (client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Alert rules can be removed by editors of the client" on public.alert_rules
  for delete to authenticated using (client_id = any ((select private.editable_client_ids())::uuid[]));
revoke all on public.alert_rules from anon, authenticated;
grant select on public.alert_rules to authenticated;
grant insert (client_id, name, event, threshold, enabled, channel, target, schedule, digest_time, digest_day, time_zone, manager),
      update (name, event, threshold, enabled, channel, target, schedule, digest_time, digest_day, time_zone, manager,
              failing_since, failing_reason),
      delete on public.alert_rules to pulseboard_api;

/* Every time a rule's condition became true for a customer: once per
   transaction for the transitions (fire_key is the transaction), once per
   renewal date or last contact for the events of time (fire_key names it),
   so a condition that stays true never fires again. A realtime rule's
   event is queued at once (its delivery's dedupe_key is event:<id>); a
   digest rule's (digest) waits for its digest (digest_outbox_id). */
create table public.alert_events (
  id bigint generated always as identity primary key,
  client_id uuid not null,
  rule_id uuid not null,
  customer_id uuid not null,
  event text not null,
  fire_key text not null,
  details json not null,
  occurred_at timestamptz not null default now(),
  digest boolean not null,
  digest_outbox_id bigint,
  foreign key (rule_id, client_id) references public.alert_rules (id, client_id) on delete cascade,
  foreign key (customer_id, client_id) references public.customers (id, client_id) on delete cascade,
  unique (rule_id, customer_id, fire_key)
);
create index alert_events_digest_idx on public.alert_events (rule_id, occurred_at) where digest and digest_outbox_id is null;
create index alert_events_client_idx on public.alert_events (client_id, occurred_at desc);

alter table public.alert_events enable row level security;
create policy "Alert events are visible to those who read the client" on public.alert_events
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
revoke all on public.alert_events from anon, authenticated;
grant select on public.alert_events to authenticated;

/* The outbox carries alert deliveries beside REST hooks: one realtime
   event (or several of one rule folded into one message when they queue
   faster than the target may receive them), a digest, or a ready-made
   e-mail (kind email: another part of Pulseboard's message, e.g. a
   scheduled report with its PDF, see private.enqueue_email). Each has a
   notification_id that every attempt repeats (webhook-id, Idempotency-Key)
   so a receiver can drop a repeat. channel says how it is written. */
alter table public.notification_outbox drop constraint notification_outbox_kind_check;
alter table public.notification_outbox
  add constraint notification_outbox_kind_check check (kind in ('rest_hook', 'alert', 'digest', 'email')),
  add column notification_id uuid not null default gen_random_uuid(),
  add column rule_id uuid references public.alert_rules (id) on delete cascade,
  add column channel text check (channel in ('slack', 'teams', 'email', 'webhook')),
  add column merged_into bigint,
  add constraint notification_outbox_alerts_have_a_rule check ((kind in ('alert', 'digest')) = (rule_id is not null)),
  add constraint notification_outbox_channel_by_kind check (
    case kind when 'rest_hook' then channel is null when 'email' then channel = 'email' else channel is not null end);
alter table public.notification_outbox drop constraint notification_outbox_status_check;
alter table public.notification_outbox add constraint notification_outbox_status_check check (status in ('pending', 'sent', 'failed', 'merged'));
create unique index notification_outbox_rule_dedupe_idx on public.notification_outbox (rule_id, dedupe_key) where rule_id is not null;
create unique index notification_outbox_email_dedupe_idx on public.notification_outbox (client_id, dedupe_key) where kind = 'email';
create index notification_outbox_rule_idx on public.notification_outbox (rule_id, id desc) where rule_id is not null;

/* Queues one e-mail of a client, sent by the notifications function at the
   e-mail API's pace with retries like every alert: p_message is
   {to: [addresses], subject, text, html?, attachments?: [{filename,
   content (base64), content_type?}]}. p_dedupe_key makes it once: queued
   again with the same key (a report job's rerun for the same period), it
   is not queued twice. Answers the notification id (the Idempotency-Key
   the API receives), or null when it was already queued. For callers in
   the database (scheduled SQL) and the functions' system connection. */
create function private.enqueue_email(p_client_id uuid, p_message jsonb, p_dedupe_key text) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  queued uuid;
begin
  if pg_catalog.jsonb_typeof(p_message -> 'to') is distinct from 'array' or coalesce(p_message ->> 'subject', '') = '' or (p_message ->> 'text') is null then
    raise exception 'an e-mail needs to (an array), subject and text' using errcode = '22023';
  end if;
  insert into public.notification_outbox (client_id, kind, channel, target_url, event, payload, dedupe_key)
  values (p_client_id, 'email', 'email',
          'mailto:' || (select string_agg(a, ', ') from pg_catalog.jsonb_array_elements_text(p_message -> 'to') a),
          'email', p_message::json, p_dedupe_key)
  on conflict (client_id, dedupe_key) where kind = 'email' do nothing
  returning notification_id into queued;
  return queued;
end $$;
revoke all on function private.enqueue_email(uuid, jsonb, text) from public, anon, authenticated;

/* Every attempt to deliver an alert (and every test send): the event log.
   rule_name is kept, so the log still reads after a rule is deleted. */
create table public.notification_attempts (
  id bigint generated always as identity primary key,
  client_id uuid not null references public.clients (id) on delete cascade,
  outbox_id bigint references public.notification_outbox (id) on delete set null,
  notification_id uuid not null,
  rule_id uuid references public.alert_rules (id) on delete set null,
  rule_name text not null,
  channel text not null,
  kind text not null check (kind in ('alert', 'digest', 'email', 'test')),
  customer_ids uuid[] not null default '{}',
  attempt integer not null,
  outcome text not null check (outcome in ('sent', 'retry', 'failed')),
  http_status integer,
  error text check (length(error) <= 500),
  at timestamptz not null default now()
);
create index notification_attempts_client_idx on public.notification_attempts (client_id, at desc, id desc);
create index notification_attempts_rule_idx on public.notification_attempts (rule_id, at desc);

alter table public.notification_attempts enable row level security;
create policy "Delivery attempts are visible to those who read the client" on public.notification_attempts
  for select to authenticated using (client_id = any ((select private.readable_client_ids())::uuid[]));
revoke all on public.notification_attempts from anon, authenticated;
grant select on public.notification_attempts to authenticated;

/* The key each client's webhooks (alert webhooks and REST hooks) are signed
   with, Standard Webhooks style: whsec_ and base64 of 32 random bytes. In
   schema private, out of every API role's reach: only the functions below
   hand it out. During a rotation the previous secret signs too, for a day,
   so receivers can switch without losing a message. */
create table private.webhook_secrets (
  client_id uuid primary key references public.clients (id) on delete cascade,
  secret text not null check (secret ~ '^whsec_[A-Za-z0-9+/=]{40,}$'),
  previous_secret text check (previous_secret ~ '^whsec_[A-Za-z0-9+/=]{40,}$'),
  previous_until timestamptz,
  rotated_at timestamptz not null default now()
);
alter table private.webhook_secrets enable row level security;
revoke all on private.webhook_secrets from public, anon, authenticated;

/* The client's secret and, while a rotation lasts, the previous one. The
   functions make secrets (crypto.getRandomValues) and offer one each call:
   it is kept when the client has none yet, or when p_rotate. For editors
   of the client only (a viewer or another client's user gets 42501). */
create function private.webhook_secret(p_client_id uuid, p_offered text, p_rotate boolean default false)
returns table (secret text, previous_secret text, previous_until timestamptz, rotated_at timestamptz)
language plpgsql security definer set search_path = '' as $$
begin
  if not (p_client_id = any (private.editable_client_ids())) then
    raise exception 'not an editor of this client' using errcode = '42501';
  end if;
  insert into private.webhook_secrets as w (client_id, secret) values (p_client_id, p_offered)
  on conflict (client_id) do update
    set previous_secret = w.secret, previous_until = now() + interval '1 day', secret = excluded.secret, rotated_at = now()
    where p_rotate;
  return query select w.secret, case when w.previous_until > now() then w.previous_secret end,
                      case when w.previous_until > now() then w.previous_until end, w.rotated_at
               from private.webhook_secrets w where w.client_id = p_client_id;
end $$;
revoke all on function private.webhook_secret(uuid, text, boolean) from public, anon, authenticated;
grant execute on function private.webhook_secret(uuid, text, boolean) to pulseboard_api;
