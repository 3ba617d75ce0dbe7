// Who is calling and for which client: shared by every function that serves
// both dashboard users (JWT) and integrations (x-api-key).
import { z } from "zod";
import { asPrincipal, db, type Tx } from "./db.ts";
import { HttpError, parseOr400 } from "./http.ts";
import { type Principal, principalFrom } from "./principal.ts";

export type Caller = Principal & { clientId: string | null; apiKeyId: string | null };

/**
 * Who is calling: a user's token is verified here; an API key is only hashed,
 * and checked by the database as the first statement of the request's
 * transaction (see asCaller).
 */
export async function identify(req: Request): Promise<Caller> {
  const principal = await principalFrom(req);
  return { ...principal, clientId: null, apiKeyId: null };
}

function keyRefused(gate: { allowed: boolean; retry_after: number } | undefined): HttpError | null {
  if (!gate) return new HttpError(401, "unauthorized", "invalid or revoked API key", "x-api-key");
  if (!gate.allowed) {
    return new HttpError(429, "rate_limited", "too many requests for this API key; retry later", "x-api-key", {
      "retry-after": String(Math.max(1, gate.retry_after)),
    });
  }
  return null;
}

/**
 * Runs `work` in one transaction as the caller, so RLS decides. For an API
 * key, one statement checks the key in the database (live, within its rate
 * limit, last_used_at stamped), then sets the claims and the role: the role
 * switch happens only if the key passed, and in the same round trip.
 */
export function asCaller<T>(caller: Caller, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (caller.kind === "user") return asPrincipal(caller.claims, work);
  let passed = false;
  return (db().begin(async (tx) => {
    const [gate] = await tx<{ client_id: string; api_key_id: string; allowed: boolean; retry_after: number }[]>`
      select g.client_id, g.api_key_id, g.allowed, g.retry_after,
             set_config('request.jwt.claims', case when g.allowed then ${JSON.stringify(caller.claims)} end, true) as claims,
             set_config('role', case when g.allowed then 'authenticated' else current_user end, true) as role
      from private.check_api_key(${caller.keyHash}) g`;
    const refused = keyRefused(gate);
    if (refused) throw refused;
    passed = true;
    caller.clientId = gate.client_id;
    caller.apiKeyId = gate.api_key_id;
    return await work(tx);
  }) as Promise<T>).catch(async (error) => {
    // The request failed after the gate counted it, and the rollback took the
    // count back: count it again, so bad requests still spend the limit.
    if (passed) await db()`select 1 from private.check_api_key(${caller.keyHash})`.catch(() => {});
    throw error;
  });
}

const clientIdParam = z.object({
  client_id: z.string({ error: "client_id must be an id" }).uuid({ error: "client_id must be a valid id (uuid)" }).optional(),
});

/**
 * The client an action works on. An API key has exactly one. A user names it
 * with client_id, or has access to exactly one; RLS proves the user may see it.
 */
export async function resolveClient(tx: Tx, caller: Caller, input: Record<string, unknown>): Promise<string> {
  const { client_id } = parseOr400(clientIdParam, { client_id: input.client_id });
  delete input.client_id;
  if (caller.clientId) {
    if (client_id && client_id !== caller.clientId) throw new HttpError(404, "not_found", "no such client for this key", "client_id");
    return caller.clientId;
  }
  if (client_id) {
    const [row] = await tx`select id from public.clients where id = ${client_id}`;
    if (!row) throw new HttpError(404, "not_found", "no such client", "client_id");
    return row.id;
  }
  const rows = await tx`select id from public.clients where archived_at is null limit 2`;
  if (rows.length !== 1) throw new HttpError(400, "invalid_input", "client_id is required: you have access to several clients", "client_id");
  return rows[0].id;
}

