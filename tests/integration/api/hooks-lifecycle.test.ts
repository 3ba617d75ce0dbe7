// A REST hook lives only while what it was made with does: its API key, its
// client. Revoking the key ends its subscriptions; archiving the client stops
// them while it is archived. The database does both, so nothing is queued for
// them and nothing already queued is sent, whichever code path changes the
// customer afterwards. Each world is
// a fresh agency whose owner revokes and archives through api-inbound, and a
// real receiver shows what was delivered.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { waitFor } from "../../stack/wait-for.ts";
import { cronSecret, makeWorld, type World } from "../scoring/world.ts";
import { type HookReceiver, startHookReceiver } from "./hook-receiver.ts";

type Setup = { w: World; receiver: HookReceiver; subscriptionId: string; customerId: string; keyId: string; endedAt: Date };

const asOwner = (w: World, action: string, data: Record<string, unknown>) =>
  w.post("api-inbound", { action, data }, { authorization: `Bearer ${w.ownerToken}` });

const drain = async (w: World) => w.post("notifications", { action: "drain" }, { "x-cron-secret": await cronSecret(w.sql) });

/**
 * A client with a subscribed receiver and one delivery queued for a retry
 * (the receiver was down for its first attempt), then `end` — the revocation
 * or archive under test — then that retry falls due, and the customer changes
 * again through `change`.
 */
async function subscribeThenEnd(label: string, end: (s: Omit<Setup, "endedAt">) => Promise<void>, change: (s: Setup) => Promise<void>) {
  const w = await makeWorld(label);
  const receiver = await startHookReceiver({ status: 503 });
  const created = await w.api("upsert_account", { name: "Lifecycle Co", logins: 10 });
  const customerId = created.body.customer.id as string;
  const [{ id: keyId }] = await w.sql`select id from public.api_keys where client_id = ${w.clientId}`;
  const sub = await w.api("subscribe", { target_url: receiver.url, event: "customer.updated" });
  if (sub.status !== 200) throw new Error(`subscribe failed: ${JSON.stringify(sub.body)}`);
  const subscriptionId = sub.body.subscription.id as string;

  await w.api("update_health", { id: customerId, field: "logins", value: 11 });
  await drain(w);
  const failed = await waitFor(async () => (await w.sql`select 1 from public.notification_outbox
    where subscription_id = ${subscriptionId} and last_status = 503`)[0], 15_000);
  if (!failed) throw new Error("the first attempt never reached the receiver");
  receiver.answer({ status: 200 });

  await end({ w, receiver, subscriptionId, customerId, keyId });
  const [{ now: endedAt }] = await w.sql`select now()`;
  // The retry is due now, as it would be once its backoff ran out.
  await w.sql`update public.notification_outbox set next_attempt_at = now() where subscription_id = ${subscriptionId}`;
  const s = { w, receiver, subscriptionId, customerId, keyId, endedAt };
  await change(s);
  const drained = await drain(w);
  if (drained.status !== 200) throw new Error(`drain failed: ${JSON.stringify(drained.body)}`);
  await new Promise((r) => setTimeout(r, 1_000));
  return s;
}

async function expectEnded(s: Setup) {
  expect(s.receiver.received, "only the first attempt, from before the end, reached the receiver").toHaveLength(1);
  const rows = await s.w.sql`select status, created_at from public.notification_outbox where subscription_id = ${s.subscriptionId}`;
  expect(rows.filter((r) => r.created_at >= s.endedAt), "nothing was queued for the ended subscription").toEqual([]);
  expect(rows.filter((r) => r.status !== "failed"), "the delivery queued before is not pending or sent").toEqual([]);
}

describe("a hook ends with its API key", () => {
  let s: Setup;
  beforeAll(async () => {
    s = await subscribeThenEnd("hook-revoked", async ({ w, keyId }) => {
      const res = await asOwner(w, "revoke_api_key", { id: keyId });
      if (res.status !== 200) throw new Error(`revoke_api_key failed: ${JSON.stringify(res.body)}`);
    }, async ({ w, customerId }) => {
      // The key is refused now; the owner changes the customer in the dashboard.
      const res = await asOwner(w, "update_health", { client_id: w.clientId, id: customerId, field: "logins", value: 12 });
      if (res.status !== 200) throw new Error(`update_health failed: ${JSON.stringify(res.body)}`);
    });
  });
  afterAll(async () => {
    await s?.receiver.close();
    await s?.w.end();
  });

  test("after revoke_api_key the receiver gets nothing more: neither the queued retry nor the next change", async () => {
    await expectEnded(s);
  });

  test("the subscription is recorded as ended by the revocation", async () => {
    const [row] = await s.w.sql`select ended_at, ended_reason from public.webhook_subscriptions where id = ${s.subscriptionId}`;
    expect(row.ended_at, "ended").not.toBeNull();
    expect(row.ended_reason).toMatch(/revoked/);
  });
});

describe("a hook stops while its client is archived", () => {
  let s: Setup;
  beforeAll(async () => {
    s = await subscribeThenEnd("hook-archived", async ({ w }) => {
      const res = await asOwner(w, "archive_client", { client_id: w.clientId });
      if (res.status !== 200) throw new Error(`archive_client failed: ${JSON.stringify(res.body)}`);
    }, async ({ w, customerId }) => {
      // Nobody may open an archived client; only code running as the
      // database owner (a job, a migration) could still change its customers.
      await w.sql`update public.customers set manager = 'After archive' where id = ${customerId}`;
    });
  });
  afterAll(async () => {
    await s?.receiver.close();
    await s?.w.end();
  });

  test("after archive_client the receiver gets nothing more: neither the queued retry nor the next change", async () => {
    await expectEnded(s);
  });

  test("restoring the client resumes its hooks for new changes, but what was cancelled stays unsent", async () => {
    expect((await asOwner(s.w, "restore_client", { client_id: s.w.clientId })).status).toBe(200);
    await s.w.sql`update public.customers set manager = 'After restore' where id = ${s.customerId}`;
    await drain(s.w);
    const next = await waitFor(async () => s.receiver.received[1], 10_000);
    expect(JSON.parse(next?.body ?? "{}").customer?.manager, "the change after the restore is delivered").toBe("After restore");
    await new Promise((r) => setTimeout(r, 500));
    expect(s.receiver.received, "and nothing else: not the delivery cancelled by the archive").toHaveLength(2);
  });
});
