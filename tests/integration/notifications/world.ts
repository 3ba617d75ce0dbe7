// What the notification tests share: a fresh client (scoring's world: an
// agency, its owner, an API key), its alert rules saved through the API,
// the drain called as pg_cron calls it, a simulated clock for retries (what
// is waiting for its backoff becomes due now), and the mail catcher's view.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stack } from "../../stack/context.ts";
import { waitFor } from "../../stack/wait-for.ts";
import { cronSecret, makeWorld, type World } from "../scoring/world.ts";

export { makeWorld, type World, waitFor };

export async function saveRule(w: World, rule: Record<string, unknown>) {
  const res = await w.api("save_alert_rule", rule);
  if (res.status !== 201 && res.status !== 200) throw new Error(`save_alert_rule: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.rule as { id: string; name: string };
}

/** The drain as pg_cron calls it (or, with wake, as a write's ring after commit does). */
export async function drain(w: World, input: { wake?: boolean } = {}) {
  const res = await w.post("notifications", { action: "drain", ...input }, { "x-cron-secret": await cronSecret(w.sql) });
  if (res.status !== 200) throw new Error(`drain: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { sent: number; failed: number };
}

/** One drain in a process of its own (drain-once.deno.ts), after freeing the lane named, if any; `exited` when it ends. */
export function drainProcess(lane = ""): { child: ChildProcess; exited: Promise<unknown> } {
  const { root, dbUrl, dataDir, url } = stack();
  const { jwtSecret } = JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8"));
  const child = spawn(join(root, "node_modules/.bin/deno"), ["run", "-A", "tests/integration/notifications/drain-once.deno.ts", lane], {
    cwd: root, stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DB_URL: dbUrl, JWT_SECRET: jwtSecret, ALLOW_PRIVATE_TARGETS: "127.0.0.0/8,::1", SUPABASE_URL: url },
  });
  return { child, exited: new Promise((ok) => child.once("exit", ok)) };
}

/** The simulated clock: every delivery of the rule waiting for a retry is due now, and its lane's pace has passed. */
export async function skipBackoff(w: World, ruleId: string) {
  await w.sql`update public.notification_outbox set next_attempt_at = now() where rule_id = ${ruleId} and status = 'pending'`;
  await w.sql`update private.notification_lanes l set next_at = now()
              from public.notification_outbox o where o.rule_id = ${ruleId} and o.lane = l.lane`;
}

/** Waits until no delivery of the rule is in flight (every send so far recorded), so the clock can move on. */
export async function settled(w: World, ruleId: string) {
  await waitFor(async () => {
    const [{ n }] = await w.sql`select count(*)::int as n from public.notification_outbox
                                where rule_id = ${ruleId} and status = 'pending' and leased_until > now()`;
    return n === 0 ? true : undefined;
  }, 15_000);
}

export async function outboxOf(w: World, ruleId: string) {
  return w.sql`select id, kind, status, attempts, notification_id::text, last_status, last_error, payload, merged_into
               from public.notification_outbox where rule_id = ${ruleId} order by id`;
}

/** A customer that is healthy, promoter, recently contacted and far from renewal: no rule fires for it. */
export const healthy = { logins: 30, adoption: 90, tickets: 0, nps: 9, days: 1, renewal_date: "2030-01-01", lifecycle: "active" };
/** One write that makes every event of SPEC §6 true at once. */
export function everythingWrong(now = new Date()) {
  const renewal = new Date(now.getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
  return { logins: 0, adoption: 5, tickets: 9, nps: 3, days: 40, renewal_date: renewal, lifecycle: "atrisk" };
}

export type Mail = { id: string; to: string[]; subject: string; text: string; html?: string; idempotency_key: string | null; attachments?: unknown[] };

export async function mailTo(address: string): Promise<Mail[]> {
  return (await fetch(`${stack().mailUrl}/api/messages?to=${encodeURIComponent(address)}`)).json();
}

export const uniqueAddress = (label: string, w: World) => `${label}.${w.suffix}@alerts.test`;
