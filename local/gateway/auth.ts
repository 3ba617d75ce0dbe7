// A GoTrue-compatible subset of /auth/v1, enough for @supabase/supabase-js:
// password sign-in, refresh (rotating), user, logout, and the admin user API.
// Users live in auth.users with bcrypt hashes, exactly where GoTrue keeps them.
import { Hono, type Context } from "hono";
import bcrypt from "bcryptjs";
import { jwtVerify } from "jose";
import type postgres from "postgres";
import { signJwt } from "./tokens.ts";

type UserRow = {
  id: string; email: string; encrypted_password: string | null; email_confirmed_at: Date | null;
  last_sign_in_at: Date | null; raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>; created_at: Date; updated_at: Date;
  banned_until: Date | null;
};

export type AuthOptions = { sql: postgres.Sql; jwtSecret: string; url: string; jwtExpiry: number };

function userJson(u: UserRow) {
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
const fail = (c: Context, status: number, errorCode: string, msg: string) =>
  c.json({ code: status, error_code: errorCode, msg }, status as 400);

export function authRoutes({ sql, jwtSecret, url, jwtExpiry }: AuthOptions): Hono {
  const app = new Hono();
  const secret = new TextEncoder().encode(jwtSecret);

  async function claimsOf(c: Context): Promise<Record<string, unknown> | null> {
    const token = c.req.header("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!token) return null;
    try {
      return (await jwtVerify(token, secret, { algorithms: ["HS256"] })).payload as Record<string, unknown>;
    } catch {
      return null;
    }
  }

  async function issueSession(user: UserRow, sessionId: string, parent: string | null) {
    const refreshToken = crypto.randomUUID().replaceAll("-", "");
    await sql`insert into auth.refresh_tokens (token, user_id, session_id, parent)
              values (${refreshToken}, ${user.id}, ${sessionId}, ${parent})`;
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

  app.post("/token", async (c) => {
    const grant = c.req.query("grant_type");
    const body = await c.req.json().catch(() => ({})) as Record<string, string>;
    if (grant === "password") {
      const email = String(body.email ?? "").trim().toLowerCase();
      const [user] = await sql<UserRow[]>`select * from auth.users where lower(email) = ${email} and deleted_at is null`;
      const ok = user?.encrypted_password && bcrypt.compareSync(String(body.password ?? ""), user.encrypted_password);
      if (!user || !ok) return fail(c, 400, "invalid_credentials", "Invalid login credentials");
      if (user.banned_until && user.banned_until > new Date()) return fail(c, 400, "user_banned", "User is banned");
      const [session] = await sql`insert into auth.sessions (user_id) values (${user.id}) returning id`;
      const [fresh] = await sql<UserRow[]>`update auth.users set last_sign_in_at = now() where id = ${user.id} returning *`;
      return c.json(await issueSession(fresh, session.id, null));
    }
    if (grant === "refresh_token") {
      // Rotation: the presented token is revoked and a child issued; a
      // revoked token is refused (no reuse interval in the local stack).
      const [row] = await sql`update auth.refresh_tokens set revoked = true, updated_at = now()
                              where token = ${String(body.refresh_token ?? "")} and not revoked
                              returning user_id, session_id, token`;
      if (!row) return fail(c, 400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
      const [user] = await sql<UserRow[]>`select * from auth.users where id = ${row.user_id} and deleted_at is null`;
      if (!user) return fail(c, 400, "user_not_found", "User not found");
      return c.json(await issueSession(user, row.session_id, row.token));
    }
    return fail(c, 400, "unsupported_grant_type", "unsupported grant type");
  });

  app.get("/user", async (c) => {
    const claims = await claimsOf(c);
    if (!claims?.sub) return fail(c, 401, "no_authorization", "This endpoint requires a valid Bearer token");
    const [user] = await sql<UserRow[]>`select * from auth.users where id = ${String(claims.sub)} and deleted_at is null`;
    if (!user) return fail(c, 403, "user_not_found", "User from sub claim in JWT does not exist");
    // A signed-out session's access token stays valid until it expires, as in GoTrue.
    return c.json(userJson(user));
  });

  app.post("/logout", async (c) => {
    const claims = await claimsOf(c);
    if (!claims?.sub) return fail(c, 401, "no_authorization", "This endpoint requires a valid Bearer token");
    const scope = c.req.query("scope") ?? "global";
    if (scope === "global") {
      await sql`delete from auth.sessions where user_id = ${String(claims.sub)}`;
    } else if (scope === "others") {
      await sql`delete from auth.sessions where user_id = ${String(claims.sub)} and id <> ${String(claims.session_id)}`;
    } else {
      await sql`delete from auth.sessions where id = ${String(claims.session_id)}`;
    }
    return c.body(null, 204);
  });

  // Admin API: the service-role key only.
  const admin = new Hono();
  admin.use(async (c, next) => {
    const claims = await claimsOf(c);
    if (claims?.role !== "service_role") return fail(c, 403, "not_admin", "User not allowed");
    await next();
  });

  admin.get("/users", async (c) => {
    // supabase-js sends `?page=&per_page=` when unset; empty means the default, as in GoTrue.
    const page = Math.max(1, Number(c.req.query("page") || 1));
    const perPage = Math.min(1000, Math.max(1, Number(c.req.query("per_page") || 50)));
    const users = await sql<UserRow[]>`select * from auth.users where deleted_at is null
                                       order by created_at, id limit ${perPage} offset ${(page - 1) * perPage}`;
    const [{ count }] = await sql`select count(*)::int as count from auth.users where deleted_at is null`;
    c.header("x-total-count", String(count));
    return c.json({ users: users.map(userJson), aud: "authenticated" });
  });

  admin.post("/users", async (c) => {
    const body = await c.req.json().catch(() => null) as Record<string, unknown> | null;
    const email = typeof body?.email === "string" ? body.email.trim().toLowerCase() : "";
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return fail(c, 400, "validation_failed", "Unable to validate email address: invalid format");
    const password = typeof body?.password === "string" ? body.password : null;
    if (password !== null && password.length < 6) return fail(c, 422, "weak_password", "Password should be at least 6 characters.");
    const [exists] = await sql`select 1 from auth.users where lower(email) = ${email}`;
    if (exists) return fail(c, 422, "email_exists", "A user with this email address has already been registered");
    const hash = password === null ? null : bcrypt.hashSync(password, 10);
    const [user] = await sql<UserRow[]>`
      insert into auth.users (email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
      values (${email}, ${hash}, ${body?.email_confirm ? new Date() : null},
              ${sql.json((body?.app_metadata ?? {}) as never)}, ${sql.json((body?.user_metadata ?? {}) as never)})
      returning *`;
    return c.json(userJson(user));
  });

  admin.get("/users/:id", async (c) => {
    const [user] = await sql<UserRow[]>`select * from auth.users where id::text = ${c.req.param("id")} and deleted_at is null`;
    return user ? c.json(userJson(user)) : fail(c, 404, "user_not_found", "User not found");
  });

  admin.put("/users/:id", async (c) => {
    const body = await c.req.json().catch(() => ({})) as Record<string, unknown>;
    const hash = typeof body.password === "string" ? bcrypt.hashSync(body.password, 10) : null;
    const [user] = await sql<UserRow[]>`
      update auth.users set
        email = coalesce(${(body.email as string) ?? null}, email),
        encrypted_password = coalesce(${hash}, encrypted_password),
        raw_user_meta_data = coalesce(${body.user_metadata ? sql.json(body.user_metadata as never) : null}, raw_user_meta_data),
        raw_app_meta_data = coalesce(${body.app_metadata ? sql.json(body.app_metadata as never) : null}, raw_app_meta_data),
        updated_at = now()
      where id::text = ${c.req.param("id")} and deleted_at is null returning *`;
    return user ? c.json(userJson(user)) : fail(c, 404, "user_not_found", "User not found");
  });

  admin.delete("/users/:id", async (c) => {
    const [user] = await sql<UserRow[]>`delete from auth.users where id::text = ${c.req.param("id")} returning *`;
    return user ? c.json(userJson(user)) : fail(c, 404, "user_not_found", "User not found");
  });

  app.route("/admin", admin);
  app.get("/health", (c) => c.json({ name: "GoTrue (Pulseboard local subset)", description: "local" }));
  app.get("/settings", (c) => c.json({ external: { email: true }, disable_signup: true, mailer_autoconfirm: true }));
  return app;
}
