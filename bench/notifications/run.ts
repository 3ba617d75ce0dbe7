// Alert notifications end to end: customer writes through the API, each
// firing one rule per channel (Slack, Teams, webhook) of its client, to
// local receivers that speak each protocol — once healthy, once failing a
// share of calls at random (503). Prints, per run: every notification
// delivered or not, duplicates (a customer's event delivered twice on one
// channel), throughput, and the delay from the write's request to the
// receiver's copy (p50/p95), beside the floor (p95 ≤ 2 s when healthy).
// Self-contained: starts its own isolated stack, seeds it, measures, stops.
// BENCH_TRACE=1 writes each delay with its write time to /tmp/bench-trace-<run>.json.
//
//   node_modules/.bin/deno run -A bench/notifications/run.ts [--writes 3334] [--clients 10] [--rate 40] [--fail 0.2]
//     [--wait-seconds 600] [--retry-wait-seconds 900]
import { createHash, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { startIsolatedStack } from "../../local/isolated-stack.mjs";
import { type Protocol, type Receiver, startReceiver } from "../../tests/stack/receivers/receiver.ts";

/** The shared bench helpers (plain JavaScript, without types), typed here for what this bench uses. */
const { fmt, machine }: { fmt: (n: number, digits?: number) => string; machine: (version: string) => unknown } =
  await import(new URL("../load.mjs", import.meta.url).href);

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    writes: { type: "string", default: "3334" },
    clients: { type: "string", default: "10" },
    rate: { type: "string", default: "40" },
    fail: { type: "string", default: "0.2" },
    "wait-seconds": { type: "string", default: "600" },
    "retry-wait-seconds": { type: "string", default: "900" },
    only: { type: "string" },
  },
});
const WRITES = Number(args.writes);
const CLIENTS = Number(args.clients);
const RATE = Number(args.rate);
const FAIL = Number(args.fail);
const HEALTHY_P95_FLOOR_MS = 2000;
const channels: Protocol[] = ["slack", "teams", "webhook"];

type Client = { id: string; apiKey: string; customers: string[] };

const stack = await startIsolatedStack({ demo: false, prefix: "pulseboard-bench-notify-", stderr: () => {} });
const info = stack.info as { url: string; dbUrl: string };
const sql = postgres(info.dbUrl, { max: 4, onnotice: () => {} });

/** Clients, each with one rule per channel to its own receiver URL, and its share of healthy customers. */
async function seedClients(label: string, receivers: Record<Protocol, Receiver>, perClient: number): Promise<Client[]> {
  const [agency] = await sql`insert into public.agencies (name) values (${`Bench notifications ${label}`}) returning id`;
  const clients: Client[] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const [client] = await sql`insert into public.clients (agency_id, name) values (${agency.id}, ${`Bench ${label} ${c}`}) returning id`;
    const apiKey = `pb_${randomBytes(20).toString("hex")}`;
    await sql`insert into public.api_keys (client_id, key_hash, prefix, label, rate_limit_per_minute)
              values (${client.id}, ${createHash("sha256").update(apiKey).digest("hex")}, ${apiKey.slice(0, 10)}, 'Bench', 1000000)`;
    for (const ch of channels) {
      await sql`insert into public.alert_rules (client_id, name, event, channel, target)
                values (${client.id}, ${`At risk to ${ch}`}, 'became_at_risk', ${ch}, ${`${receivers[ch].url}/${label}/${c}`})`;
    }
    const rows = await sql`insert into public.customers (client_id, name, logins, adoption, tickets, nps, days_since_contact, contact_baseline_at, score, status)
      select ${client.id}, 'Customer ' || g, 30, 90, 0, 9, 1, now(), 97, 'expansion' from generate_series(1, ${perClient}) g returning id`;
    clients.push({ id: client.id, apiKey, customers: rows.map((r) => r.id) });
  }
  await sql`vacuum analyze`;
  return clients;
}

/** Customer ids a receiver took (2xx) in one message, read from the links each message carries. */
const customersIn = (body: string) => [...new Set([...body.matchAll(/\/customers\/([0-9a-f-]{36})/g)].map((m) => m[1]))];

