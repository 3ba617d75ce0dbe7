// Outbound requests are a way into the network the functions run in: a REST
// hook's target_url is chosen by whoever holds an API key. These tests attack
// that door with real local receivers: private and metadata addresses in
// every spelling, credentials in URLs, redirects to another receiver, a
// subscription flood, and a target that hangs while another client waits.
// The test stack allows loopback targets only (ALLOW_PRIVATE_TARGETS, as the
// local stack), so local receivers work and everything else private is refused.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { waitFor } from "../../stack/wait-for.ts";
import { cronSecret } from "../scoring/world.ts";
import { closeSuperuser, makeClient, post, superuser } from "./api.ts";
import { type HookReceiver, startHookReceiver } from "./hook-receiver.ts";

type Client = Awaited<ReturnType<typeof makeClient>>;

const receivers: HookReceiver[] = [];
async function receiver(...args: Parameters<typeof startHookReceiver>) {
  const r = await startHookReceiver(...args);
  receivers.push(r);
  return r;
}

async function drain() {
  const res = await fetch(`${stack().url}/functions/v1/notifications`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-cron-secret": await cronSecret(superuser()) },
    body: JSON.stringify({ action: "drain" }),
  });
  return { status: res.status, body: await res.json() };
}

const subscribe = (c: Client, target_url: string, event = "customer.updated") =>
  post(c.auth, { action: "subscribe", data: { target_url, event } });

const deliveriesOf = (subscriptionId: string) =>
  superuser()`select status, attempts, last_status, last_error from public.notification_outbox
              where subscription_id = ${subscriptionId} order by id`;

/** Waits until every delivery of the subscription has been attempted at least once. */
const attempted = (subscriptionId: string, ms = 15_000) =>
  waitFor(async () => {
    const rows = await deliveriesOf(subscriptionId);
    return rows.length > 0 && rows.every((r) => r.last_error !== null || r.status === "sent") ? rows : undefined;
  }, ms);

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await closeSuperuser();
});

describe("REST hook targets must be public addresses (server-side request forgery)", () => {
  let client: Client;
  beforeAll(async () => {
    client = await makeClient();
  });

  test.each([
    ["the cloud metadata address", "http://169.254.169.254/latest/meta-data/iam/security-credentials/"],
    ["the GCP metadata host name", "http://metadata.google.internal/computeMetadata/v1/"],
    ["a 10.x private address", "http://10.0.0.5:8080/admin"],
    ["a 192.168.x private address", "http://192.168.1.1/"],
    ["a 172.16/12 private address", "http://172.31.255.1/"],
    ["a carrier-grade NAT address", "http://100.64.0.1/"],
    ["the unspecified address 0.0.0.0", "http://0.0.0.0:54322/"],
    ["0.0.0.0 spelt as 0", "http://0/"],
    ["the IPv6 unspecified address", "http://[::]/"],
    ["an IPv4-mapped IPv6 private address", "http://[::ffff:10.0.0.1]/"],
    ["an IPv4-mapped metadata address in hex", "http://[::ffff:a9fe:a9fe]/"],
    ["an IPv6 unique-local address", "http://[fd12:3456::1]/"],
    ["an IPv6 link-local address", "http://[fe80::1]/"],
    ["a multicast address", "http://224.0.0.251/"],
    ["the broadcast address", "http://255.255.255.255/"],
    ["a documentation address", "http://198.51.100.7/"],
    ["a 10.x address spelt as one decimal number", "http://167772165/"],
    ["a link-local address spelt in hex", "http://0xa9fea9fe/"],
  ])("subscribe refuses %s with a 400 naming target_url and saying why", async (_what, url) => {
    const res = await subscribe(client, url);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.field).toBe("target_url");
    expect(res.body.error.message, "the refusal says why").toMatch(/^target_url .*(private|loopback|link-local|unspecified|multicast|broadcast|reserved|documentation|shared|resolve)/);
  });

  test("subscribe refuses a target URL that carries credentials", async () => {
    const res = await subscribe(client, "http://admin:hunter2@127.0.0.1:9/hook");
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toMatchObject({ field: "target_url", message: expect.stringMatching(/credentials/) });
  });

  test("nothing is stored for a refused target", async () => {
    const [{ n }] = await superuser()`select count(*)::int as n from public.webhook_subscriptions where client_id = ${client.id}`;
    expect(n).toBe(0);
  });

  test("a loopback receiver in any spelling is accepted where loopback is allowed, stored as it will be sent", async () => {
    const r = await receiver();
    const port = new URL(r.url).port;
    const res = await subscribe(client, `http://2130706433:${port}/hook`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.subscription.target_url, "the decimal spelling is stored as the address it means").toBe(`http://127.0.0.1:${port}/hook`);
  });

  test("a delivery whose target is no longer public is refused at send time, without connecting or retrying", async () => {
    // A subscription stored before this check existed, or whose host name
    // now resolves elsewhere: the send-time check is what stops it.
    const [sub] = await superuser()`
      insert into public.webhook_subscriptions (client_id, event, target_url, api_key_id)
      values (${client.id}, 'customer.updated', 'http://192.0.2.10/hook', ${client.keyId}) returning id`;
    await post(client.auth, { action: "upsert_account", data: { name: `Stale target ${sub.id.slice(0, 8)}`, logins: 3 } });
    await drain();
    const rows = await attempted(sub.id, 8_000);
    expect(rows, "the delivery was attempted").toBeDefined();
    expect(rows![0]).toMatchObject({ status: "failed", attempts: 1, last_status: null });
    expect(rows![0].last_error, "the outbox says why it was refused").toMatch(/refused.*192\.0\.2\.10.*documentation/);
  });
});

