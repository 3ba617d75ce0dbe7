// Our Zapier integration (pulseboard-app.ts), validated by Zapier's schema
// and run by zapier-platform-core's app tester against the running stack,
// as Zapier runs it. Zapier fires a polling trigger for each item whose
// `id` it has not seen, after a first poll that only records what is
// there; `Zap` below does that, as the platform documents it.
import { createRequire } from "node:module";
import { createAppTester } from "zapier-platform-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { waitFor } from "../../stack/wait-for.ts";
import { closeSuperuser, endpoint, makeClient, post, superuser } from "../api/api.ts";
import { type HookReceiver, startHookReceiver } from "../api/hook-receiver.ts";
import { cronSecret } from "../scoring/world.ts";
import { App } from "./pulseboard-app.ts";

type Item = Record<string, unknown> & { id: string | number };
const appTester = createAppTester(App);
// What `zapier validate` runs: the app compiled as the platform loads it, checked by Zapier's schema.
const { compileApp, validateApp } = createRequire(import.meta.url)("zapier-platform-core/src/tools/schema") as {
  compileApp: (app: unknown) => unknown;
  validateApp: (compiled: unknown) => unknown[];
};

/** A zap on a polling trigger: the first poll primes, later polls fire what has an id not seen before. */
class Zap {
  #seen = new Set<string | number>();
  #primed = false;
  constructor(private perform: unknown, private authData: Record<string, string>) {}
  async poll(): Promise<Item[]> {
    const items = await appTester(this.perform as never, { authData: this.authData }) as Item[];
    const fired = this.#primed ? items.filter((i) => !this.#seen.has(i.id)) : [];
    for (const i of items) this.#seen.add(i.id);
    this.#primed = true;
    return fired;
  }
}

describe("a Zapier integration built with zapier-platform-core", () => {
  let client: Awaited<ReturnType<typeof makeClient>>;
  let authData: Record<string, string>;
  let receiver: HookReceiver;
  const upsert = (inputData: Record<string, unknown>) =>
    appTester(App.creates.upsert_customer.operation.perform as never, { authData, inputData }) as Promise<Item>;

  beforeAll(async () => {
    client = await makeClient({ rateLimitPerMinute: 100_000 });
    authData = { endpoint: endpoint(), api_key: client.apiKey };
    receiver = await startHookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await closeSuperuser();
  });

  test("the integration is a valid Zapier app definition", () => {
    expect(validateApp(compileApp(App)), "Zapier's own schema accepts it").toEqual([]);
  });

  test("the create action creates, then updates by name, taking a date-time and money as a zap sends them", async () => {
    const created = await upsert({ name: "Zap Alpha", logins: 20, adoption: 70, mrr: "$5,000", renewal_date: "2027-03-01T00:00:00Z" });
    expect(created).toMatchObject({ name: "Zap Alpha", mrr: 5000, renewal_date: "2027-03-01", version: 1 });
    const updated = await upsert({ name: "zap alpha", logins: 21 });
    expect(updated, "same customer, its name kept, one more version").toMatchObject({ id: created.id, name: "Zap Alpha", logins: 21, version: 2 });
  });

  test("the polling 'updated customer' trigger fires once per change, and a no-op sync fires nothing", async () => {
    const sync = [{ name: "Zap Beta", logins: 10, adoption: 50 }, { name: "Zap Gamma", logins: 30, adoption: 90 }];
    for (const row of sync) await upsert(row);
    const zap = new Zap(App.triggers.updated_customer.operation.perform, authData);
    expect(await zap.poll(), "the first poll primes").toEqual([]);

    await upsert({ name: "Zap Beta", logins: 11 });
    await upsert({ name: "Zap Gamma", note: "QBR booked" });
    const fired = await zap.poll();
    expect(fired.map((i) => i.name).sort(), "each changed customer once").toEqual(["Zap Beta", "Zap Gamma"]);
    expect(await zap.poll(), "and not again").toEqual([]);

    for (let i = 0; i < 3; i++) for (const row of [{ ...sync[0], logins: 11 }, { ...sync[1], note: "QBR booked" }]) await upsert(row);
    expect(await zap.poll(), "three identical syncs change nothing, so fire nothing").toEqual([]);

    await upsert({ name: "Zap Beta", logins: 12 });
    const again = await zap.poll();
    expect(again.map((i) => [i.name, i.version]), "a later change of the same customer fires again").toEqual([["Zap Beta", 3]]);
  });

  test("the 'new at-risk' trigger (status=atrisk,critical) fires for a fall straight to Critical and for At Risk, once each", async () => {
    const zap = new Zap(App.triggers.new_at_risk.operation.perform, authData);
    await zap.poll();
    const critical = await upsert({ name: "Zap Falling", logins: 0, adoption: 0, tickets: 9 });
    const atRisk = await upsert({ name: "Zap Wobbling", logins: 8, adoption: 35, tickets: 3 });
    expect([critical.status, atRisk.status]).toEqual(["critical", "atrisk"]);
    expect((await zap.poll()).map((i) => i.name).sort()).toEqual(["Zap Falling", "Zap Wobbling"]);
    await upsert({ name: "Zap Falling", logins: 1 });
    expect(await zap.poll(), "a customer already at risk does not fire again").toEqual([]);
  });

  test("the REST-hook trigger subscribes, receives each change with the polling trigger's fields, and unsubscribes twice without failing", async () => {
    const hook = App.triggers.customer_updated_hook.operation;
    const subscription = await appTester(hook.performSubscribe as never, { authData, targetUrl: receiver.url }) as { id: string };
    expect(subscription.id).toEqual(expect.any(String));

    const changed = await upsert({ name: "Zap Beta", logins: 13 });
    await post(client.auth, { action: "upsert_account", data: { name: "Zap Beta", logins: 13 } });
    // The outbox also rings the notifications function itself; a drain now is sooner.
    await fetch(endpoint().replace("api-inbound", "notifications"), {
      method: "POST",
      headers: { "content-type": "application/json", "x-cron-secret": await cronSecret(superuser()) },
      body: JSON.stringify({ action: "drain" }),
    });
    await waitFor(async () => (receiver.received.length >= 1 ? true : undefined), 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received, "one delivery: the repeated push changed nothing").toHaveLength(1);

    const [fromHook] = await appTester(hook.perform as never, { authData, cleanedRequest: JSON.parse(receiver.received[0].body) }) as Item[];
    const fromPoll = (await appTester(hook.performList as never, { authData }) as Item[]).find((i) => i.customer_id === changed.id);
    expect(fromHook, "hook and poll give the same fields and values, deduped on the same change id").toStrictEqual(fromPoll);
    expect(fromHook.id).toBe(changed.change_id);

    const first = await appTester(hook.performUnsubscribe as never, { authData, subscribeData: subscription });
    const second = await appTester(hook.performUnsubscribe as never, { authData, subscribeData: subscription });
    expect([first, second]).toEqual([{ unsubscribed: true, id: subscription.id }, { unsubscribed: false, id: subscription.id }]);
  });
});
