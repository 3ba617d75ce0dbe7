// The settings page's server side: a draft previewed on the client's real
// customers predicts exactly the band moves its save then makes; viewers may
// preview and read but not save; profiles are renamed in place; config
// history and the audit log show each change, before → after.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeWorld, type World } from "../scoring/world.ts";
import { act, makePerson, type Person } from "./invitees.ts";

let w: World;
let viewer: Person;
const viewerScoring = (action: string, input: Record<string, unknown> = {}) =>
  w.post("scoring", { action, client_id: w.clientId, ...input }, { authorization: `Bearer ${viewer.token}` });

/** Every customer's band, by id, as stored. */
async function bands(): Promise<Map<string, string | null>> {
  const rows = await w.sql`select id, status from public.customers where client_id = ${w.clientId} and deleted_at is null`;
  return new Map(rows.map((r) => [r.id, r.status]));
}

beforeAll(async () => {
  w = await makeWorld("preview");
  // 60 customers spread over the bands, some missing signals, one with a profile.
  const accounts = Array.from({ length: 60 }, (_, i) => ({
    name: `Preview ${i} ${w.suffix}`, logins: (i * 7) % 31, adoption: (i * 13) % 101, tickets: i % 6,
    ...(i % 5 === 0 ? {} : { nps: i % 11 }), days: (i * 11) % 120, growth: ["none", "mild", "strong"][i % 3],
  }));
  const res = await w.api("upsert_accounts", { accounts });
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
  viewer = await makePerson("viewer");
  await w.sql`insert into public.agency_members (agency_id, user_id, role) values (${w.agencyId}, ${viewer.id}, 'member')`;
  await w.sql`insert into public.client_members (client_id, user_id, role) values (${w.clientId}, ${viewer.id}, 'viewer')`;
});
afterAll(async () => {
  await w?.end();
});

