// The audit log of an agency (owners and admins): every change the triggers
// recorded, filtered by client, customer, who acted (a user or an API key),
// action, kind of row and date; newest first, paged. Each entry carries
// names for what it is about and who did it, resolved here so the page shows
// "API key Zapier (pb_1a2b…)" and "ana@example.com", not ids.
import { listAuditLogAnswer, listAuditLogInput } from "@shared/admin/audit.ts";
import { agencyAdmins, callerAction } from "../../_shared/registry.ts";
import { administeredAgency } from "../agency-access.ts";

/** Tables whose rows belong to a customer (by customer_id). */
const customerTables = ["contacts", "customer_notes", "sentiment_entries"];

export const auditActions = {
  list_audit_log: callerAction({
    summary: "The agency's audit log, newest first: who changed what, before → after",
    write: false, roles: agencyAdmins,
    input: listAuditLogInput, answer: listAuditLogAnswer,
    async run({ tx, input: f }) {
      const agency = await administeredAgency(tx, f.agency_id);
      const rows = await tx`
        with people as (select user_id, email from public.agency_people(${agency}))
        select a.id, a.created_at, a.table_name, a.row_id, a.action, a.actor, a.client_id, cl.name as client_name,
               actor.email as actor_email,
               case when k.id is not null then k.label || ' (' || k.prefix || '…)' end as actor_api_key,
               coalesce(cu.name, sk.label, sp.name, a.after ->> 'name', a.before ->> 'name', a.after ->> 'label',
                        a.before ->> 'label', a.after ->> 'email', a.before ->> 'email', who.email,
                        case when a.table_name in ('clients', 'client_settings') then cl.name end) as subject,
               a.before, a.after
        from public.audit_log a
        left join public.clients cl on cl.id = a.client_id
        left join people actor on actor.user_id = a.actor_user_id
        left join public.api_keys k on k.id = a.actor_api_key_id
        left join public.customers cu on a.table_name in ('customers', 'contacts', 'customer_notes', 'sentiment_entries')
          and cu.id = case when a.table_name = 'customers' then a.row_id
                           else coalesce(a.after ->> 'customer_id', a.before ->> 'customer_id')::uuid end
        left join public.api_keys sk on a.table_name = 'api_keys' and sk.id = a.row_id
        left join public.scoring_profiles sp on a.table_name = 'scoring_profiles' and sp.id = a.row_id
        left join people who on a.table_name in ('agency_members', 'client_members')
          and who.user_id = coalesce(a.after ->> 'user_id', a.before ->> 'user_id')::uuid
        where a.agency_id = ${agency}
          ${f.client_id ? tx`and a.client_id = ${f.client_id}` : tx``}
          ${f.customer_id ? tx`and (a.table_name = 'customers' and a.row_id = ${f.customer_id}
                                   or a.table_name = any(${customerTables})
                                      and coalesce(a.after ->> 'customer_id', a.before ->> 'customer_id') = ${f.customer_id}::text)` : tx``}
          ${f.customer ? tx`and cu.name ilike ${"%" + f.customer.replace(/[\\%_]/g, "\\$&") + "%"}` : tx``}
          ${f.user_id ? tx`and a.actor_user_id = ${f.user_id}` : tx``}
          ${f.api_key_id ? tx`and a.actor_api_key_id = ${f.api_key_id}` : tx``}
          ${f.action ? tx`and a.action = ${f.action}` : tx``}
          ${f.table ? tx`and a.table_name = ${f.table}` : tx``}
          ${f.from ? tx`and a.created_at >= ${f.from}::date` : tx``}
          ${f.to ? tx`and a.created_at < ${f.to}::date + 1` : tx``}
        order by a.created_at desc, a.id desc
        limit ${f.limit + 1} offset ${f.offset}`;
      return {
        agency_id: agency,
        entries: rows.slice(0, f.limit).map((r) => ({
          id: Number(r.id), created_at: r.created_at, table: r.table_name, row_id: r.row_id, action: r.action,
          actor: r.actor, actor_email: r.actor_email ?? null, actor_api_key: r.actor_api_key ?? null,
          client_id: r.client_id, client_name: r.client_name ?? null, subject: r.subject ?? null,
          before: r.before, after: r.after,
        })),
        limit: f.limit, offset: f.offset, has_more: rows.length > f.limit,
      };
    },
  }),
};
