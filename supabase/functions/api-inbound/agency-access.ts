// Which agency or client an admin action is about, and the early, clear
// refusal of callers who are not its owners or admins (RLS would refuse them
// anyway, but silently).
import type { Tx } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";

/** The agency an action is about: the one named, or the caller's only agency. */
export async function agencyOf(tx: Tx, agencyId: string | undefined): Promise<string> {
  const rows = agencyId
    ? await tx`select id from public.agencies where id = ${agencyId}`
    : await tx`select id from public.agencies limit 2`;
  if (rows.length === 0) throw new HttpError(404, "not_found", "no such agency", "agency_id");
  if (rows.length > 1) throw new HttpError(400, "invalid_input", "agency_id is required: you belong to several agencies", "agency_id");
  return rows[0].id;
}

/** Refuses early (and clearly) what RLS would refuse anyway. */
export async function requireAdmin(tx: Tx, agencyId: string) {
  const [ok] = await tx`select 1 from public.agency_members
                        where agency_id = ${agencyId} and user_id = auth.uid() and role in ('owner', 'admin')`;
  if (!ok) throw new HttpError(403, "forbidden", "only owners and admins manage people and clients", "agency_id");
}

/** The agency of a client the caller administers. */
export async function administeredAgency(tx: Tx, agencyId: string | undefined): Promise<string> {
  const agency = await agencyOf(tx, agencyId);
  await requireAdmin(tx, agency);
  return agency;
}

/** The agency of a client, once the caller is known to administer it. */
export async function clientAgency(tx: Tx, clientId: string): Promise<string> {
  const [row] = await tx`select agency_id from public.clients where id = ${clientId}`;
  if (!row) throw new HttpError(404, "not_found", "no such client", "client_id");
  await requireAdmin(tx, row.agency_id);
  return row.agency_id;
}

/** A write that matched nothing is a 404 naming what was not found. */
export function affected(rows: unknown[], field: string, what: string) {
  if (rows.length === 0) throw new HttpError(404, "not_found", `no such ${what}`, field);
}