describe("preview_settings", () => {
  const weights = { logins: 60, adoption: 10, tickets: 10, nps: 5, csat: 0, days: 10, growth: 5 };
  const bandsDraft = { atrisk: 30, watch: 55, healthy: 70, expansion: 85 };

  test("predicts exactly the band changes the save then makes, and writes nothing itself", async () => {
    const before = await bands();
    const [{ version }] = await w.sql`select version from public.client_settings where client_id = ${w.clientId}`;
    const preview = await w.scoring("preview_settings", { weights, bands: bandsDraft });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.customers, "every live customer is previewed").toBe(60);
    expect(preview.body.changed, "the draft moves some customers").toBeGreaterThan(0);
    expect(await bands(), "previewing changed no band").toEqual(before);
    const [{ version: still }] = await w.sql`select version from public.client_settings where client_id = ${w.clientId}`;
    expect(still, "previewing saved nothing").toBe(version);
    expect(preview.body.movers.length, "ten movers by default").toBeLessThanOrEqual(10);

    const saved = await w.scoring("update_settings", { weights, bands: bandsDraft });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const after = await bands();
    const moved = new Map<string, number>();
    for (const [id, band] of after) {
      if (band !== before.get(id)) moved.set(`${before.get(id)}>${band}`, (moved.get(`${before.get(id)}>${band}`) ?? 0) + 1);
    }
    expect([...moved.values()].reduce((a, b) => a + b, 0), "as many customers changed band as previewed").toBe(preview.body.changed);
    expect(Object.fromEntries(moved), "and the same moves").toEqual(
      Object.fromEntries(preview.body.moves.map((m: any) => [`${m.from}>${m.to}`, m.count])));
  });

  test("weights that do not total 100 are refused with the field named", async () => {
    const res = await w.scoring("preview_settings", { weights: { ...weights, logins: 59 } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("weights");
    expect(res.body.error.message).toMatch(/total 100/);
  });

  test("a viewer may preview and read the health figures but not save", async () => {
    expect((await viewerScoring("preview_settings", { weights })).status).toBe(200);
    const health = await viewerScoring("settings_health");
    expect(health.status).toBe(200);
    expect(health.body.customers).toBe(60);
    expect(health.body.missing.nps, "every fifth customer has no NPS").toBe(12);
    expect(health.body.never_scored).toBe(0);
    const save = await viewerScoring("update_settings", { weights: { ...weights, logins: 50, adoption: 20 } });
    expect(save.status, "the API refuses a viewer's save").toBe(403);
    const [row] = await w.sql`select weights from public.client_settings where client_id = ${w.clientId}`;
    expect(row.weights.logins, "nothing was written").toBe(60);
  });
});

describe("another agency", () => {
  test("an owner of another agency can neither preview this client nor read this agency's audit log", async () => {
    const other = await makeWorld("preview-other");
    try {
      const res = await other.post("scoring", { action: "preview_settings", client_id: w.clientId }, { authorization: `Bearer ${other.ownerToken}` });
      expect([403, 404], JSON.stringify(res.body)).toContain(res.status);
      const log = await act(other.ownerToken, "list_audit_log", { agency_id: w.agencyId });
      expect(log.status, "another agency is simply not found").toBe(404);
      const own = await act(other.ownerToken, "list_audit_log", {});
      expect(own.body.entries.every((e: any) => e.client_id !== w.clientId), "their own log holds nothing of ours").toBe(true);
    } finally {
      await other.end();
    }
  });
});

describe("profiles and the configuration history", () => {
  test("a profile is renamed in place: its customers keep it and the history says so", async () => {
    const name = `Big ${randomBytes(2).toString("hex")}`;
    const made = await w.scoring("save_profile", { name, weights: { logins: 20, adoption: 20, tickets: 20, nps: 20, csat: 0, days: 10, growth: 10 } });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const [c] = await w.sql`update public.customers set scoring_profile_id = ${made.body.id}
                            where id = (select id from public.customers where client_id = ${w.clientId} limit 1) returning id`;
    const renamed = await w.scoring("rename_profile", { name, new_name: `${name} renamed` });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const [row] = await w.sql`select p.name from public.customers c join public.scoring_profiles p on p.id = c.scoring_profile_id where c.id = ${c.id}`;
    expect(row.name, "the customer keeps the renamed profile").toBe(`${name} renamed`);

    const health = await w.scoring("settings_health");
    expect(health.body.profiles).toEqual([{ name: `${name} renamed`, customers: 1 }]);

    // A draft of the profile moves only the customers that use it.
    const draft = await w.scoring("preview_settings", {
      profile: { name: `${name} renamed`, weights: { logins: 0, adoption: 0, tickets: 0, nps: 0, csat: 0, days: 0, growth: 100 } },
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body.movers.every((m: any) => m.id === c.id), "only the profile's customer can move").toBe(true);
    expect(draft.body.changed).toBeLessThanOrEqual(1);

    const history = await w.scoring("list_config_history", { limit: 5 });
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    expect(history.body.entries[0].changes, "the newest version is the rename").toEqual([
      { path: `profile ${name}: name`, before: name, after: `${name} renamed` },
    ]);
    const weightsChange = history.body.entries.find((e: any) => e.changes.some((c: any) => c.path === "weights.logins"));
    expect(weightsChange?.changes, "the weights save is in the history, before → after").toContainEqual({ path: "weights.logins", before: 25, after: 60 });
    expect(weightsChange?.changed_by_email, "with who saved it").toMatch(/^owner\.preview/);
  });

  test("renaming a profile that does not exist is a 404 naming name", async () => {
    const res = await w.scoring("rename_profile", { name: "Nope", new_name: "Still nope" });
    expect(res.status).toBe(404);
    expect(res.body.error.field).toBe("name");
  });
});

describe("list_audit_log", () => {
  test("shows the settings save with before → after and who made it; a viewer may not read it", async () => {
    const res = await act(w.ownerToken, "list_audit_log", { agency_id: w.agencyId, table: "client_settings" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const save = res.body.entries.find((e: any) => e.after?.weights?.logins === 60);
    expect(save, "the weights save is logged").toBeDefined();
    expect(save.before.weights.logins).toBe(25);
    expect(save.actor).toBe("user");
    expect(save.actor_email).toMatch(/^owner\.preview/);
    expect((await act(viewer.token, "list_audit_log", { agency_id: w.agencyId })).status).toBe(403);
  });

  test("API keys are logged by label; an invitation is logged; a key's writes name the key", async () => {
    const made = await act(w.ownerToken, "create_api_key", { client_id: w.clientId, label: "Audit label" });
    await act(w.ownerToken, "revoke_api_key", { id: made.body.api_key.id });
    await act(w.ownerToken, "invite_user", { agency_id: w.agencyId, email: `audit.${w.suffix}@invitations.test`, role: "member" });
    const keys = await act(w.ownerToken, "list_audit_log", { agency_id: w.agencyId, table: "api_keys" });
    expect(keys.body.entries.filter((e: any) => e.row_id === made.body.api_key.id).map((e: any) => [e.action, e.subject]))
      .toEqual([["update", "Audit label"], ["insert", "Audit label"]]);
    const invites = await act(w.ownerToken, "list_audit_log", { agency_id: w.agencyId, table: "agency_invitations" });
    const invite = invites.body.entries[0];
    expect(invite.after.email).toBe(`audit.${w.suffix}@invitations.test`);
    expect(invite.after.token_hash, "the link's hash stays out of the log").toBeUndefined();
    const [key] = await w.sql`select id from public.api_keys where client_id = ${w.clientId} and label = 'preview'`;
    const byKey = await act(w.ownerToken, "list_audit_log", { agency_id: w.agencyId, api_key_id: key.id, limit: 1 });
    expect(byKey.body.entries[0].table).toBe("customers");
    expect(byKey.body.entries[0].actor_api_key, "customers written with the world's key name it").toBe("preview (" + w.apiKey.slice(0, 10) + "…)");
    expect(byKey.body.has_more).toBe(true);
  });

  test("a bad filter is a 400 naming it", async () => {
    const res = await act(w.ownerToken, "list_audit_log", { agency_id: w.agencyId, from: "2026-13-01" });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("from");
  });
});
