-- Rules of membership that policies alone cannot say: who may grant or take
-- away ownership, that an agency keeps an owner, and that client assignments
-- stay inside the agency.

/* Only an owner may make or unmake an owner, and the last owner stays.
   Scheduled and service code (no signed-in user) is not restricted. */
create function private.guard_agency_roles() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  actor uuid := auth.uid();
  actor_is_owner boolean;
  agency uuid := coalesce(new.agency_id, old.agency_id);
begin
  if actor is not null then
    select exists (select 1 from public.agency_members
                   where agency_id = agency and user_id = actor and role = 'owner') into actor_is_owner;
    if (tg_op <> 'INSERT' and old.role = 'owner' or tg_op <> 'DELETE' and new.role = 'owner') and not actor_is_owner then
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
create trigger guard_agency_roles before insert or update or delete on public.agency_members
  for each row execute function private.guard_agency_roles();

/* Leaving an agency ends the person's client assignments there. */
create function private.drop_client_assignments() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.client_members cm
  using public.clients c
  where cm.client_id = c.id and c.agency_id = old.agency_id and cm.user_id = old.user_id;
  return old;
end $$;
create trigger drop_client_assignments after delete on public.agency_members
  for each row execute function private.drop_client_assignments();

/* A client can only be assigned to people of its own agency. */
create function private.guard_client_assignment() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.agency_members m join public.clients c on c.agency_id = m.agency_id
                 where c.id = new.client_id and m.user_id = new.user_id) then
    raise exception 'the user is not a member of this client''s agency' using errcode = '23514';
  end if;
  return new;
end $$;
create trigger guard_client_assignment before insert or update on public.client_members
  for each row execute function private.guard_client_assignment();

/* The members of the caller's agencies with their e-mail, for the users page:
   auth.users is not readable by API roles, so this joins it on their behalf,
   and only for agencies the caller belongs to. */
create function public.agency_people(p_agency_id uuid)
returns table (user_id uuid, email text, role text, created_at timestamptz, last_sign_in_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select m.user_id, u.email::text, m.role, m.created_at, u.last_sign_in_at
  from public.agency_members m join auth.users u on u.id = m.user_id
  where m.agency_id = p_agency_id and p_agency_id = any (private.member_agency_ids())
  order by lower(u.email)
$$;
revoke all on function public.agency_people(uuid) from public, anon;
grant execute on function public.agency_people(uuid) to authenticated;
