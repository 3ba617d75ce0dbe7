// JWTs the local stack signs with its secret: anon and service-role keys (as
// Supabase's local stack issues them) and user access tokens.
import { SignJWT } from "jose";

const key = (secret: string) => new TextEncoder().encode(secret);

export function signJwt(claims: Record<string, unknown>, secret: string, expiresInSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(key(secret));
}

const TEN_YEARS = 10 * 365 * 24 * 3600;

export const makeAnonKey = (secret: string) => signJwt({ iss: "supabase-local", role: "anon" }, secret, TEN_YEARS);
export const makeServiceRoleKey = (secret: string) =>
  signJwt({ iss: "supabase-local", role: "service_role" }, secret, TEN_YEARS);
