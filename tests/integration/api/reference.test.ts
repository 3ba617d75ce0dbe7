// The reference's own REST API examples (reference/000_*.txt, "REST API"),
// sent verbatim to /functions/v1/api-inbound: only the host and key differ.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { defaultSettings, scoreSignals } from "../../../shared/index.ts";
import { type Auth, closeSuperuser, demoKey, get, historyCount, makeClient, post, storedCustomer, superuser } from "./api.ts";

// The request bodies exactly as the reference prints them.
const upsertExample = `{
"action": "upsert_account",
"data": {
"name": "Acme Corp",
"mrr": 5000,
"logins": 22,
"adoption": 75,
"tickets": 1,
"tier": "mid",
"manager": "Sarah"
}
}`;
const updateExample = `{
"action": "update_health",
"data": {
"name": "Acme Corp",
"field": "logins",
"value": 28
}
}`;
const listExample = "action=list_customers&updated_since=2026-03-01T00:00:00Z&sort=updated_at&order=desc&limit=50";
const getExample = "action=get_customer&name=Acme%20Corp";

const bands = ["critical", "atrisk", "watch", "healthy", "expansion"];
const expected = (signals: Parameters<typeof scoreSignals>[0]) => {
  const r = scoreSignals(signals, defaultSettings);
  return { score: Math.round(r.score!), status: r.band };
};

