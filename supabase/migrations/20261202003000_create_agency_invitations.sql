-- Invitations to an agency: an existing account is invited, never attached; the person accepts.

/* Why: invite_user used to make an existing account a member at once, and
   answered differently for a new e-mail (a temporary password) and a known
   one, so any admin could learn whether an address had an account anywhere.
   Now invite_user only records an invitation, the same way for every
   address, and mails its link to the address (docs/decisions/009). The
   person invited accepts (or declines) it signed in; someone without an
   account chooses a password through the link.
   - email is stored lower case, as GoTrue matches it;
   - clients are the client assignments to make on acceptance, as
     [{client_id, role}], checked against the agency when invited and again
     when accepted (a client removed since is skipped);
   - token_hash is the sha-256 of the link's token; the token itself is only
     in the e-mail. It is never readable through the API roles;
   - one pending invitation per agency and e-mail: inviting again replaces it. */
create table public.agency_invitations (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null references public.agencies (id) on delete cascade,
  email text not null check (email = lower(email) and length(email) between 3 and 320),
  role text not null check (role in ('owner', 'admin', 'member')),
  clients jsonb not null default '[]' check (jsonb_typeof(clients) = 'array'),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  declined_at timestamptz,
  revoked_at timestamptz,
  updated_at timestamptz not null default now(),
  check (num_nonnulls(accepted_at, declined_at, revoked_at) <= 1)
);
create unique index agency_invitations_pending on public.agency_invitations (agency_id, email)
  where accepted_at is null and declined_at is null and revoked_at is null;
create index agency_invitations_agency_created on public.agency_invitations (agency_id, created_at desc, id desc);
create index agency_invitations_email on public.agency_invitations (email)
  where accepted_at is null and declined_at is null and revoked_at is null;
create trigger touch_updated_at before update on public.agency_invitations
  for each row execute function private.touch_updated_at();

/* The signed-in user's e-mail as the auth server holds it now (a token's
   email claim could be older), lower case as invitations store it. */
create function private.current_email() returns text
language sql stable security definer set search_path = '' as $$
  select lower(email::text) from auth.users where id = auth.uid() and deleted_at is null
$$;

/* Agencies where the signed-in user is an owner. */
create function private.owner_agency_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(agency_id), '{}') from public.agency_members where user_id = auth.uid() and role = 'owner'
$$;

revoke all on function private.current_email(), private.owner_agency_ids() from public;
grant execute on function private.current_email(), private.owner_agency_ids() to authenticated;

alter table public.agency_invitations enable row level security;

create policy "Invitations are visible to their agency's owners and admins" on public.agency_invitations
  for select to authenticated using (agency_id = any ((select private.admin_agency_ids())::uuid[]));
create policy "Invitations are visible to the person invited" on public.agency_invitations
  for select to authenticated using (email = (select private.current_email()));
-- Only an owner invites an owner, as only an owner grants ownership (guard_agency_roles).
create policy "Invitations can be sent by owners and admins, to the owner role by owners" on public.agency_invitations
  for insert to authenticated with check (
    agency_id = any ((select private.admin_agency_ids())::uuid[])
    and invited_by = (select auth.uid())
    and (role <> 'owner' or agency_id = any ((select private.owner_agency_ids())::uuid[])));
create policy "Invitations can be revoked by owners and admins" on public.agency_invitations
  for update to authenticated using (
    agency_id = any ((select private.admin_agency_ids())::uuid[])
    and (role <> 'owner' or agency_id = any ((select private.owner_agency_ids())::uuid[])))
  with check (agency_id = any ((select private.admin_agency_ids())::uuid[]));

revoke all on public.agency_invitations from anon, authenticated;
grant select (id, agency_id, email, role, clients, invited_by, created_at, expires_at, accepted_at, accepted_by,
              declined_at, revoked_at, updated_at) on public.agency_invitations to authenticated;
-- Inviting again replaces the pending invitation: it is revoked, a new one inserted.
grant insert (agency_id, email, role, clients, token_hash, invited_by, expires_at), update (revoked_at)
  on public.agency_invitations to pulseboard_api;

/* Why a definer: the person invited is not yet a member, so no policy lets
   them add themself to agency_members. This answers for the signed-in user
   only, and only for an invitation to their own e-mail that is still
   pending: it is marked accepted (or declined) and, on acceptance, the
   membership and client assignments are made in the same transaction.
   Raises P0002 when there is no such invitation for the caller (someone
   else's looks the same as none), and 22023 with the reason (expired,
   revoked, accepted, declined) when it is no longer pending. An owner
   invitation stays the inviter's grant of ownership: guard_agency_roles
   (below) lets this insert through only while the inviter is still an owner. */
create function private.answer_invitation(p_id uuid, p_accept boolean)
returns table (agency_id uuid, role text)
language plpgsql security definer set search_path = '' as $$
declare
  inv public.agency_invitations;
  me uuid := auth.uid();
