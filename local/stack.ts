// The Docker-free local Supabase stack: a private Postgres 15 + pg_cron
// cluster, the compatibility bootstrap, migrations through the Supabase CLI,
// demo data on first start, and the gateway. Runs in the foreground; Ctrl-C
// (or SIGTERM) stops the gateway and the cluster.
//
//   deno run -A local/stack.ts up [--data DIR] [--port N] [--db-port N] [--no-demo] [--quiet]
//   deno run -A local/stack.ts down [--data DIR]
//   deno run -A local/stack.ts demo [--data DIR]        (re)seed demo data into a running cluster
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import postgres from "postgres";
import { makeAnonKey, makeServiceRoleKey } from "./gateway/tokens.ts";
import { startGateway } from "./gateway/main.ts";
import { seedDemo } from "./demo.ts";
import { startMailCatcher } from "../tests/stack/mail-catcher.ts";

const root = resolve(new URL(".", import.meta.url).pathname, "..");
const { positionals, values } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    data: { type: "string", default: Deno.env.get("PULSEBOARD_DATA_DIR") ?? `${root}/.local` },
    port: { type: "string", default: Deno.env.get("PULSEBOARD_PORT") ?? "54321" },
    "db-port": { type: "string", default: Deno.env.get("PULSEBOARD_DB_PORT") ?? "54322" },
    "mail-port": { type: "string", default: Deno.env.get("PULSEBOARD_MAIL_PORT") ?? "54324" },
    "no-demo": { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
  },
});
const dataDir = resolve(values.data!);
const port = Number(values.port);
const dbPort = Number(values["db-port"]);
const url = `http://127.0.0.1:${port}`;

async function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, { args, cwd: root, env, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${text}`);
  }
}

type Secrets = { jwtSecret: string; cronSecret: string; anonKey: string; serviceRoleKey: string };

/** Generated once per data folder, so keys survive restarts. */
async function secrets(): Promise<Secrets> {
  const path = `${dataDir}/secrets.json`;
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch {
    const random = () => Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
    const jwtSecret = random();
    const s = { jwtSecret, cronSecret: random(), anonKey: await makeAnonKey(jwtSecret), serviceRoleKey: await makeServiceRoleKey(jwtSecret) };
    await Deno.writeTextFile(path, JSON.stringify(s, null, 2), { mode: 0o600 });
    return s;
  }
}

async function dbUrl() {
  const password = (await Deno.readTextFile(`${dataDir}/db-password`)).trim();
  return `postgresql://postgres:${password}@127.0.0.1:${dbPort}/postgres`;
}

async function prepareDatabase(s: Secrets) {
  await run("bash", [`${root}/local/pg.sh`, "up", dataDir, String(dbPort)]);
  const db = await dbUrl();
  const sql = postgres(db, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(await Deno.readTextFile(`${root}/local/bootstrap.sql`));
    // Migrations through the real Supabase CLI, so the history table is the
    // one `supabase db push` keeps on a hosted project.
    await run(`${root}/node_modules/.bin/supabase`, ["migration", "up", "--yes", "--remote", `${db}?sslmode=disable`], {
      DO_NOT_TRACK: "1", SUPABASE_TELEMETRY_DISABLED: "1",
    });
    // What scheduled SQL needs to call the functions (see the scheduling migration).
    for (const [name, value] of [["project_url", url], ["cron_secret", s.cronSecret]]) {
      await sql`delete from vault.secrets where name = ${name}`;
      await sql`select vault.create_secret(${value}, ${name})`;
    }
  } finally {
    await sql.end();
  }
  return db;
}

