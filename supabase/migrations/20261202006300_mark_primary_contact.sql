-- One contact of a customer may be its primary contact.

/* The person to reach first. At most one per customer, held by the index:
   saving a contact as primary unsets the previous one in the same
   transaction (save_contact), and two saves racing for it end in one
   winner and a conflict, never two primaries. */
alter table public.contacts add column is_primary boolean not null default false;
create unique index contacts_one_primary_per_customer on public.contacts (customer_id) where is_primary;

/* The audit triggers list a table's columns when attached; attached again,
   a change of is_primary alone is audited too. */
drop trigger audit_insert_delete on public.contacts;
drop trigger audit_update on public.contacts;
select private.audit_table('public.contacts');