describe("the reference's REST API examples, verbatim", () => {
  let key: Auth;
  let acmeId: string;

  beforeAll(async () => {
    key = (await makeClient()).auth;
  });
  afterAll(closeSuperuser);

  test("the upsert_account example creates Acme Corp and answers its id, integer score and status", async () => {
    const res = await post(key, upsertExample);
    expect(res.status, "a new account is answered 201").toBe(201);
    const c = res.body.customer;
    expect(res.body.created).toBe(true);
    expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(c).toMatchObject({ name: "Acme Corp", mrr: 5000, logins: 22, adoption: 75, tickets: 1, tier: "mid", manager: "Sarah" });
    expect(Number.isInteger(c.score), "the score is an integer").toBe(true);
    expect(c, "the score is the engine's, from the three signals sent").toMatchObject(expected({ logins: 22, adoption: 75, tickets: 1 }));
    expect(c.missing_signals, "the signals not sent are named as missing").toEqual(expect.arrayContaining(["nps", "days", "growth"]));
    expect(Date.parse(c.updated_at), "updated_at is an ISO timestamp").not.toBeNaN();
    acmeId = c.id;
  });

  test("sending the same upsert_account again updates the same account, keeping its id", async () => {
    const res = await post(key, upsertExample);
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(false);
    expect(res.body.customer.id).toBe(acmeId);
  });

  test("the update_health example sets logins to 28, rescores, and answers the new score and status", async () => {
    const before = await storedCustomer(acmeId);
    const historyBefore = await historyCount(acmeId);
    const res = await post(key, updateExample);
    expect(res.status).toBe(200);
    const c = res.body.customer;
    expect(c.id).toBe(acmeId);
    expect(c.logins).toBe(28);
    expect(c, "the new score follows from logins 28").toMatchObject(expected({ logins: 28, adoption: 75, tickets: 1 }));
    expect(c.previous_score, "the previous score is the one before this write").toBe(Math.round(before.score));
    expect(await historyCount(acmeId), "the rescore is recorded in score history").toBe(historyBefore + 1);
    expect(Date.parse(c.updated_at), "updated_at moves forward").toBeGreaterThan(before.updated_at.getTime());
  });

  test("the list_customers example returns customers changed since the date, newest change first, at most 50", async () => {
    const res = await get(demoKey(0), listExample);
    expect(res.status).toBe(200);
    const list = res.body.customers as { id: string; updated_at: string }[];
    expect(list.length, "the demo client has more than 50 customers, so a full page").toBe(50);
    const times = list.map((c) => Date.parse(c.updated_at));
    expect(times.every((t) => t > Date.parse("2026-03-01T00:00:00Z")), "all changed after updated_since").toBe(true);
    expect(times, "sorted by updated_at descending").toEqual([...times].sort((a, b) => b - a));
    expect(res.body.limit).toBe(50);
    expect(res.body.total, "the total counts every live customer that matches").toBeGreaterThanOrEqual(300 * 0.9);
  });

  test("the list_customers example, run as a Zapier poll, finds Acme Corp after its update and not before", async () => {
    const res = await get(key, listExample);
    expect(res.body.customers.map((c: { id: string }) => c.id)).toEqual([acmeId]);
    const future = await get(key, { action: "list_customers", updated_since: new Date(Date.now() + 60_000).toISOString() });
    expect(future.body.customers, "nothing has changed after now").toEqual([]);
  });

  test("the get_customer example finds Acme Corp by its URL-encoded name, case-insensitively", async () => {
    const res = await get(key, getExample);
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ id: acmeId, name: "Acme Corp", logins: 28 });
    expect(res.body.customer.explanation, "the score comes explained").toEqual(expect.any(Array));
    const lower = await get(key, "action=get_customer&name=acme%20CORP");
    expect(lower.body.customer?.id, "names match in any case").toBe(acmeId);
    const byId = await get(key, { action: "get_customer", id: acmeId });
    expect(byId.body.customer?.id, "and by id").toBe(acmeId);
  });

  test("the same actions work as POST {action, data}", async () => {
    const res = await post(key, { action: "get_customer", data: { name: "Acme Corp" } });
    expect(res.body.customer?.id).toBe(acmeId);
    const list = await post(key, { action: "list_customers", data: { sort: "name", order: "asc", limit: 10 } });
    expect(list.body.customers.map((c: { id: string }) => c.id)).toEqual([acmeId]);
  });

  test("an explicit score overrides auto-scoring, and the next signal push rescores", async () => {
    const manual = await post(key, { action: "upsert_account", data: { name: "Acme Corp", score: 12, logins: 30 } });
    expect(manual.status).toBe(200);
    expect(manual.body.customer, "the score sent is kept, with its band, even beside a signal")
      .toMatchObject({ score: 12, status: "critical", score_manual: true, logins: 30 });
    const pushed = await post(key, { action: "update_health", data: { name: "Acme Corp", field: "adoption", value: 80 } });
    expect(pushed.body.customer, "a later signal ends the override")
      .toMatchObject({ score_manual: false, ...expected({ logins: 30, adoption: 80, tickets: 1 }) });
  });

  test("tags may be a comma-separated string or an array, stored trimmed and without duplicates", async () => {
    const csv = await post(key, { action: "upsert_account", data: { name: "Acme Corp", tags: "vip, beta ,vip,," } });
    expect(csv.body.customer.tags).toEqual(["vip", "beta"]);
    const tagged = await get(key, { action: "list_customers", tag: "beta" });
    expect(tagged.body.customers.map((c: { id: string }) => c.id), "the tag filter finds it").toEqual([acmeId]);
    const arr = await post(key, { action: "update_health", data: { name: "Acme Corp", field: "tags", value: ["emea"] } });
    expect(arr.body.customer.tags).toEqual(["emea"]);
    expect((await get(key, { action: "list_customers", tag: "beta" })).body.customers, "the old tag is gone").toEqual([]);
  });

  test("numbers sent as strings, as Zapier's form fields do, are accepted", async () => {
    const res = await post(key, { action: "upsert_account", data: { name: "Acme Corp", mrr: "6000", logins: "25" } });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ mrr: 6000, logins: 25 });
  });

  test("the status filter accepts the reference's aliases risk and at-risk for atrisk", async () => {
    const canonical = await get(demoKey(0), { action: "list_customers", status: "atrisk", limit: 500 });
    expect(canonical.status).toBe(200);
    expect(canonical.body.customers.length, "the demo client has at-risk customers").toBeGreaterThan(0);
    expect(canonical.body.customers.every((c: { status: string }) => c.status === "atrisk")).toBe(true);
    for (const alias of ["risk", "at-risk", "At Risk"]) {
      const res = await get(demoKey(0), { action: "list_customers", status: alias, limit: 500 });
      expect(res.body.customers, `status=${alias} lists the same customers`).toEqual(canonical.body.customers);
    }
  });

  test("filters by lifecycle, tier and manager return only matching customers", async () => {
    const res = await get(demoKey(0), { action: "list_customers", lifecycle: "active", tier: "enterprise", manager: "sarah chen", limit: 500 });
    expect(res.status).toBe(200);
    expect(res.body.customers.length).toBeGreaterThan(0);
    for (const c of res.body.customers) expect(c, "each matches every filter").toMatchObject({ lifecycle: "active", tier: "enterprise", manager: "Sarah Chen" });
    expect(res.body.total).toBe(res.body.customers.length);
  });

  test("an active customer pushed into a critical score moves to lifecycle atrisk, and back when healthy", async () => {
    const healthy = { logins: 30, adoption: 90, tickets: 0, nps: 9, days: 1, growth: "strong" };
    const created = await post(key, { action: "upsert_account", data: { name: "Globex", lifecycle: "active", ...healthy } });
    expect(created.body.customer).toMatchObject({ lifecycle: "active", status: "expansion" });
    const bad = await post(key, { action: "upsert_account", data: { name: "Globex", logins: 0, adoption: 0, tickets: 9, nps: 0, days: 180, growth: "none" } });
    expect(bad.body.customer, "critical score: lifecycle follows to atrisk").toMatchObject({ status: "critical", lifecycle: "atrisk" });
    const back = await post(key, { action: "upsert_account", data: { name: "Globex", ...healthy } });
    expect(back.body.customer, "healthy again: back to active").toMatchObject({ status: "expansion", lifecycle: "active" });
  });

  test("a customer reads the same, field for field, in list_customers as in get_customer", async () => {
    // list_customers builds its JSON in Postgres, get_customer in TypeScript: they must agree.
    const list = await get(demoKey(0), { action: "list_customers", limit: 60, sort: "name", order: "asc" });
    expect(list.body.customers).toHaveLength(60);
    for (const listed of list.body.customers) {
      const one = await get(demoKey(0), { action: "get_customer", id: listed.id });
      const { explanation: _e, best_improvement: _b, ...fields } = one.body.customer;
      expect(listed, `${listed.name} is the same in both answers`).toEqual(fields);
    }
  });

  test("text that JSON must escape, and a scoring profile, read the same in both answers too", async () => {
    const client = await makeClient();
    await superuser()`insert into public.scoring_profiles (client_id, name, weights)
                      values (${client.id}, ${'Key "accounts" \\ EMEA'}, ${superuser().json({ logins: 50, adoption: 50 })})`;
    const awkward = {
      name: 'O\'Brien "Bros" \\ Co — Zürich 🚀', manager: "Zoë\tD'Arcy", note: 'line one\nline "two"\r\n\u0001 and </script>',
      tags: ['a "quoted" tag', "back\\slash", "ünïcødé"], nps: "passive", scoring_profile: 'Key "accounts" \\ EMEA', logins: 12,
    };
    const created = await post(client.auth, { action: "upsert_account", data: awkward });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const list = await get(client.auth, { action: "list_customers" });
    const one = await get(client.auth, { action: "get_customer", id: created.body.customer.id });
    const { explanation: _e, best_improvement: _b, ...fields } = one.body.customer;
    expect(list.body.customers[0], "every field equal, escapes included").toEqual(fields);
    expect(Object.keys(list.body.customers[0]), "and in the same order").toEqual(Object.keys(fields));
    expect(list.body.customers[0]).toMatchObject({
      name: awkward.name, manager: awkward.manager, note: awkward.note, tags: awkward.tags, nps: null, nps_category: "passive", scoring_profile: awkward.scoring_profile,
    });
  });

  test("every band a score lands in is one of the five named statuses", async () => {
    const res = await get(demoKey(1), { action: "list_customers", limit: 500 });
    for (const c of res.body.customers) {
      if (c.score === null) continue;
      expect(bands, `${c.name}'s status is a band`).toContain(c.status);
      expect(Number.isInteger(c.score)).toBe(true);
    }
  });
});
