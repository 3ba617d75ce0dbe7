-- Invitations land in the audit log too, as every other change of people does.

/* Why: the Audit Log is where an owner looks to learn who gave whom access.
   Memberships and client assignments were audited from the start, but an
   invitation (which makes both when accepted) was not, so "who invited this
   person, as what" had no trace. The link's token hash is bookkeeping of a
   secret: it stays out of the audit as an API key's hash does. */
create or replace function private.audit_ignored_columns() returns text[]
language plpgsql immutable set search_path = '' as $$
begin
  return array['updated_at', 'name_key', 'last_used_at', 'key_hash', 'token_hash', 'scored_at', 'previous_score',
               'score_missing', 'config_version', 'status', 'score', 'version', 'change_id', 'change_xid'];
end $$;

select private.audit_table('public.agency_invitations');
