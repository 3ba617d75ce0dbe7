-- REST hooks deliver a customer exactly as a list_customers row writes it: the same fields, order, values and formats.

/* The customer as a hook delivers it. Field for field and in the same order,
   the expressions of customerFieldsSql in
   supabase/functions/api-inbound/customer-json.ts (which writes
   list_customers rows; customerJson writes get_customer's): numerics as
   float8 numbers, the score rounded to an integer beside score_exact, nps
   falling back to its category, dates as text, instants in UTC with
   milliseconds and a Z, the profile by name. The first version lacked eight
   of these fields and wrote nps and every instant differently, so a Zap
   mapped from a list row broke on a hook. Change the two together:
   tests/integration/api/payload-parity.test.ts compares a delivered hook with
   the list row and get_customer, keys and values.

   json, not jsonb: jsonb sorts keys by length and would deliver "id", "arr",
   "mrr" … instead of the list's order. The return type changes, so the
   function is dropped and made again (same name and argument); the functions
   that carried it as jsonb, and the outbox column, follow below.

   Not security definer and granted to no API role: only the hook trigger
   calls it, which is security definer itself. */
drop function private.customer_payload(public.customers);
create function private.customer_payload(c public.customers) returns json
language sql stable set search_path = '' as $$
  select json_build_object(
    'id', c.id, 'name', c.name, 'manager', c.manager, 'tier', c.tier,
    'mrr', c.mrr::float8, 'arr', c.arr::float8, 'lifecycle', c.lifecycle, 'tags', c.tags,
    'renewal_date', c.renewal_date::text, 'next_touch', c.next_touch::text,
    'since', c.customer_since::text, 'sentiment', c.sentiment, 'note', c.note,
    'scoring_profile', (select p.name from public.scoring_profiles p where p.id = c.scoring_profile_id),
    'score', round(c.score)::int, 'score_exact', c.score::float8, 'status', c.status,
    'previous_score', round(c.previous_score)::int, 'score_manual', c.score_manual, 'missing_signals', c.score_missing,
    'logins', c.logins, 'adoption', c.adoption::float8, 'tickets', c.tickets,
    'nps', coalesce(to_json(c.nps::float8), to_json(c.nps_category)), 'nps_category', c.nps_category,
    'csat', c.csat::float8,
    'days', c.days_since_contact
      + greatest(0, (now() at time zone 'utc')::date - (coalesce(c.contact_baseline_at, now()) at time zone 'utc')::date),
    'growth', c.growth,
    'scored_at', to_char(c.scored_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'config_version', c.config_version,
    'created_at', to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'updated_at', to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'deleted_at', to_char(c.deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
$$;

/* Deliveries keep the payload as written: the drain sends what it reads. */
alter table public.notification_outbox alter column payload type json using payload::json;

/* The deliveries for a set of customer changes: one per subscription and
   customer, merged within a transaction (dedupe_key). As before, but over
   json, so that the customer reaches the outbox in its own key order. */
drop function private.enqueue_hooks(jsonb);
create function private.enqueue_hooks(changes json) returns void
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.notification_outbox (client_id, kind, subscription_id, target_url, event, payload, dedupe_key)
  select s.client_id, 'rest_hook', s.id, s.target_url, s.event,
         json_build_object('event', s.event, 'occurred_at', now(), 'customer', ch.value -> 'customer'),
         txid_current()::text || ':' || (ch.value -> 'customer' ->> 'id')
  from json_array_elements(changes) ch
  join public.webhook_subscriptions s on s.client_id = (ch.value ->> 'client_id')::uuid
  where (s.event = 'customer.updated' and (ch.value ->> 'changed')::boolean)
     or (s.event = 'customer.status_changed' and (ch.value ->> 'status_changed')::boolean)
  on conflict (subscription_id, dedupe_key) do update set payload = excluded.payload;
end $$;
revoke all on function private.enqueue_hooks(json) from public, anon, authenticated;

/* Customer changes become hook deliveries in the writing transaction, so no
   code path can change a customer without its subscribers hearing of it. As
   before, but the changes travel as json (see enqueue_hooks). */
create or replace function private.enqueue_customer_hooks() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- Most clients have no subscriptions: then a bulk write costs one probe here.
  if not exists (select 1 from public.webhook_subscriptions s
                 where s.client_id in (select distinct n.client_id from new_rows n)) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.enqueue_hooks((select json_agg(json_build_object(
      'client_id', n.client_id, 'customer', private.customer_payload(n), 'changed', true, 'status_changed', false))
      from new_rows n));
  else
    perform private.enqueue_hooks((select json_agg(json_build_object(
      'client_id', n.client_id, 'customer', private.customer_payload(n),
      'changed', (to_jsonb(o) - 'updated_at' - 'scored_at') is distinct from (to_jsonb(n) - 'updated_at' - 'scored_at'),
      'status_changed', o.status is distinct from n.status))
      from new_rows n join old_rows o on o.id = n.id));
  end if;
  return null;
end $$;
