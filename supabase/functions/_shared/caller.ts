// Who is calling and for which client: shared by every function that serves
// both dashboard users (JWT) and integrations (x-api-key).
import { z } from "zod";
import { db, type Tx } from "./db.ts";
import { HttpError, parseOr400 } from "./http.ts";
import { type Principal, principalFrom } from "./principal.ts";

export type Caller = Principal & { clientId: string | null; apiKeyId: string | null };

/**
 * An API key passes the database's gate first (live key, rate limit,
 * last_used_at); a user's token is verified here. Access to data is then
 * decided by RLS alone.
 */
export async function identify(req: Request): Promise<Caller> {
  const principal = await principalFrom(req);
  if (principal.kind === "user") return { ...principal, clientId: null, apiKeyId: null };
  const [gate] = await db()`select * from private.check_api_key(${principal.keyHash})`;
  if (!gate) throw new HttpError(401, "unauthorized", "invalid or revoked API key", "x-api-key");
  if (!gate.allowed) {
    throw new HttpError(429, "rate_limited", "too many requests for this API key; retry later", "x-api-key", {
      "retry-after": String(Math.max(1, gate.retry_after)),
    });
  }
  return { ...principal, clientId: gate.client_id, apiKeyId: gate.api_key_id };
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

