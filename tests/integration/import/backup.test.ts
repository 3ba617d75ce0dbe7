// Backup and restore of a client: one JSON file with every table of
// shared/backup/tables.ts; restored into an empty client, a backup of that
// client has the same content; a file of another kind or version, a damaged
// one, or one with a row the database refuses changes nothing; only an
// owner or admin of the agency restores, and never into another agency.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type BackupFile, backupTables, comparableContent } from "../../../shared/backup/tables.ts";
import { stack } from "../../stack/context.ts";
import { makeRecordWorld, type Person, type RecordWorld } from "../record/record-world.ts";

let w: RecordWorld;
let emptyClient = "";
let original: BackupFile;

async function backup(who: Person | string, clientId: string) {
  const token = typeof who === "string" ? who : who.token;
  const res = await fetch(`${stack().url}/functions/v1/api-inbound/backup.json?client_id=${clientId}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, disposition: res.headers.get("content-disposition"), text: await res.text() };
}

async function restore(who: Person | string, clientId: string, body: string) {
  const token = typeof who === "string" ? who : who.token;
  const res = await fetch(`${stack().url}/functions/v1/api-inbound/restore?client_id=${clientId}`, {
    method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body,
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  w = await makeRecordWorld("backup");
  expect((await w.scoring("save_profile", { name: "Product-led", weights: { logins: 50, adoption: 50, tickets: 0, nps: 0, csat: 0, days: 0, growth: 0 } })).status).toBe(200);
  expect((await w.scoring("update_settings", { weights: { logins: 30, adoption: 20, tickets: 20, nps: 15, csat: 0, days: 10, growth: 5 } })).status).toBe(200);
  const imported = await w.as(w.owner, "import_customers", { accounts: [
    { name: "Acme", tier: "mid", mrr: 1200.5, tags: ["vip", "beta"], logins: 22, adoption: 75, nps: "promoter", renewal_date: "2027-03-31", scoring_profile: "Product-led" },
    { name: "Beta Co", tier: "smb", mrr: 90, logins: 1, adoption: 5, days: 40, note: 'Line one,\n"two"', score: 33 },
    { name: "Gone Ltd", mrr: 10 },
  ] });
  expect(imported.body.created).toBe(3);
  const id = (name: string) => imported.body.results[["Acme", "Beta Co", "Gone Ltd"].indexOf(name)].id;
  await w.as(w.owner, "delete_customer", { id: id("Gone Ltd") });
  expect((await w.as(w.owner, "save_contact", { customer_id: id("Acme"), name: "Ada Lovelace", email: "ada@acme.test", is_primary: true })).status).toBeLessThan(300);
  expect((await w.as(w.owner, "add_note", { customer_id: id("Acme"), body: "Kick-off call" })).status).toBeLessThan(300);
  expect((await w.as(w.owner, "log_sentiment", { customer_id: id("Beta Co"), sentiment: "negative", note: "Billing" })).status).toBeLessThan(300);
  expect((await w.api("subscribe", { target_url: "http://127.0.0.1:9/pulseboard-hook", event: "customer.updated" })).status).toBeLessThan(300);
  expect((await w.as(w.owner, "save_import_mapping", { columns: { csm: "manager" } })).status).toBe(200);
  // Disabled, so the fixture's writes send nothing.
  expect((await w.api("save_alert_rule", { name: "Renewals", event: "renewal_approaching", threshold: 45, channel: "email", target: "cs@example.com", schedule: "weekly", enabled: false })).status).toBe(201);
  const { plays } = (await w.as(w.owner, "get_playbook", { customer_id: id("Beta Co") })).body;
  expect(plays.length, "Beta Co's low adoption gives it a play").toBeGreaterThan(0);
  expect((await w.as(w.owner, "set_play_item", { customer_id: id("Beta Co"), play: plays[0].key, item: plays[0].items[0].key, done: true })).status).toBe(200);
  // Disabled too; a weekly one-account report, its account remapped on restore.
  expect((await w.as(w.owner, "save_report_schedule", { report: "customer_health", customer_id: id("Acme"), frequency: "weekly", to: "cs@example.com", format: "both", enabled: false })).status).toBeLessThan(300);
  [{ id: emptyClient }] = await w.sql`insert into public.clients (agency_id, name) values (${w.agencyId}, ${`Empty ${w.suffix}`}) returning id`;
});
afterAll(() => w?.end());

describe("backup", () => {
  test("one JSON file with a kind, a format version, a timestamped name and every table of the client", async () => {
    const res = await backup(w.viewer, w.clientId);
    expect(res.status, res.text).toBe(200);
    expect(res.disposition).toMatch(/filename="pulseboard-.+-backup-\d{4}-\d{2}-\d{2}T\d{4}Z\.json"/);
    original = JSON.parse(res.text);
    expect(original).toMatchObject({ kind: "pulseboard.client-backup", version: 1 });
    expect(Object.keys(original.tables)).toEqual(backupTables.map((t) => t.name));
    const counts = Object.fromEntries(Object.entries(original.tables).map(([k, v]) => [k, v.length]));
    expect(counts).toMatchObject({ client_settings: 1, scoring_profiles: 1, customers: 3, contacts: 1, customer_notes: 1, sentiment_entries: 1,
      webhook_subscriptions: 1, import_mappings: 1, alert_rules: 1, play_items: 1, report_schedules: 1 });
    expect(counts.score_history).toBeGreaterThanOrEqual(2);
    expect(original.tables.customers.find((c) => c.name === "Gone Ltd")?.deleted_at, "deleted customers are kept, deleted").toBeTruthy();
  });

  test("another agency cannot back our client up", async () => {
    expect((await backup(w.other.ownerToken, w.clientId)).status).toBe(404);
  });
});

describe("restore", () => {
  const cut = () => JSON.stringify(original).slice(0, 400);
  const refusals: [string, () => string, string][] = [
    ["a damaged (cut short) file", cut, "file"],
    ["a file of another kind", () => JSON.stringify({ ...original, kind: "something-else" }), "kind"],
    ["a file of another format version", () => JSON.stringify({ ...original, version: 2 }), "version"],
    ["a file without its tables", () => JSON.stringify({ ...original, tables: undefined }), "tables"],
    ["a file with a customer the database refuses", () => JSON.stringify({ ...original, tables: { ...original.tables,
      customers: original.tables.customers.map((c, i) => (i === 2 ? { ...c, tier: "huge" } : c)) } }), "tables.customers"],
  ];

  test.each(refusals)("%s is refused naming what is wrong, and nothing changes", async (_, body, field) => {
    const before = await backup(w.owner, emptyClient);
    const res = await restore(w.owner, emptyClient, body());
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.field).toBe(field);
    const after = await backup(w.owner, emptyClient);
    expect(comparableContent(JSON.parse(after.text)), "the client is as it was").toEqual(comparableContent(JSON.parse(before.text)));
  });

  test("a viewer, a client manager and another agency's owner cannot restore", async () => {
    expect((await restore(w.viewer, emptyClient, JSON.stringify(original))).status, "the viewer is not even in that client").toBe(404);
    expect((await restore(w.manager, w.clientId, JSON.stringify(original))).status).toBe(403);
    expect((await restore(w.viewer, w.clientId, JSON.stringify(original))).status).toBe(403);
    expect((await restore(w.other.ownerToken, w.clientId, JSON.stringify(original))).status).toBe(404);
  });

  test("restored into an empty client, a backup of it has the same content", async () => {
    const res = await restore(w.owner, emptyClient, JSON.stringify(original));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.restored).toMatchObject({ customers: 3, contacts: 1, scoring_profiles: 1 });
    const again: BackupFile = JSON.parse((await backup(w.owner, emptyClient)).text);
    expect(comparableContent(again)).toEqual(comparableContent(original));
    const [acme] = await w.sql`select c.tags, p.name as profile from public.customers c left join public.scoring_profiles p on p.id = c.scoring_profile_id
                               where c.client_id = ${emptyClient} and c.name = 'Acme'`;
    expect(acme).toEqual({ tags: ["vip", "beta"], profile: "Product-led" });
    const [schedule] = await w.sql`select c.name, s.created_by from public.report_schedules s join public.customers c on c.id = s.customer_id
                                   where s.client_id = ${emptyClient}`;
    expect(schedule, "the schedule names the restored Acme and is the restorer's").toEqual({ name: "Acme", created_by: w.owner.id });
  });

  test("restoring over a client's data replaces it: the live customers before are soft-deleted, the backup's are live", async () => {
    const res = await restore(w.owner, emptyClient, JSON.stringify(original));
    expect(res.status).toBe(200);
    const live = await w.sql`select name from public.customers where client_id = ${emptyClient} and deleted_at is null order by name`;
    expect(live.map((r) => r.name)).toEqual(["Acme", "Beta Co"]);
  });
});
