// People of an agency (SPEC §1): list, change roles, assign to clients,
// remove (inviting is invitations.ts). Every write goes through RLS as the signed-in user (owners
// and admins only, owner rules guarded by triggers) and lands in the audit
// log by trigger.
import {
  assignClientAnswer, listPeopleAnswer, removeUserAnswer, setAgencyRoleAnswer, unassignClientAnswer,
} from "@shared/admin/answers.ts";
import { adminInputs } from "@shared/admin/inputs.ts";
import { agencyAdmins, callerAction, readers } from "../../_shared/registry.ts";
import { administeredAgency, affected, agencyOf, clientAgency } from "../agency-access.ts";

const admin = { write: true, roles: agencyAdmins } as const;

export const peopleActions = {
  list_people: callerAction({
    summary: "The people of the agency with their roles, last sign-in and client assignments",
    write: false, roles: readers,
    input: adminInputs.list_people, answer: listPeopleAnswer,
    async run({ tx, input: { agency_id } }) {
      const agency = await agencyOf(tx, agency_id);
      const people = await tx`select * from public.agency_people(${agency})`;
      const assignments = await tx`
        select cm.user_id, cm.client_id, cm.role from public.client_members cm
        join public.clients c on c.id = cm.client_id where c.agency_id = ${agency}`;
      return {
        agency_id: agency,
        people: people.map((p) => ({
          ...p,
          clients: assignments.filter((a) => a.user_id === p.user_id).map((a) => ({ client_id: a.client_id, role: a.role })),
        })),
      };
    },
  }),

  set_agency_role: callerAction({
    ...admin, summary: "Change a member's agency role (owner, admin, member)",
    input: adminInputs.set_agency_role, answer: setAgencyRoleAnswer,
    async run({ tx, input: { agency_id, user_id, role } }) {
      const agency = await administeredAgency(tx, agency_id);
      const rows = await tx`update public.agency_members set role = ${role}
                            where agency_id = ${agency} and user_id = ${user_id} returning id`;
      affected(rows, "user_id", "member of this agency");
      return { user_id, role };
    },
  }),

  assign_client: callerAction({
    ...admin, summary: "Give a member a client, as manager (edit) or viewer (read only)",
    input: adminInputs.assign_client, answer: assignClientAnswer,
    async run({ tx, input: { user_id, client_id, role } }) {
      await clientAgency(tx, client_id);
      await tx`insert into public.client_members (client_id, user_id, role) values (${client_id}, ${user_id}, ${role})
               on conflict (client_id, user_id) do update set role = excluded.role`;
      return { user_id, client_id, role };
    },
  }),

  unassign_client: callerAction({
    ...admin, summary: "Take a client away from a member",
    input: adminInputs.unassign_client, answer: unassignClientAnswer,
    async run({ tx, input: { user_id, client_id } }) {
      await clientAgency(tx, client_id);
      const rows = await tx`delete from public.client_members where client_id = ${client_id} and user_id = ${user_id} returning id`;
      affected(rows, "user_id", "assignment");
      return { user_id, client_id, unassigned: true };
    },
  }),

  remove_user: callerAction({
    ...admin, summary: "Remove a member from the agency",
    input: adminInputs.remove_user, answer: removeUserAnswer,
    async run({ tx, input: { agency_id, user_id } }) {
      const agency = await administeredAgency(tx, agency_id);
      const rows = await tx`delete from public.agency_members where agency_id = ${agency} and user_id = ${user_id} returning id`;
      affected(rows, "user_id", "member of this agency");
      return { user_id, removed: true };
    },
  }),
};
