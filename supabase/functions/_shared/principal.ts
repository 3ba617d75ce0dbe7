// Who is calling: a dashboard user (a Supabase JWT) or an integration (an
// x-api-key). Either way the result is only claims; Postgres decides access.
import { createHash } from "node:crypto";
import { jwtVerify } from "jose";
import { env } from "./env.ts";
import { HttpError } from "./http.ts";
import type { Claims } from "./db.ts";

export type Principal =
  | { kind: "user"; userId: string; email: string | null; claims: Claims }
  | { kind: "api_key"; keyHash: string; claims: Claims };

/**
 * Synchronous on purpose: crypto.subtle.digest hands every hash to another
 * thread and back, ~50 µs against ~3 µs here, and every API request hashes
 * its key (an eighth of the function's time under load).
 */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Verifies a user access token signed with the project's JWT secret. GoTrue
 * issues every access token with `aud: "authenticated"` and an `exp`; a token
 * without either was not issued as a user's session (a forged or hand-made
 * token signed with a leaked secret would otherwise live for ever), so both
 * are required. The project's anon and service-role keys carry no `aud`.
 */
export async function verifyUserToken(token: string): Promise<Record<string, unknown>> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(env().JWT_SECRET), {
      algorithms: ["HS256"], audience: "authenticated", requiredClaims: ["exp"],
    });
    return payload as Record<string, unknown>;
  } catch {
    throw new HttpError(401, "unauthorized", "invalid or expired token", "authorization");
  }
}

/**
 * An API key is passed to Postgres only as its hash: the RLS helpers look the
 * key up themselves, so a revoked key or an archived client sees nothing even
 * if this code were wrong.
 */
export async function principalFrom(req: Request): Promise<Principal> {
  const apiKey = req.headers.get("x-api-key");
  if (apiKey) {
    const keyHash = sha256Hex(apiKey.trim());
    return { kind: "api_key", keyHash, claims: { role: "authenticated", api_key_hash: keyHash } };
  }
  const bearer = req.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (bearer) {
    const payload = await verifyUserToken(bearer);
    if (payload.role !== "authenticated" || typeof payload.sub !== "string") {
      throw new HttpError(401, "unauthorized", "a signed-in user's token is required", "authorization");
    }
    const claims: Claims = { ...payload, role: "authenticated" };
    return { kind: "user", userId: payload.sub, email: (payload.email as string) ?? null, claims };
  }
  throw new HttpError(401, "unauthorized", "missing x-api-key header or Authorization bearer token", "x-api-key");
}

/**
 * Scheduled calls (pg_cron → net.http_post) carry the cron secret from Vault.
 * Compared in constant time; missing configuration refuses everything.
 */
export function requireCronSecret(req: Request): void {
  const expected = env().CRON_SECRET;
  const given = req.headers.get("x-cron-secret") ?? "";
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected ?? "");
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) diff |= a[i] ^ b[i];
  if (!expected || diff !== 0) throw new HttpError(401, "unauthorized", "a valid x-cron-secret header is required", "x-cron-secret");
}
