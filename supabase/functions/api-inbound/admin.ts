// Dashboard-only actions: people and clients of an agency, and API keys.
// Every write goes through RLS as the signed-in user (owners and admins only,
// owner rules guarded by triggers) and lands in the audit log by trigger.
import { type AdminAction, adminInputs } from "@shared/admin/inputs.ts";
import { db, type Tx } from "../_shared/db.ts";
import { HttpError, parseOr400 } from "../_shared/http.ts";
import { sha256Hex } from "../_shared/principal.ts";
import { createAuthUser, deleteAuthUser, temporaryPassword } from "../_shared/auth-admin.ts";
import type { Caller } from "../_shared/caller.ts";

type Input<A extends AdminAction> = ReturnType<(typeof adminInputs)[A]["parse"]>;

/** The agency an action is about: the one named, or the caller's only agency. */
async function agencyOf(tx: Tx, agencyId: string | undefined): Promise<string> {
  const rows = agencyId
    ? await tx`select id from public.agencies where id = ${agencyId}`
    : await tx`select id from public.agencies limit 2`;
  if (rows.length === 0) throw new HttpError(404, "not_found", "no such agency", "agency_id");
  if (rows.length > 1) throw new HttpError(400, "invalid_input", "agency_id is required: you belong to several agencies", "agency_id");
  return rows[0].id;
}

/** Refuses early (and clearly) what RLS would refuse anyway. */
async function requireAdmin(tx: Tx, agencyId: string) {
  const [ok] = await tx`select 1 from public.agency_members
                        where agency_id = ${agencyId} and user_id = auth.uid() and role in ('owner', 'admin')`;
  if (!ok) throw new HttpError(403, "forbidden", "only owners and admins manage people and clients", "agency_id");
}

async function clientAgency(tx: Tx, clientId: string): Promise<string> {
  const [row] = await tx`select agency_id from public.clients where id = ${clientId}`;
  if (!row) throw new HttpError(404, "not_found", "no such client", "client_id");
  await requireAdmin(tx, row.agency_id);
  return row.agency_id;
}

function affected(rows: unknown[], field: string, what: string) {
  if (rows.length === 0) throw new HttpError(404, "not_found", `no such ${what}`, field);
}

const handlers: { [A in AdminAction]: (tx: Tx, input: Input<A>) => Promise<unknown> } = {
  async list_people(tx, { agency_id }) {
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

  /**
   * Creates the sign-in account (with a temporary password shown once) or
   * finds the existing one, then makes the person a member, as the caller.
   */
  async invite_user(tx, { agency_id, email, role, clients }) {
    const agency = await agencyOf(tx, agency_id);
    await requireAdmin(tx, agency);
    const [existing] = await db()`select id from auth.users where lower(email) = ${email} and deleted_at is null`;
    const password = existing ? null : temporaryPassword();
    const userId: string = existing?.id ?? await createAuthUser(email, password!);
    try {
      await tx`insert into public.agency_members (agency_id, user_id, role) values (${agency}, ${userId}, ${role})`;
      for (const c of clients) {
        await tx`insert into public.client_members (client_id, user_id, role) values (${c.client_id}, ${userId}, ${c.role})`;
      }
    } catch (error) {
      if (!existing) await deleteAuthUser(userId);
      if ((error as { code?: string }).code === "23505") throw new HttpError(409, "conflict", "already a member of this agency", "email");
      throw error;
    }
    return { created: !existing, user_id: userId, email, role, temporary_password: password };
  },

  async set_agency_role(tx, { agency_id, user_id, role }) {
    const agency = await agencyOf(tx, agency_id);
    await requireAdmin(tx, agency);
    const rows = await tx`update public.agency_members set role = ${role}
                          where agency_id = ${agency} and user_id = ${user_id} returning id`;
    affected(rows, "user_id", "member of this agency");
    return { user_id, role };
  },

  async assign_client(tx, { user_id, client_id, role }) {
    await clientAgency(tx, client_id);
    await tx`insert into public.client_members (client_id, user_id, role) values (${client_id}, ${user_id}, ${role})
             on conflict (client_id, user_id) do update set role = excluded.role`;
    return { user_id, client_id, role };
  },

  async unassign_client(tx, { user_id, client_id }) {
    await clientAgency(tx, client_id);
    const rows = await tx`delete from public.client_members where client_id = ${client_id} and user_id = ${user_id} returning id`;
    affected(rows, "user_id", "assignment");
    return { user_id, client_id, unassigned: true };
  },

  async remove_user(tx, { agency_id, user_id }) {
    const agency = await agencyOf(tx, agency_id);
    await requireAdmin(tx, agency);
    const rows = await tx`delete from public.agency_members where agency_id = ${agency} and user_id = ${user_id} returning id`;
    affected(rows, "user_id", "member of this agency");
    return { user_id, removed: true };
  },

  async create_client(tx, { agency_id, name }) {
    const agency = await agencyOf(tx, agency_id);
    await requireAdmin(tx, agency);
    // No RETURNING: the read policy's client list was taken before this row existed.
    const id = crypto.randomUUID();
    await tx`insert into public.clients (id, agency_id, name) values (${id}, ${agency}, ${name})`;
    return { created: true, client: { id, name } };
  },

  async rename_client(tx, { client_id, name }) {
    await clientAgency(tx, client_id);
    const [row] = await tx`update public.clients set name = ${name} where id = ${client_id} returning id, name`;
    return { client: row };
  },

  async archive_client(tx, { client_id }) {
    await clientAgency(tx, client_id);
    await tx`update public.clients set archived_at = now() where id = ${client_id} and archived_at is null`;
    return { client_id, archived: true };
  },

  async restore_client(tx, { client_id }) {
    await clientAgency(tx, client_id);
    await tx`update public.clients set archived_at = null where id = ${client_id}`;
    return { client_id, archived: false };
  },

  async list_api_keys(tx, { client_id }) {
    await clientAgency(tx, client_id);
    const keys = await tx`select id, prefix, label, created_at, last_used_at, revoked_at, rate_limit_per_minute
                          from public.api_keys where client_id = ${client_id} order by created_at desc`;
    return { api_keys: keys };
  },

  /** The raw key is returned once; only its SHA-256 is stored. */
  async create_api_key(tx, { client_id, label }) {
    await clientAgency(tx, client_id);
    const raw = `pb_${Array.from(crypto.getRandomValues(new Uint8Array(20)), (b) => b.toString(16).padStart(2, "0")).join("")}`;
    const [row] = await tx`
      insert into public.api_keys (client_id, key_hash, prefix, label, created_by)
      values (${client_id}, ${sha256Hex(raw)}, ${raw.slice(0, 10)}, ${label}, auth.uid())
      returning id, prefix, label, created_at`;
    return { created: true, api_key: { ...row, key: raw } };
  },

  async revoke_api_key(tx, { id }) {
    const rows = await tx`update public.api_keys set revoked_at = now() where id = ${id} and revoked_at is null returning id`;
    affected(rows, "id", "live API key you manage");
    return { id, revoked: true };
  },
};

export const adminActions = new Set<string>(Object.keys(handlers));

export async function runAdminAction(tx: Tx, caller: Caller, action: AdminAction, input: unknown) {
  if (caller.kind !== "user") throw new HttpError(403, "forbidden", `${action} is for dashboard users`, "action");
  const parsed = parseOr400(adminInputs[action], input);
  // deno-lint-ignore no-explicit-any
  return await (handlers[action] as (tx: Tx, input: any) => Promise<unknown>)(tx, parsed);
}
