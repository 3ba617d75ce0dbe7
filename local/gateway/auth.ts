// A GoTrue-compatible subset of /auth/v1, enough for @supabase/supabase-js:
// password sign-in (throttled), refresh (rotating, reuse revokes the session),
// user (read and update), logout, and the admin user API. Users live in
// auth.users with bcrypt hashes, exactly where GoTrue keeps them.
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type postgres from "postgres";
import { z } from "zod";
import { adminRoutes } from "./auth-admin.ts";
import { bearerClaims, email, fail, metadata, password, readBody, userJson, weakPassword, type UserRow } from "./auth-shape.ts";
import type { Passwords } from "./passwords.ts";
import { signInLimits } from "./sign-in-limits.ts";
import { signJwt } from "./tokens.ts";

export type AuthOptions = {
  sql: postgres.Sql; jwtSecret: string; url: string; jwtExpiry: number; passwords: Passwords;
};

/**
 * How long a rotated refresh token may still be presented, as GoTrue's
 * REFRESH_TOKEN_REUSE_INTERVAL (10 s by default): two tabs of the dashboard
 * refreshing at once (supabase-js coordinates only within a tab) both get the
 * session's current token. Later, or when that child has itself been rotated,
 * presenting it is taken for a stolen token: every token of the session is
 * revoked, so the thief and the victim both sign in again.
 */
const REFRESH_TOKEN_REUSE_SECONDS = 10;

const passwordGrant = z.object({ email, password });
const refreshGrant = z.object({ refresh_token: z.string().max(512) });
const userUpdate = z.object({ password: password.optional(), data: metadata.optional() });

/** The connection's peer: the gateway listens on loopback and trusts no forwarding header. */
const clientAddress = (c: Context) => (c.env as Deno.ServeHandlerInfo<Deno.NetAddr> | undefined)?.remoteAddr?.hostname ?? "unknown";

