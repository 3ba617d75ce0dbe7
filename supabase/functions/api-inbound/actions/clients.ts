// The clients of an agency: the ones a user may open (every signed-in user),
// and adding, renaming, archiving and restoring them (owners and admins).
import {
  archiveClientAnswer, clientOverviewAnswer, createClientAnswer, listClientsAnswer, renameClientAnswer,
} from "@shared/admin/answers.ts";
import { adminInputs } from "@shared/admin/inputs.ts";
import { z } from "zod";
import { agencyAdmins, callerAction, readers } from "../../_shared/registry.ts";
import { administeredAgency, clientAgency } from "../agency-access.ts";

const admin = { write: true, roles: agencyAdmins } as const;

export const clientActions = {
  list_clients: callerAction({
    summary: "The clients the signed-in user may open, with their role in each",
    write: false, roles: readers,
    input: z.object({}), answer: listClientsAnswer,
    async run({ tx, caller }) {
      const rows = await tx`
        select c.id, c.name, c.archived_at,
               case when m.role in ('owner', 'admin') then m.role else cm.role end as role
        from public.clients c
        join public.agency_members m on m.agency_id = c.agency_id and m.user_id = ${caller.kind === "user" ? caller.userId : null}
        left join public.client_members cm on cm.client_id = c.id and cm.user_id = m.user_id
        order by c.archived_at nulls first, lower(c.name)`;
      return { clients: rows.map((r) => ({ id: r.id, name: r.name, role: r.role, archived: r.archived_at !== null })) };
    },
  }),

  client_overview: callerAction({
    summary: "Every client of the agency, archived ones too, with its live customers and assigned members",
    write: false, roles: agencyAdmins,
    input: adminInputs.client_overview, answer: clientOverviewAnswer,
    async run({ tx, input: { agency_id } }) {
      const agency = await administeredAgency(tx, agency_id);
      const clients = await tx`
        select c.id, c.name, c.archived_at, c.created_at,
               (select count(*)::int from public.customers cu where cu.client_id = c.id and cu.deleted_at is null) as customers,
               (select count(*)::int from public.client_members cm where cm.client_id = c.id) as members
        from public.clients c where c.agency_id = ${agency}
        order by c.archived_at nulls first, lower(c.name)`;
      return { agency_id: agency, clients };
    },
  }),

  create_client: callerAction({
    ...admin, summary: "Add a client business to the agency",
    input: adminInputs.create_client, answer: createClientAnswer,
    async run({ tx, input: { agency_id, name } }) {
      const agency = await administeredAgency(tx, agency_id);
      // No RETURNING: the read policy's client list was taken before this row existed.
      const id = crypto.randomUUID();
      await tx`insert into public.clients (id, agency_id, name) values (${id}, ${agency}, ${name})`;
      return { created: true, client: { id, name } };
    },
  }),

  rename_client: callerAction({
    ...admin, summary: "Rename a client",
    input: adminInputs.rename_client, answer: renameClientAnswer,
    async run({ tx, input: { client_id, name } }) {
      await clientAgency(tx, client_id);
      const [row] = await tx`update public.clients set name = ${name} where id = ${client_id} returning id, name`;
      return { client: row };
    },
  }),

  archive_client: callerAction({
    ...admin, summary: "Archive a client: its keys stop working and it leaves every list",
    input: adminInputs.archive_client, answer: archiveClientAnswer,
    async run({ tx, input: { client_id } }) {
      await clientAgency(tx, client_id);
      await tx`update public.clients set archived_at = now() where id = ${client_id} and archived_at is null`;
      return { client_id, archived: true };
    },
  }),

  restore_client: callerAction({
    ...admin, summary: "Bring an archived client back",
    input: adminInputs.restore_client, answer: archiveClientAnswer,
    async run({ tx, input: { client_id } }) {
      await clientAgency(tx, client_id);
      await tx`update public.clients set archived_at = null where id = ${client_id}`;
      return { client_id, archived: false };
    },
  }),
};
