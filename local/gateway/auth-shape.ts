// What the local auth's routes share: the user row and its GoTrue JSON,
// GoTrue's error shape, the body reader that never answers 5xx, and the
// bearer token check.
import type { Context } from "hono";
import { jwtVerify, type JWTVerifyOptions } from "jose";
import { z } from "zod";

export type UserRow = {
  id: string; email: string; encrypted_password: string | null; email_confirmed_at: Date | null;
  last_sign_in_at: Date | null; raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>; created_at: Date; updated_at: Date;
  banned_until: Date | null;
};

export const metadata = z.record(z.string(), z.unknown());
export const email = z.string().max(320);
// bcrypt reads 72 bytes; the cap only keeps bodies small.
export const password = z.string().max(1024);

export function userJson(u: UserRow) {
  return {
    id: u.id, aud: "authenticated", role: "authenticated", email: u.email, phone: "",
    email_confirmed_at: u.email_confirmed_at, confirmed_at: u.email_confirmed_at,
    last_sign_in_at: u.last_sign_in_at,
    app_metadata: { provider: "email", providers: ["email"], ...u.raw_app_meta_data },
    user_metadata: u.raw_user_meta_data, identities: [], created_at: u.created_at,
    updated_at: u.updated_at, is_anonymous: false,
  };
}

/** GoTrue's error shape; supabase-js reads msg and error_code. */
export const fail = (c: Context, status: number, errorCode: string, msg: string) =>
  c.json({ code: status, error_code: errorCode, msg }, status as 400);

export const weakPassword = (c: Context) => fail(c, 422, "weak_password", "Password should be at least 6 characters.");

/**
 * The body parsed by `schema`, or the 400 to answer: not JSON, or a field of
 * the wrong type (named in the message, as GoTrue does). Never a 5xx, whatever
 * the body holds.
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S> | Response> {
  const body = await c.req.json().catch(() => undefined);
  if (body === undefined) return fail(c, 400, "bad_json", "Could not parse request body as JSON");
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.join(".");
  return fail(c, 400, "validation_failed", field ? `${field}: ${issue.message}` : issue.message);
}


/** The bearer token's claims when it verifies with `secret` and carries an exp; null otherwise. */
export async function bearerClaims(c: Context, secret: Uint8Array, options: JWTVerifyOptions): Promise<Record<string, unknown> | null> {
  const token = c.req.header("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token) return null;
  try {
    return (await jwtVerify(token, secret, { algorithms: ["HS256"], requiredClaims: ["exp"], ...options })).payload as Record<string, unknown>;
  } catch {
    return null;
  }
}