describe("hook deliveries never follow redirects", () => {
  let client: Client;
  let elsewhere: HookReceiver;
  beforeAll(async () => {
    client = await makeClient();
    elsewhere = await receiver();
  });

  test.each([302, 307])("a %i from a hook target is a failed attempt, and its Location receives nothing", async (status) => {
    const redirecting = await receiver({ status, headers: { location: `${elsewhere.url}?from=${status}` } });
    const sub = await subscribe(client, redirecting.url);
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    await post(client.auth, { action: "upsert_account", data: { name: `Redirected ${status}`, logins: 5 } });
    await drain();
    const rows = await attempted(sub.body.subscription.id);
    expect(redirecting.received.length, "the target itself was asked").toBeGreaterThanOrEqual(1);
    expect(rows![0], "a redirect is recorded as a failed attempt, to be retried").toMatchObject({ status: "pending", last_status: status });
    expect(rows![0].last_error).toMatch(/redirect/);
    await new Promise((r) => setTimeout(r, 500));
    expect(elsewhere.received.filter((d) => d.url?.includes(`from=${status}`)), "the redirect's Location got no request at all").toEqual([]);
  });
});

describe("a client holds a bounded number of hook subscriptions", () => {
  test("thirty concurrent subscribes leave exactly 25 and refuse the rest with a 409 naming the limit", async () => {
    const client = await makeClient();
    const r = await receiver();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => subscribe(client, `${r.url}?n=${i}`)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200), JSON.stringify(answers.find((a) => a.status !== 200)?.body)).toHaveLength(25);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.error.message, "the refusal names the limit").toMatch(/25/);
    const [{ n }] = await superuser()`select count(*)::int as n from public.webhook_subscriptions where client_id = ${client.id}`;
    expect(n, "the database holds no more than the limit").toBe(25);

    const unsubscribed = await post(client.auth, { action: "unsubscribe", data: { id: answers.find((a) => a.status === 200)!.body.subscription.id } });
    expect(unsubscribed.status).toBe(200);
    expect((await subscribe(client, `${r.url}?n=again`)).status, "an unsubscribe makes room for one more").toBe(200);
    expect((await subscribe(client, `${r.url}?n=too-many`)).status).toBe(409);
  });
});

