// The admin user API of the local auth (GoTrue's /admin/users): the
// service-role key only. Supabase's keys carry no aud, so none is asked for.
import { Hono } from "hono";
import type postgres from "postgres";
import { z } from "zod";
import { bearerClaims, email, fail, metadata, password, readBody, userJson, weakPassword, type UserRow } from "./auth-shape.ts";
import type { Passwords } from "./passwords.ts";

const adminUser = z.object({
  email: email.optional(), password: password.optional(), email_confirm: z.boolean().optional(),
  user_metadata: metadata.optional(), app_metadata: metadata.optional(),
});

export function adminRoutes(sql: postgres.Sql, secret: Uint8Array, passwords: Passwords): Hono {
  const admin = new Hono();
  admin.use(async (c, next) => {
    const claims = await bearerClaims(c, secret, {});
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
    const body = await readBody(c, adminUser);
    if (body instanceof Response) return body;
    const email = body.email?.trim().toLowerCase() ?? "";
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return fail(c, 400, "validation_failed", "Unable to validate email address: invalid format");
    if (body.password !== undefined && body.password.length < 6) return weakPassword(c);
    const [exists] = await sql`select 1 from auth.users where lower(email) = ${email}`;
    if (exists) return fail(c, 422, "email_exists", "A user with this email address has already been registered");
    const hash = body.password === undefined ? null : await passwords.hash(body.password);
    const [user] = await sql<UserRow[]>`
      insert into auth.users (email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
      values (${email}, ${hash}, ${body.email_confirm ? new Date() : null},
              ${sql.json((body.app_metadata ?? {}) as never)}, ${sql.json((body.user_metadata ?? {}) as never)})
      returning *`;
    return c.json(userJson(user));
  });

  admin.get("/users/:id", async (c) => {
    const [user] = await sql<UserRow[]>`select * from auth.users where id::text = ${c.req.param("id")} and deleted_at is null`;
    return user ? c.json(userJson(user)) : fail(c, 404, "user_not_found", "User not found");
  });

  admin.put("/users/:id", async (c) => {
    const body = await readBody(c, adminUser);
    if (body instanceof Response) return body;
    const hash = body.password === undefined ? null : await passwords.hash(body.password);
    const [user] = await sql<UserRow[]>`
      update auth.users set
        email = coalesce(${body.email ?? null}, email),
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

  return admin;
}
