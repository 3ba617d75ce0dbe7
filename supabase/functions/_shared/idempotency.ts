// Idempotency-Key on writes: the first answer is stored with the write, in its
// transaction; a replay with the same key and body gets that answer again.
import type { Tx } from "./db.ts";
import { HttpError } from "./http.ts";
import { sha256Hex } from "./principal.ts";

export type Stored = { status: number; body: unknown };

/**
 * Claims the key for this principal. Returns the stored answer for a replay,
 * null when this request is the first (and must run). A concurrent duplicate
 * blocks on the unique index until the first commits, then sees its answer.
 */
export async function claimIdempotencyKey(tx: Tx, clientId: string, key: string, request: unknown): Promise<Stored | null> {
  if (key.length > 200) throw new HttpError(400, "invalid_input", "Idempotency-Key is at most 200 characters", "idempotency-key");
  const hash = sha256Hex(JSON.stringify(request));
  const inserted = await tx`
    insert into public.idempotency_keys (client_id, key, request_hash) values (${clientId}, ${key}, ${hash})
    on conflict (principal, key) do nothing returning id`;
  if (inserted.length > 0) return null;
  const [prior] = await tx`select request_hash, status, response from public.idempotency_keys where key = ${key} and principal = private.current_principal()`;
  if (!prior) throw new HttpError(409, "conflict", "this Idempotency-Key belongs to another client", "idempotency-key");
  if (prior.request_hash !== hash) {
    throw new HttpError(422, "idempotency_mismatch", "this Idempotency-Key was used with a different request", "idempotency-key");
  }
  return { status: prior.status, body: prior.response };
}

export async function storeIdempotentResponse(tx: Tx, key: string, stored: Stored) {
  await tx`
    update public.idempotency_keys set status = ${stored.status}, response = ${tx.json(stored.body as never)}
    where key = ${key} and principal = private.current_principal()`;
}