export function authRoutes({ sql, jwtSecret, url, jwtExpiry, passwords }: AuthOptions): Hono {
  const app = new Hono();
  const secret = new TextEncoder().encode(jwtSecret);
  const admitSignIn = signInLimits();

  /** A user's access token as GoTrue issues them: aud "authenticated", an exp, a subject. */
  async function userClaims(c: Context) {
    const claims = await bearerClaims(c, secret, { audience: "authenticated" });
    return typeof claims?.sub === "string" ? claims as { sub: string; session_id?: string } : null;
  }
  const noToken = (c: Context) => fail(c, 401, "no_authorization", "This endpoint requires a valid Bearer token");

  async function newRefreshToken(db: postgres.Sql | postgres.TransactionSql, user: UserRow, sessionId: string, parent: string | null) {
    const token = crypto.randomUUID().replaceAll("-", "");
    await db`insert into auth.refresh_tokens (token, user_id, session_id, parent)
             values (${token}, ${user.id}, ${sessionId}, ${parent})`;
    return token;
  }

  async function sessionJson(user: UserRow, sessionId: string, refreshToken: string) {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await signJwt({
      iss: `${url}/auth/v1`, aud: "authenticated", sub: user.id, email: user.email, phone: "",
      app_metadata: { provider: "email", providers: ["email"], ...user.raw_app_meta_data },
      user_metadata: user.raw_user_meta_data, role: "authenticated", aal: "aal1",
      amr: [{ method: "password", timestamp: now }], session_id: sessionId, is_anonymous: false,
    }, jwtSecret, jwtExpiry);
    return {
      access_token: accessToken, token_type: "bearer", expires_in: jwtExpiry,
      expires_at: now + jwtExpiry, refresh_token: refreshToken, user: userJson(user),
    };
  }

  async function signInWithPassword(c: Context) {
    const input = await readBody(c, passwordGrant);
    if (input instanceof Response) return input;
    const emailKey = input.email.trim().toLowerCase();
    const admission = admitSignIn(emailKey, clientAddress(c));
    if (!admission.admitted) {
      c.header("Retry-After", String(admission.retryAfter));
      return fail(c, 429, "over_request_rate_limit", "Request rate limit reached");
    }
    const [user] = await sql<UserRow[]>`select * from auth.users where lower(email) = ${emailKey} and deleted_at is null`;
    // Unknown e-mails are compared too (against a dummy hash): the same time either way.
    const ok = await passwords.verify(input.password, user?.encrypted_password ?? null);
    if (!user || !ok) return fail(c, 400, "invalid_credentials", "Invalid login credentials");
    admission.succeeded();
    if (user.banned_until && user.banned_until > new Date()) return fail(c, 400, "user_banned", "User is banned");
    const [session] = await sql`insert into auth.sessions (user_id) values (${user.id}) returning id`;
    const [fresh] = await sql<UserRow[]>`update auth.users set last_sign_in_at = now() where id = ${user.id} returning *`;
    return c.json(await sessionJson(fresh, session.id, await newRefreshToken(sql, fresh, session.id, null)));
  }

  async function refresh(c: Context) {
    const input = await readBody(c, refreshGrant);
    if (input instanceof Response) return input;
    // The token's row is locked, so two refreshes with one token take turns:
    // the first rotates it, the second finds it rotated a moment ago.
    const outcome = await sql.begin(async (tx) => {
      const [presented] = await tx`
        select token, user_id, session_id, revoked,
               updated_at > now() - make_interval(secs => ${REFRESH_TOKEN_REUSE_SECONDS}) as just_rotated
        from auth.refresh_tokens where token = ${input.refresh_token} for update`;
      if (!presented) return { error: "refresh_token_not_found" } as const;
      const [user] = await tx<UserRow[]>`select * from auth.users where id = ${presented.user_id} and deleted_at is null`;
      if (!user) return { error: "user_not_found" } as const;
      if (!presented.revoked) {
        await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where token = ${presented.token}`;
        return { user, sessionId: presented.session_id, token: await newRefreshToken(tx, user, presented.session_id, presented.token) };
      }
      const [child] = presented.just_rotated
        ? await tx`select token from auth.refresh_tokens where parent = ${presented.token} and not revoked`
        : [];
      if (child) return { user, sessionId: presented.session_id, token: child.token as string };
      await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = ${presented.session_id}`;
      return { error: "refresh_token_already_used" } as const;
    });
    if (outcome.error === "refresh_token_not_found") return fail(c, 400, outcome.error, "Invalid Refresh Token: Refresh Token Not Found");
    if (outcome.error === "user_not_found") return fail(c, 400, outcome.error, "User not found");
    if (outcome.error) return fail(c, 400, outcome.error, "Invalid Refresh Token: Already Used");
    return c.json(await sessionJson(outcome.user, outcome.sessionId, outcome.token));
  }

  app.use(bodyLimit({ maxSize: 64 * 1024, onError: (c) => fail(c, 413, "request_too_large", "Request body too large") }));

  app.post("/token", (c) => {
    const grant = c.req.query("grant_type");
    if (grant === "password") return signInWithPassword(c);
    if (grant === "refresh_token") return refresh(c);
    return fail(c, 400, "unsupported_grant_type", "unsupported grant type");
  });

  app.get("/user", async (c) => {
    const claims = await userClaims(c);
    if (!claims) return noToken(c);
    const [user] = await sql<UserRow[]>`select * from auth.users where id = ${claims.sub} and deleted_at is null`;
    if (!user) return fail(c, 403, "user_not_found", "User from sub claim in JWT does not exist");
    // A signed-out session's access token stays valid until it expires, as in GoTrue.
    return c.json(userJson(user));
  });

  // supabase-js auth.updateUser: a new password and/or user metadata. As in
  // GoTrue, a new password signs out the user's other sessions (their refresh
  // tokens go with them); the session that changed it keeps working.
  app.put("/user", async (c) => {
    const claims = await userClaims(c);
    if (!claims) return noToken(c);
    const input = await readBody(c, userUpdate);
    if (input instanceof Response) return input;
    const [user] = await sql<UserRow[]>`select * from auth.users where id = ${claims.sub} and deleted_at is null`;
    if (!user) return fail(c, 403, "user_not_found", "User from sub claim in JWT does not exist");
    let hash: string | null = null;
    if (input.password !== undefined) {
      if (input.password.length < 6) return weakPassword(c);
      if (await passwords.verify(input.password, user.encrypted_password)) {
        return fail(c, 422, "same_password", "New password should be different from the old password.");
      }
      hash = await passwords.hash(input.password);
    }
    // GoTrue's merge: keys set to null are removed.
    const data = input.data && Object.fromEntries(
      Object.entries({ ...user.raw_user_meta_data, ...input.data }).filter(([, v]) => v !== null),
    );
    const updated = await sql.begin(async (tx) => {
      const [row] = await tx<UserRow[]>`
        update auth.users set encrypted_password = coalesce(${hash}, encrypted_password),
          raw_user_meta_data = ${data ? tx.json(data as never) : tx`raw_user_meta_data`}, updated_at = now()
        where id = ${user.id} returning *`;
      if (hash) await tx`delete from auth.sessions where user_id = ${user.id} and id is distinct from ${claims.session_id ?? null}`;
      return row;
    });
    return c.json(userJson(updated));
  });

  app.post("/logout", async (c) => {
    const claims = await userClaims(c);
    if (!claims) return noToken(c);
    const scope = c.req.query("scope") ?? "global";
    const sessionId = String(claims.session_id);
    if (scope === "global") {
      await sql`delete from auth.sessions where user_id = ${claims.sub}`;
    } else if (scope === "others") {
      await sql`delete from auth.sessions where user_id = ${claims.sub} and id::text <> ${sessionId}`;
    } else {
      await sql`delete from auth.sessions where id::text = ${sessionId}`;
    }
    return c.body(null, 204);
  });

  app.route("/admin", adminRoutes(sql, secret, passwords));
  app.get("/health", (c) => c.json({ name: "GoTrue (Pulseboard local subset)", description: "local" }));
  app.get("/settings", (c) => c.json({ external: { email: true }, disable_signup: true, mailer_autoconfirm: true }));
  return app;
}