describe("one slow target holds up no one else", () => {
  test("the local pg_net worker performs a request while an earlier one hangs", async () => {
    const slow = await receiver({ delayMs: 12_000 });
    const fast = await receiver();
    const db = superuser();
    await db`select net.http_post(${slow.url}, '{"slow":true}'::jsonb, timeout_milliseconds => 15000)`;
    await waitFor(async () => (slow.received.length > 0 ? true : undefined), 5_000);
    const queued = Date.now();
    const [{ id }] = await db`select net.http_post(${fast.url}, '{"fast":true}'::jsonb) as id`;
    const done = await waitFor(async () => (await db`select 1 from net._http_response where id = ${id}`)[0], 10_000);
    expect(done, "the second request was performed").toBeDefined();
    expect(Date.now() - queued, "it did not wait for the hanging one").toBeLessThan(3_000);
  });

  /** Two clients, one whose receiver hangs for longer than any test waits, one whose receiver answers at once. */
  async function slowAndFast() {
    const slowClient = await makeClient();
    const fastClient = await makeClient();
    const slow = await receiver({ delayMs: 30_000 });
    const fast = await receiver();
    // Sixty customers of the slow client, one of the fast one, before subscribing.
    const accounts = Array.from({ length: 60 }, (_, i) => ({ name: `Slow lane ${i}`, logins: i }));
    expect((await post(slowClient.auth, { action: "upsert_accounts", data: { accounts } })).status).toBe(200);
    expect((await post(fastClient.auth, { action: "upsert_account", data: { name: "Fast lane", logins: 1 } })).status).toBe(201);
    const slowSub = await subscribe(slowClient, slow.url);
    expect(slowSub.status).toBe(200);
    expect((await subscribe(fastClient, fast.url)).status).toBe(200);
    // Its backlog goes with it, so later tests do not wait behind it.
    const end = () => post(slowClient.auth, { action: "unsubscribe", data: { id: slowSub.body.subscription.id } });
    return { slowClient, fastClient, slow, fast, end };
  }

  test("one drain sends another client's delivery at once, though sixty to a hanging target were queued before it", async () => {
    const { slowClient, fastClient, slow, fast, end } = await slowAndFast();
    try {
      // One statement changes both clients' customers: one outbox insert, one
      // wake-up, one drain, with the hanging target's sixty deliveries first.
      const changed = Date.now();
      await superuser()`update public.customers set logins = coalesce(logins, 0) + 1
                        where client_id in (${slowClient.id}, ${fastClient.id})`;
      const arrived = await waitFor(async () => fast.received[0], 20_000);
      expect(arrived, "the other client's delivery arrived").toBeDefined();
      expect(arrived!.at - changed, "within a generous bound, not after the hanging target's timeout").toBeLessThan(4_000);
      expect(slow.received.length, "the hanging target is not flooded with parallel requests").toBeLessThanOrEqual(8);
    } finally {
      await end();
    }
  });

  test("a client whose target hangs does not delay another client's delivery", async () => {
    const { slowClient, fast, fastClient, slow, end } = await slowAndFast();
    try {
      await superuser()`update public.customers set logins = coalesce(logins, 0) + 1 where client_id = ${slowClient.id}`;
      await waitFor(async () => (slow.received.length > 0 ? true : undefined), 5_000);
      // While the hanging target holds its deliveries, the other client writes;
      // its delivery goes out through the same wake-up as every other.
      const changed = Date.now();
      await post(fastClient.auth, { action: "update_health", data: { name: "Fast lane", field: "logins", value: 2 } });
      const arrived = await waitFor(async () => fast.received[0], 20_000);
      expect(arrived, "the other client's delivery arrived").toBeDefined();
      expect(arrived!.at - changed, "within a generous bound, not after the hanging target's timeout").toBeLessThan(4_000);
    } finally {
      await end();
    }
  });
});