async function run(label: string, failShare: number) {
  const receivers = Object.fromEntries(await Promise.all(channels.map(async (ch) => [ch, await startReceiver(ch, "")]))) as Record<Protocol, Receiver>;
  for (const r of Object.values(receivers)) r.behave({ failShare });
  const perClient = Math.ceil(WRITES / CLIENTS);
  const clients = await seedClients(label, receivers, perClient);
  const writes = clients.flatMap((c) => c.customers.map((id) => ({ client: c, id }))).slice(0, WRITES);
  const writtenAt = new Map<string, number>();

  // Open loop: RATE writes a second, each turning a customer At Risk.
  const started = performance.now();
  const pending: Promise<void>[] = [];
  let failedWrites = 0;
  for (let i = 0; i < writes.length; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((ok) => setTimeout(ok, wait));
    const { client, id } = writes[i];
    writtenAt.set(id, Date.now());
    pending.push(fetch(`${info.url}/functions/v1/api-inbound`, {
      method: "POST", headers: { "content-type": "application/json", "x-api-key": client.apiKey },
      body: JSON.stringify({ action: "upsert_account", data: { id, logins: 2, adoption: 10, tickets: 6 } }),
    }).then(async (res) => {
      await res.body?.cancel();
      if (res.status !== 200) failedWrites++;
    }, () => void failedWrites++));
  }
  await Promise.all(pending);
  const writeSeconds = (performance.now() - started) / 1000;

  // Until every notification arrived; retries wait for their backoff and a drain. After the wait, as long
  // as some are still pending (a retry in backoff, to be sent later), up to --retry-wait-seconds more; and
  // as soon as nothing of the run is pending, what has not arrived by then never will (lost).
  const expected = writes.length * channels.length;
  const deliveredOf = () => channels.reduce((n, ch) => n + new Set(receivers[ch].delivered().flatMap((a) => customersIn(a.body))).size, 0);
  const clientIds = clients.map((c) => c.id);
  const pendingOf = async () => (await sql`select count(*)::int as n from public.notification_outbox
                                           where client_id = any (${clientIds}::uuid[]) and status = 'pending'`)[0].n as number;
  const waitEnds = Date.now() + Number(args["wait-seconds"]) * 1000;
  const retryWaitEnds = waitEnds + Number(args["retry-wait-seconds"]) * 1000;
  let deliveredInWait: number | null = null;
  while (deliveredOf() < expected && Date.now() < retryWaitEnds) {
    await new Promise((ok) => setTimeout(ok, 500));
    if (deliveredInWait === null && Date.now() >= waitEnds) deliveredInWait = deliveredOf();
    // Sent is recorded after the receiver took it, so nothing pending means nothing more will come.
    if ((await pendingOf()) === 0) break;
  }
  const doneAt = Date.now();

  const delays: number[] = [];
  const byChannel: Record<string, number> = {};
  const trace: [number, number, string][] = [];
  let duplicates = 0;
  let messages = 0;
  for (const ch of channels) {
    const seen = new Set<string>();
    const mine: number[] = [];
    for (const a of receivers[ch].delivered()) {
      messages++;
      for (const id of customersIn(a.body)) {
        if (seen.has(id)) duplicates++;
        else {
          seen.add(id);
          mine.push(a.at - writtenAt.get(id)!);
          if (process.env.BENCH_TRACE) trace.push([writtenAt.get(id)!, a.at - writtenAt.get(id)!, ch]);
        }
      }
    }
    mine.sort((a, b) => a - b);
    byChannel[ch] = mine[Math.floor(0.95 * (mine.length - 1))];
    delays.push(...mine);
  }
  delays.sort((a, b) => a - b);
  const pct = (p: number) => delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))];
  const calls = channels.reduce((n, ch) => n + receivers[ch].arrivals.length, 0);
  const [{ retries }] = await sql`select count(*)::int as retries from public.notification_attempts where outcome = 'retry'
                                  and client_id = any (${clientIds}::uuid[])`;
  // What was not delivered when the wait ended: still waiting for a retry, or given up.
  const undelivered = await sql`select status, count(*)::int as n, max(attempts)::int as attempts,
      ceil(extract(epoch from max(next_attempt_at) - now()))::int as next_in_s
    from public.notification_outbox where client_id = any (${clientIds}::uuid[]) and status in ('pending', 'failed')
    group by status`;
  for (const r of Object.values(receivers)) await r.close();
  if (trace.length) writeFileSync(`/tmp/bench-trace-${label}.json`, JSON.stringify(trace));
  const firstToLast = (doneAt - writtenAt.get(writes[0].id)!) / 1000;
  return {
    label, failShare, writes: writes.length, failedWrites, writeSeconds, expected, delivered: delays.length, duplicates, messages, calls,
    retries, deliveredInWait, waitedSeconds: (doneAt - started - writeSeconds * 1000) / 1000, throughput: delays.length / firstToLast, p50: pct(50), p95: pct(95), max: delays.at(-1)!, byChannel, undelivered,
  };
}

try {
  const [{ version }] = await sql`select version()`;
  const results = [];
  if (args.only !== "failing") results.push(await run("healthy", 0));
  if (args.only !== "healthy") results.push(await run("failing", FAIL));
  console.log(JSON.stringify({ machine: machine(version.split(" on ")[0]), writes: WRITES, clients: CLIENTS, rate: RATE }, null, 2));
  console.log("\n| run | notifications | delivered | duplicates | messages (receiver calls) | retries | throughput | p50 | p95 (floor) | max |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    const floor = r.failShare === 0 ? ` (≤ ${HEALTHY_P95_FLOOR_MS} ms)` : "";
    console.log(`| ${r.label}${r.failShare ? ` (${r.failShare * 100} % 503)` : ""} | ${r.expected} | ${r.delivered} | ${r.duplicates} | ` +
      `${r.messages} (${r.calls}) | ${r.retries} | ${fmt(r.throughput)} /s | ${fmt(r.p50, 0)} ms | ${fmt(r.p95, 0)} ms${floor} | ${fmt(r.max, 0)} ms |`);
    console.log(`  p95 by channel: ${Object.entries(r.byChannel).map(([ch, ms]) => `${ch} ${fmt(ms, 0)} ms`).join(", ")}`);
    if (r.deliveredInWait !== null) console.log(`  ${r.deliveredInWait} delivered within the ${args["wait-seconds"]} s wait; waited ${fmt(r.waitedSeconds, 0)} s after the writes in all`);
    for (const u of r.undelivered) console.log(`  not delivered when the wait ended: ${u.n} ${u.status} (up to ${u.attempts} attempts, next in ${u.next_in_s} s)`);
    if (r.failedWrites) console.log(`  ${r.failedWrites} writes failed`);
  }
} finally {
  await sql.end();
  await stack.stop();
}