async function up() {
  await run("bash", [`${root}/local/install-system.sh`]);
  await Deno.mkdir(dataDir, { recursive: true });
  const s = await secrets();
  const db = await prepareDatabase(s);

  let demo: unknown = null;
  const demoPath = `${dataDir}/demo.json`;
  if (!values["no-demo"]) {
    const existing = await Deno.readTextFile(demoPath).catch(() => null);
    demo = existing ? JSON.parse(existing) : await seedDemo({ dbUrl: db, url, anonKey: s.anonKey, path: demoPath });
  }

  // The functions read these, exactly the secrets a hosted project would set.
  // Hooks and channels may reach loopback only, so receivers on this machine
  // work and the rest of the private network stays refused (outbound.ts).
  const fnEnv = { DB_URL: db, JWT_SECRET: s.jwtSecret, CRON_SECRET: s.cronSecret, SUPABASE_URL: url,
    SUPABASE_ANON_KEY: s.anonKey, SUPABASE_SERVICE_ROLE_KEY: s.serviceRoleKey,
    ALLOW_PRIVATE_TARGETS: Deno.env.get("ALLOW_PRIVATE_TARGETS") ?? "127.0.0.0/8,::1" };
  for (const [k, v] of Object.entries(fnEnv)) Deno.env.set(k, v);
  const mailUrl = await startLocalMail();
  const stop = await startGateway({ port, dbUrl: db, jwtSecret: s.jwtSecret, url, anonKey: s.anonKey, root, webDir: `${root}/web/build` });

  const info = { url, anonKey: s.anonKey, serviceRoleKey: s.serviceRoleKey, dbUrl: db, dataDir };
  await Deno.writeTextFile(`${dataDir}/stack.json`, JSON.stringify(info, null, 2));
  await Deno.writeTextFile(`${dataDir}/stack.pid`, String(Deno.pid));
  if (!values.quiet) printBanner(info, demo as Demo | null, mailUrl);
  console.log(`READY ${JSON.stringify(info)}`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await stop().catch(() => {});
    await run("bash", [`${root}/local/pg.sh`, "down", dataDir]).catch((e) => console.error(e));
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", shutdown);
  Deno.addSignalListener("SIGTERM", shutdown);
}

type Demo = { users: { email: string; password: string; role: string }[]; clients: { name: string; apiKey: string }[] };

/**
 * The e-mail the functions send (alerts, digests, invitations) goes to a
 * local mail catcher with a page listing it, as Supabase's local stack has
 * (tests/stack/mail-catcher.ts) — unless EMAIL_API_URL names a real API, or
 * the stack is a test's (--quiet), whose tests bring their own.
 */
async function startLocalMail(): Promise<string | null> {
  if (Deno.env.get("EMAIL_API_URL") || values.quiet) return null;
  try {
    const { url: mailUrl } = await startMailCatcher(Number(values["mail-port"]));
    Deno.env.set("EMAIL_API_URL", mailUrl);
    return mailUrl;
  } catch (error) {
    console.error(`mail catcher not started on port ${values["mail-port"]}: ${(error as Error).message}; e-mail goes to the log`);
    return null;
  }
}

function printBanner(info: { url: string; anonKey: string; dbUrl: string }, demo: Demo | null, mailUrl: string | null = null) {
  const lines = [
    "", "Pulseboard is running.", "",
    `  Dashboard      ${info.url}/`,
    `  API            ${info.url}/functions/v1/api-inbound   (header x-api-key)`,
    `  Auth           ${info.url}/auth/v1`,
    `  Database       ${info.dbUrl}`,
    `  Anon key       ${info.anonKey}`,
    `  Mail           ${mailUrl ? `${mailUrl}/   (e-mail the stack sent: alerts, digests, invitations)` : "in the log (EMAIL_API_URL)"}`,
  ];
  if (demo) {
    lines.push("", "  Sign in as:");
    for (const u of demo.users) lines.push(`    ${u.role.padEnd(8)} ${u.email}  /  ${u.password}`);
    lines.push("", "  Demo API keys:");
    for (const c of demo.clients) lines.push(`    ${c.name.padEnd(22)} ${c.apiKey}`);
    lines.push("", `  (also in ${dataDir}/demo.json)`);
  }
  lines.push("", "Ctrl-C stops everything; data stays in the data folder. `npm run reset` wipes it.", "");
  console.log(lines.join("\n"));
}

async function down() {
  await run("bash", [`${root}/local/pg.sh`, "down", dataDir]);
}

async function demoCommand() {
  const s = await secrets();
  await run("bash", [`${root}/local/pg.sh`, "up", dataDir, String(dbPort)]);
  const demo = await seedDemo({ dbUrl: await dbUrl(), url, anonKey: s.anonKey, path: `${dataDir}/demo.json`, replace: true });
  printBanner({ url, anonKey: s.anonKey, dbUrl: await dbUrl() }, demo as Demo);
}

const command = positionals[0] ?? "up";
if (command === "up") await up();
else if (command === "down") await down();
else if (command === "demo") await demoCommand();
else {
  console.error(`unknown command ${command}: use up, down or demo`);
  Deno.exit(2);
}
