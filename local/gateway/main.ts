// The local gateway on the Supabase API port: /functions/v1, /auth/v1, the
// pg_net worker, and the dashboard at /. Started by local/stack.ts.
import { Hono } from "hono";
import postgres from "postgres";
import { authRoutes } from "./auth.ts";
import { functionsRouter } from "./functions.ts";
import { startNetWorker } from "./net-worker.ts";
import { startPasswords } from "./passwords.ts";
import { staticSite } from "./static.ts";

export type GatewayOptions = {
  port: number; dbUrl: string; jwtSecret: string; url: string; anonKey: string;
  root: string; webDir: string; jwtExpiry?: number;
};

export async function startGateway(o: GatewayOptions) {
  const sql = postgres(o.dbUrl, { max: 5, onnotice: () => {} });
  const functions = await functionsRouter(`${o.root}/supabase/functions`, `${o.root}/supabase/config.toml`, o.jwtSecret);
  const site = staticSite(o.webDir);
  const passwords = startPasswords();
  const app = new Hono();

  app.route("/auth/v1", authRoutes({ sql, jwtSecret: o.jwtSecret, url: o.url, jwtExpiry: o.jwtExpiry ?? 3600, passwords }));
  app.all("/functions/v1/:name{[\\w-]+}/*", (c) => {
    const name = c.req.param("name");
    const rest = c.req.path.slice(`/functions/v1/${name}`.length);
    return functions(c.req.raw, name, rest);
  });
  app.all("/functions/v1/:name{[\\w-]+}", (c) => functions(c.req.raw, c.req.param("name"), ""));
  // The dashboard's runtime configuration (a static host serves a file).
  app.get("/config.json", (c) => site.secure(c.json({ url: o.url, anonKey: o.anonKey })));
  app.get("*", (c) => site.serve(c.req.path));

  const stopWorker = startNetWorker(sql);
  const server = Deno.serve({ port: o.port, hostname: "127.0.0.1", onListen: () => {} }, app.fetch);
  return async () => {
    await stopWorker();
    await server.shutdown();
    passwords.stop();
    await sql.end({ timeout: 2 });
  };
}
