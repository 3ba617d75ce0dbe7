-- A member sees only the people who share a client with them; owners and admins see the whole agency.

/* Any member, even a viewer, could list every e-mail, role and last sign-in
   of the agency, people of other clients included. Owners and admins manage
   people and still see everyone; a member sees themself and the people
   assigned to a client they are assigned to, and the agency's owners and
   admins (who see every client, and are who a member would ask for help). */
create or replace function public.agency_people(p_agency_id uuid)
returns table (user_id uuid, email text, role text, created_at timestamptz, last_sign_in_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select m.user_id, u.email::text, m.role, m.created_at, u.last_sign_in_at
  from public.agency_members m join auth.users u on u.id = m.user_id
  where m.agency_id = p_agency_id and p_agency_id = any (private.member_agency_ids())
    and (p_agency_id = any (private.admin_agency_ids())
         or m.user_id = auth.uid()
         or m.role in ('owner', 'admin')
         or exists (select 1 from public.client_members theirs
                    join public.client_members mine on mine.client_id = theirs.client_id and mine.user_id = auth.uid()
                    where theirs.user_id = m.user_id))
  order by lower(u.email)
$$;
