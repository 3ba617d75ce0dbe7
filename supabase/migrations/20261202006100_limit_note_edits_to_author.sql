-- A note is edited or removed only by the person who wrote it.

/* Before, any editor of the client could rewrite or delete anyone's note,
   so a note no longer said reliably what its author wrote. The author must
   still be an editor of the client: a viewer (or someone unassigned since)
   changes nothing. Notes written by an API key or a job have no author and
   stay as they are. */
drop policy "Notes can be edited by editors of the client" on public.customer_notes;
drop policy "Notes can be removed by editors of the client" on public.customer_notes;

create policy "Notes can be edited by their author while they edit the client" on public.customer_notes
  for update to authenticated
  using (author_id = (select auth.uid()) and client_id = any ((select private.editable_client_ids())::uuid[]))
  with check (author_id = (select auth.uid()) and client_id = any ((select private.editable_client_ids())::uuid[]));
create policy "Notes can be removed by their author while they edit the client" on public.customer_notes
  for delete to authenticated
  using (author_id = (select auth.uid()) and client_id = any ((select private.editable_client_ids())::uuid[]));