begin
  select * into inv from public.agency_invitations i
  where i.id = p_id and i.email = private.current_email() for update;
  if not found or me is null then
    raise exception 'no such invitation' using errcode = 'P0002';
  end if;
  if inv.accepted_at is not null then
    raise exception 'this invitation was already accepted' using errcode = '22023', detail = 'accepted';
  elsif inv.declined_at is not null then
    raise exception 'this invitation was declined' using errcode = '22023', detail = 'declined';
  elsif inv.revoked_at is not null then
    raise exception 'this invitation was revoked' using errcode = '22023', detail = 'revoked';
  elsif inv.expires_at <= now() then
    raise exception 'this invitation has expired' using errcode = '22023', detail = 'expired';
  end if;
  if not p_accept then
    update public.agency_invitations set declined_at = now() where id = inv.id;
    return query select inv.agency_id, inv.role;
    return;
  end if;
  if exists (select 1 from public.agency_members m where m.agency_id = inv.agency_id and m.user_id = me) then
    raise exception 'you are already a member of this agency' using errcode = '23505';
  end if;
  update public.agency_invitations set accepted_at = now(), accepted_by = me where id = inv.id;
  insert into public.agency_members (agency_id, user_id, role) values (inv.agency_id, me, inv.role);
  insert into public.client_members (client_id, user_id, role)
  select c.id, me, a.role
  from jsonb_to_recordset(inv.clients) as a (client_id uuid, role text)
  join public.clients c on c.id = a.client_id and c.agency_id = inv.agency_id
  on conflict (client_id, user_id) do nothing;
  return query select inv.agency_id, inv.role;
end $$;
revoke all on function private.answer_invitation(uuid, boolean) from public;
grant execute on function private.answer_invitation(uuid, boolean) to pulseboard_api;

/* The signed-in user's pending invitations with the agency's name, which
   they may not read otherwise (they are not a member yet). */
create function private.my_invitations()
returns table (id uuid, agency_id uuid, agency_name text, role text, invited_by_email text, created_at timestamptz, expires_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select i.id, i.agency_id, a.name, i.role, u.email::text, i.created_at, i.expires_at
  from public.agency_invitations i
  join public.agencies a on a.id = i.agency_id
  left join auth.users u on u.id = i.invited_by
  where i.email = private.current_email()
    and i.accepted_at is null and i.declined_at is null and i.revoked_at is null and i.expires_at > now()
  order by i.created_at desc, i.id desc
$$;
revoke all on function private.my_invitations() from public;
grant execute on function private.my_invitations() to authenticated;

/* An invitation by its link's token (the sha-256 of it), for the page where
   someone without an account chooses a password. The token is the proof:
   only the address it was mailed to holds it. */
create function private.invitation_by_token(p_token_hash text)
returns table (id uuid, email text, agency_name text, role text, expires_at timestamptz, state text)
language sql stable security definer set search_path = '' as $$
  select i.id, i.email, a.name, i.role, i.expires_at,
         case when i.accepted_at is not null then 'accepted' when i.declined_at is not null then 'declined'
              when i.revoked_at is not null then 'revoked' when i.expires_at <= now() then 'expired' else 'pending' end
  from public.agency_invitations i join public.agencies a on a.id = i.agency_id
  where i.token_hash = p_token_hash
$$;
revoke all on function private.invitation_by_token(text) from public;
grant execute on function private.invitation_by_token(text) to pulseboard_api;

/* guard_agency_roles (20261124000700) as it was, and one more way to become
   an owner: accepting, in this transaction, an owner invitation whose
   inviter is still an owner of the agency. */
create or replace function private.guard_agency_roles() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  actor uuid := auth.uid();
  actor_is_owner boolean;
  agency uuid := coalesce(new.agency_id, old.agency_id);
  invited_owner boolean := false;
begin
  if actor is not null then
    select exists (select 1 from public.agency_members
                   where agency_id = agency and user_id = actor and role = 'owner') into actor_is_owner;
    if tg_op = 'INSERT' and new.role = 'owner' and new.user_id = actor then
      select exists (select 1 from public.agency_invitations i
                     join public.agency_members inviter on inviter.agency_id = i.agency_id
                       and inviter.user_id = i.invited_by and inviter.role = 'owner'
                     where i.agency_id = agency and i.accepted_by = actor and i.accepted_at = now() and i.role = 'owner')
        into invited_owner;
    end if;
    if (tg_op <> 'INSERT' and old.role = 'owner' or tg_op <> 'DELETE' and new.role = 'owner') and not actor_is_owner and not invited_owner then
      raise exception 'only an owner may grant or remove the owner role' using errcode = '42501';
    end if;
  end if;
  if tg_op <> 'INSERT' and old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner')
     and not exists (select 1 from public.agency_members
                     where agency_id = old.agency_id and role = 'owner' and id <> old.id) then
    -- An agency being deleted takes its members with it; that is not "removing the last owner".
    if exists (select 1 from public.agencies where id = old.agency_id) then
      raise exception 'an agency must keep at least one owner' using errcode = '23514';
    end if;
  end if;
  return coalesce(new, old);
end $$;
