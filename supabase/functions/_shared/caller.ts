// Who is calling and for which client: shared by every function that serves
// both dashboard users (JWT) and integrations (x-api-key).
import { uuid } from "@shared/common/ids.ts";
import { z } from "zod";
import { asPrincipal, db, type Tx } from "./db.ts";
import { HttpError, parseOr400 } from "./http.ts";
import { admitKey, rememberKey } from "./key-admission.ts";
import { type Principal, principalFrom } from "./principal.ts";

/** `recheck`: an API key admitted from the instance's count, to be checked again in the request's transaction. */
export type Caller = Principal & { clientId: string | null; apiKeyId: string | null; recheck: boolean };

const revoked = () => new HttpError(401, "unauthorized", "invalid or revoked API key", "x-api-key");
const limited = (retryAfter: number) =>
  new HttpError(429, "rate_limited", "too many requests for this API key; retry later", "x-api-key", {
    "retry-after": String(Math.max(1, retryAfter)),
  });

/**
 * An API key is admitted by this instance's count when it passed the
 * database's gate earlier this minute (key-admission.ts), else by the gate
 * (live key, rate limit, last_used_at); a user's token is verified here.
 * Access to data is then decided by RLS alone.
 */
export async function identify(req: Request): Promise<Caller> {
  const principal = await principalFrom(req);
  if (principal.kind === "user") return { ...principal, clientId: null, apiKeyId: null, recheck: false };
  const admitted = admitKey(principal.keyHash);
  if (admitted) {
    if (!admitted.allowed) throw limited(admitted.retryAfter);
    return { ...principal, clientId: admitted.key.clientId, apiKeyId: admitted.key.id, recheck: true };
  }
  const [gate] = await db()`
    select g.*, k.rate_limit_per_minute as per_minute
    from private.check_api_key(${principal.keyHash}) g join public.api_keys k on k.id = g.api_key_id`;
  if (!gate) throw revoked();
  if (!gate.allowed) throw limited(gate.retry_after);
  rememberKey(principal.keyHash, {
    id: gate.api_key_id, clientId: gate.client_id, limit: gate.per_minute, counted: gate.per_minute - gate.remaining,
  });
  return { ...principal, clientId: gate.client_id, apiKeyId: gate.api_key_id, recheck: false };
}

/**
 * Runs work as the caller (asPrincipal). A key admitted from the instance's
 * count is checked again in the same transaction, without a round trip of
 * its own: the check travels with work's first query, and is awaited before
 * anything is answered. Were the key revoked (or its client archived) since,
 * RLS has shown work nothing and let it change nothing; the transaction is
 * rolled back and the answer is a 401.
 */
export function asCaller<T>(caller: Caller, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!caller.recheck) return asPrincipal(caller.claims, work);
  return asPrincipal(caller.claims, async (tx) => {
    const live = tx`select private.current_api_key_id() as id`.execute();
    const outcome = await work(tx).then((value) => ({ value }), (error) => ({ error }));
    const [key] = await live;
    if (key.id !== caller.apiKeyId) throw revoked();
    if ("error" in outcome) throw outcome.error;
    return outcome.value;
  });
}

const clientIdParam = z.object({
  client_id: uuid("client_id").optional(),
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

