// Sign-ins against everyone else: a cheap API call (list_customers, 10 rows
// of an empty client) timed one at a time, first on a quiet gateway (the
// floor), then while N callers sign in back to back with the right password.
// bcrypt (cost 10) runs in the gateway's password worker; before, it ran on
// the event loop and every tenant's call waited behind it.
// Self-contained: starts its own isolated stack (no demo data), measures, stops.
//
//   node bench/auth/run.mjs [--signins 40] [--seconds 10]
import { createHash, randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import http from "node:http";
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { startIsolatedStack } from "../../local/isolated-stack.mjs";

const root = resolve(import.meta.dirname, "../..");
const { values: args } = parseArgs({
  options: { signins: { type: "string", default: "40" }, seconds: { type: "string", default: "10" } },
});
const SIGNINS = Number(args.signins);
const SECONDS = Number(args.seconds);

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
function request(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((ok, fail) => {
    const req = http.request(url, { method, agent, headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) } }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => ok({ status: res.statusCode, text }));
    });
    req.on("error", fail);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** A client with an API key (for the cheap call) and SIGNINS users who sign in. */
async function seed(sql, info) {
  const [agency] = await sql`insert into public.agencies (name) values ('Bench Agency') returning id`;
  const [client] = await sql`insert into public.clients (agency_id, name) values (${agency.id}, 'Bench Client') returning id`;
  const apiKey = `pb_${randomBytes(20).toString("hex")}`;
  await sql`insert into public.api_keys (client_id, key_hash, prefix, label, rate_limit_per_minute)
            values (${client.id}, ${createHash("sha256").update(apiKey).digest("hex")}, ${apiKey.slice(0, 10)}, 'Bench', 1000000)`;
  const users = [];
  for (let i = 0; i < SIGNINS; i++) {
    const user = { email: `bench-${i}@auth.bench`, password: `pw-${randomBytes(8).toString("hex")}` };
    const res = await request(`${info.url}/auth/v1/admin/users`, {
      method: "POST", headers: { apikey: info.serviceRoleKey, authorization: `Bearer ${info.serviceRoleKey}` },
      body: { ...user, email_confirm: true },
    });
    if (res.status !== 200) throw new Error(`create user: ${res.status} ${res.text}`);
    users.push(user);
  }
  return { apiKey, users };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function summarize(ms) {
  const s = Float64Array.from(ms).sort();
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s.at(-1) };
}

/** `call` back to back until `end`, one at a time; its latencies. */
async function loop(call, end) {
  const ms = [];
  while (performance.now() < end) {
    const t = performance.now();
    const ok = await call();
    if (!ok) throw new Error("a call failed");
    ms.push(performance.now() - t);
  }
  return ms;
}

function machine(pg) {
  const deno = execFileSync(join(root, "node_modules/.bin/deno"), ["--version"]).toString().split("\n")[0];
  return `${os.cpus()[0].model} × ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}; ` +
    `node ${process.version}, ${deno}, Postgres ${pg}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")}`;
}

const fmt = (n) => n.toFixed(1);

async function main() {
  console.error("starting an isolated stack…");
  const { info, stop } = await startIsolatedStack({ demo: false, prefix: "pulseboard-bench-" });
  const sql = postgres(info.dbUrl, { max: 2, onnotice: () => {} });
  try {
    const { apiKey, users } = await seed(sql, info);
    const [{ server_version: pg }] = await sql`show server_version`;
    const api = async () => (await request(`${info.url}/functions/v1/api-inbound?action=list_customers&limit=10`, { headers: { "x-api-key": apiKey } })).status === 200;
    const signIn = (user) => async () => (await request(`${info.url}/auth/v1/token?grant_type=password`, {
      method: "POST", headers: { apikey: info.anonKey }, body: user,
    })).status === 200;

    await loop(api, performance.now() + 2000); // warm-up
    const floor = summarize(await loop(api, performance.now() + SECONDS * 1000));

    const end = performance.now() + SECONDS * 1000;
    const [apiUnderLoad, ...signIns] = await Promise.all([loop(api, end), ...users.map((u) => loop(signIn(u), end))]);
    const busy = summarize(apiUnderLoad);
    const signInMs = summarize(signIns.flat());

    console.log([
      `machine: ${machine(pg)}`,
      `API call: GET api-inbound?action=list_customers&limit=10, one at a time, ${SECONDS} s per row; sign-ins: ${SIGNINS} callers back to back (bcrypt cost 10)`,
      "",
      "| API call | calls | p50 ms | p95 ms | max ms |",
      "|---|---:|---:|---:|---:|",
      `| floor (no sign-ins) | ${floor.n} | ${fmt(floor.p50)} | ${fmt(floor.p95)} | ${fmt(floor.max)} |`,
      `| during ${SIGNINS} concurrent sign-ins | ${busy.n} | ${fmt(busy.p50)} | ${fmt(busy.p95)} | ${fmt(busy.max)} |`,
      "",
      `sign-ins: ${signInMs.n} in ${SECONDS} s (${fmt(signInMs.n / SECONDS)}/s), p50 ${fmt(signInMs.p50)} ms, max ${fmt(signInMs.max)} ms`,
      `API p50 during sign-ins ÷ floor: ×${fmt(busy.p50 / floor.p50)}`,
    ].join("\n"));
  } finally {
    await sql.end({ timeout: 2 });
    await stop();
  }
}

await main();
