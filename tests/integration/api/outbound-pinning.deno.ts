// Runs the functions' outbound module (supabase/functions/_shared/outbound.ts)
// in Deno, the runtime the functions deploy to, against HTTP servers of its
// own on 127.0.0.1, and prints what each case did as JSON. DNS is the one
// part played here: a resolver that knows names no real DNS does, and one
// that answers differently after its first answer (DNS rebinding).
import { parseAllowList } from "../../../supabase/functions/_shared/ip-ranges.ts";
import { type Resolver, safeFetch } from "../../../supabase/functions/_shared/outbound.ts";

const hits: { path: string; host: string | null }[] = [];
const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, (req) => {
  const url = new URL(req.url);
  hits.push({ path: url.pathname, host: req.headers.get("host") });
  if (url.pathname === "/redirect") return new Response(null, { status: 302, headers: { location: "/stolen" } });
  return new Response("ok", { status: 200 });
});
const port = server.addr.port;
const allow = parseAllowList("127.0.0.0/8");

async function outcome(run: () => Promise<unknown>) {
  try {
    return { value: await run() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

let answers = 0;
const rebinding: Resolver = async (_host, type) => (type === "AAAA" ? [] : answers++ === 0 ? ["127.0.0.1"] : ["10.0.0.1"]);
const knowsOnlyUs: Resolver = async (host, type) => (host === "pinned.example.test" && type === "A" ? ["127.0.0.1"] : []);

const cases: Record<string, unknown> = {};
cases.pinned = await outcome(async () => (await safeFetch(`http://pinned.example.test:${port}/pinned`, { body: "{}" }, { allow, resolve: knowsOnlyUs })).status);
cases.pinnedHit = hits.find((h) => h.path === "/pinned") ?? null;
cases.rebinding = await outcome(async () => (await safeFetch(`http://rebind.example.test:${port}/rebind`, { body: "{}" }, { allow, resolve: rebinding })).status);
cases.rebindingAnswers = answers;
cases.redirect = await outcome(async () => (await safeFetch(`http://127.0.0.1:${port}/redirect`, { body: "{}" }, { allow })).status);
cases.refused = await outcome(() => safeFetch(`http://10.0.0.1:${port}/refused`, { body: "{}" }, { allow }));
cases.paths = hits.map((h) => h.path);
await server.shutdown();
console.log(JSON.stringify(cases));
