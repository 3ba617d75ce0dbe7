// Serves /functions/v1/<name> from the very modules under supabase/functions/,
// as Supabase's edge runtime does: the function sees a URL that starts with
// its own name, and verify_jwt from supabase/config.toml is honoured.
import { jwtVerify } from "jose";

type Handler = (req: Request) => Response | Promise<Response>;

/** `[functions.<name>] verify_jwt = false` entries of config.toml. */
export async function functionsWithoutJwtCheck(configPath: string): Promise<Set<string>> {
  const text = await Deno.readTextFile(configPath);
  const names = new Set<string>();
  for (const block of text.split(/^\[/m)) {
    const name = block.match(/^functions\.([\w-]+)\]/)?.[1];
    if (name && /^\s*verify_jwt\s*=\s*false/m.test(block)) names.add(name);
  }
  return names;
}

export async function functionsRouter(functionsDir: string, configPath: string, jwtSecret: string) {
  const noJwt = await functionsWithoutJwtCheck(configPath);
  const handlers = new Map<string, Handler>();
  for await (const entry of Deno.readDir(functionsDir)) {
    if (!entry.isDirectory || entry.name.startsWith("_")) continue;
    const mod = await import(new URL(`file://${functionsDir}/${entry.name}/index.ts`).href);
    if (typeof mod.handler !== "function") throw new Error(`${entry.name}/index.ts must export handler`);
    handlers.set(entry.name, mod.handler);
  }
  const secret = new TextEncoder().encode(jwtSecret);

  return async (req: Request, name: string, rest: string): Promise<Response> => {
    const handler = handlers.get(name);
    if (!handler) return Response.json({ code: "NOT_FOUND", message: "Requested function was not found" }, { status: 404 });
    if (!noJwt.has(name) && req.method !== "OPTIONS") {
      const token = req.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
      const valid = token && await jwtVerify(token, secret).then(() => true, () => false);
      if (!valid) return Response.json({ code: 401, message: "Invalid JWT" }, { status: 401 });
    }
    const incoming = new URL(req.url);
    const url = new URL(`/${name}${rest}${incoming.search}`, incoming.origin);
    return await handler(new Request(url, req));
  };
}
