// REST hooks: subscribe puts a customer's changes into the notification
// outbox (delivery is the notifications function's job), unsubscribe stops it.
// The targets are local receivers that are down (503), so what was queued
// stays pending for the tests to read.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeSuperuser, makeClient, post, superuser } from "./api.ts";
import { type HookReceiver, startHookReceiver } from "./hook-receiver.ts";

describe("REST hook subscriptions", () => {
  let client: Awaited<ReturnType<typeof makeClient>>;
  let customerId: string;
  let zap: HookReceiver;
  let status: HookReceiver;
  const outbox = async (subscriptionId: string) =>
    await superuser()`select event, target_url, payload, status from public.notification_outbox where subscription_id = ${subscriptionId} order by id`;

  beforeAll(async () => {
    client = await makeClient();
    zap = await startHookReceiver({ status: 503 });
    status = await startHookReceiver({ status: 503 });
    customerId = (await post(client.auth, { action: "upsert_account", data: { name: "Hooked Co", logins: 30, adoption: 90, tickets: 0 } })).body.customer.id;
  });
  afterAll(async () => {
    await zap.close();
    await status.close();
    await closeSuperuser();
  });

  let updated: string;
  let statusChanged: string;

  test("subscribe answers the subscription with its id, event and target URL", async () => {
    const res = await post(client.auth, { action: "subscribe", data: { target_url: zap.url, event: "customer.updated" } });
    expect(res.status).toBe(200);
    expect(res.body.subscription).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), event: "customer.updated", target_url: zap.url });
    updated = res.body.subscription.id;
    statusChanged = (await post(client.auth, { action: "subscribe", data: { target_url: status.url, event: "customer.status_changed" } })).body.subscription.id;
    const [row] = await superuser()`select client_id, api_key_id from public.webhook_subscriptions where id = ${updated}`;
    expect(row, "the subscription belongs to the key's client and key").toEqual({ client_id: client.id, api_key_id: client.keyId });
  });

  test("a customer change after subscribing puts one pending delivery with the new state in the outbox", async () => {
    await post(client.auth, { action: "update_health", data: { name: "Hooked Co", field: "logins", value: 25 } });
    const rows = await outbox(updated);
    expect(rows, "one delivery for one API write, though it updated signals and score").toHaveLength(1);
    expect(rows[0]).toMatchObject({ event: "customer.updated", target_url: zap.url, status: "pending" });
    expect(rows[0].payload.customer).toMatchObject({ id: customerId, name: "Hooked Co", logins: 25 });
    expect(await outbox(statusChanged), "the score stayed in its band, so no status_changed delivery").toHaveLength(0);
  });

  test("a change of status band also queues the status_changed delivery", async () => {
    const res = await post(client.auth, { action: "upsert_account", data: { name: "Hooked Co", logins: 0, adoption: 0, tickets: 9 } });
    expect(res.body.customer.status).toBe("critical");
    const rows = await outbox(statusChanged);
    expect(rows).toHaveLength(1);
    expect(rows[0].payload.customer).toMatchObject({ id: customerId, status: "critical" });
  });

  test("after unsubscribe, changes queue nothing more for that subscription", async () => {
    const res = await post(client.auth, { action: "unsubscribe", data: { id: updated } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ unsubscribed: true, id: updated });
    const [{ n }] = await superuser()`select count(*)::int as n from public.notification_outbox where client_id = ${client.id}`;
    await post(client.auth, { action: "update_health", data: { name: "Hooked Co", field: "manager", value: "Sam" } });
    const [{ n: after }] = await superuser()`select count(*)::int as n from public.notification_outbox where client_id = ${client.id}`;
    expect(after, "no new delivery").toBe(n);
  });

  test("a second unsubscribe of the same id answers 200 with unsubscribed: false (Zapier retries it)", async () => {
    const res = await post(client.auth, { action: "unsubscribe", data: { id: updated } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ unsubscribed: false, id: updated });
  });

  test("another client's key cannot unsubscribe this client's hook", async () => {
    const other = await makeClient();
    const res = await post(other.auth, { action: "unsubscribe", data: { id: statusChanged } });
    expect(res.body, "for the other client there is nothing to remove").toEqual({ unsubscribed: false, id: statusChanged });
    const [{ n }] = await superuser()`select count(*)::int as n from public.webhook_subscriptions where id = ${statusChanged}`;
    expect(n, "the subscription is still there").toBe(1);
  });
});
