// The score history, paged, with every entry's signal snapshot; and when
// each signal was last updated (get_customer's signal_updated_at), stamped
// by the database only when a signal's value changes.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeRecordWorld, type RecordWorld, refusal } from "./record-world.ts";

let w: RecordWorld;

beforeAll(async () => {
  w = await makeRecordWorld("record-history");
});
afterAll(() => w?.end());

const stampsOf = async (id: string) => (await w.as(w.viewer, "get_customer", { id })).body.signal_updated_at as Record<string, string>;

describe("list_score_history", () => {
  test("pages the history newest first, each entry with its snapshot of the signals", async () => {
    const id = await w.customer(undefined, { logins: 5 });
    for (const logins of [10, 20, 30]) await w.api("update_health", { id, field: "logins", value: logins });
    const first = await w.as(w.viewer, "list_score_history", { customer_id: id, limit: 2 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 4, limit: 2, offset: 0 });
    expect(first.body.entries.map((e: { signals: { logins: number } }) => e.signals.logins), "newest first").toEqual([30, 20]);
    const second = await w.as(w.viewer, "list_score_history", { customer_id: id, limit: "2", offset: "2" });
    expect(second.body.entries.map((e: { signals: { logins: number } }) => e.signals.logins)).toEqual([10, 5]);
    expect(second.body.entries[0]).toMatchObject({ reason: "signals", config_version: expect.any(Number), status: expect.any(String) });
  });

  test("bad paging is 400 naming the field", async () => {
    const id = await w.customer();
    expect(refusal(await w.as(w.owner, "list_score_history", { customer_id: id, limit: 0 }))).toEqual({ status: 400, field: "limit" });
    expect(refusal(await w.as(w.owner, "list_score_history", { customer_id: id, limit: 501 }))).toEqual({ status: 400, field: "limit" });
    expect(refusal(await w.as(w.owner, "list_score_history", { customer_id: id, offset: "-1" }))).toEqual({ status: 400, field: "offset" });
  });
});

describe("when each signal was last updated", () => {
  test("a new customer's signals are stamped when created, the absent ones not at all", async () => {
    const id = await w.customer(undefined, { logins: 12, adoption: 40 });
    const stamps = await stampsOf(id);
    expect(Object.keys(stamps).sort()).toEqual(["adoption", "logins"]);
    expect(Date.now() - Date.parse(stamps.logins), "just now").toBeLessThan(60_000);
  });

  test("only a signal whose value changes is stamped again; the same value, other fields and a rescore stamp nothing", async () => {
    const id = await w.customer(undefined, { logins: 12, adoption: 40, nps: 8 });
    // Age the stamps behind the API, as time would (triggers held for this one statement).
    await w.sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update public.customers set signal_updated_at = '{"logins": "2026-01-01T00:00:00Z", "adoption": "2026-01-01T00:00:00Z", "nps": "2026-01-01T00:00:00Z"}' where id = ${id}`;
    });
    await w.api("upsert_account", { id, adoption: 40, manager: "Sam", tier: "mid" });
    await w.api("score_customer", { id });
    expect(await stampsOf(id), "nothing a signal's value moved").toEqual({
      logins: "2026-01-01T00:00:00.000000Z", adoption: "2026-01-01T00:00:00.000000Z", nps: "2026-01-01T00:00:00.000000Z",
    });
    await w.api("upsert_account", { id, adoption: 55, nps: "promoter" });
    const stamps = await stampsOf(id);
    expect(stamps.logins, "logins unchanged").toBe("2026-01-01T00:00:00.000000Z");
    expect(Date.parse(stamps.adoption), "adoption changed").toBeGreaterThan(Date.parse("2026-06-01"));
    expect(Date.parse(stamps.nps), "nps changed (to a category)").toBeGreaterThan(Date.parse("2026-06-01"));
    await w.api("upsert_account", { id, logins: null });
    expect(Object.keys(await stampsOf(id)), "a cleared signal has no stamp").not.toContain("logins");
  });

  test("a writer cannot set the stamps themselves", async () => {
    const id = await w.customer(undefined, { logins: 3 });
    const before = await stampsOf(id);
    await w.sql`update public.customers set signal_updated_at = '{"logins": "2000-01-01T00:00:00Z"}' where id = ${id}`;
    expect(await stampsOf(id)).toEqual(before);
  });
});

describe("the staleness window", () => {
  test("defaults to 30 days, is set with the signal thresholds, and a bad value is refused naming the field", async () => {
    const id = await w.customer();
    const settingsOf = async () => (await w.as(w.viewer, "get_customer", { id })).body.scoring.settings.signalThresholds;
    expect((await settingsOf()).stalenessDays, "existing settings stay valid with the default").toBe(30);
    const saved = await w.scoring("update_settings", { signal_thresholds: { stalenessDays: 14 } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await settingsOf()).stalenessDays).toBe(14);
    expect((await settingsOf()).lowLogins, "the section's other thresholds keep their defaults").toBe(5);
    const refused = await w.scoring("update_settings", { signal_thresholds: { stalenessDays: 2.5 } });
    expect(refusal(refused)).toEqual({ status: 400, field: "signal_thresholds.stalenessDays" });
  });
});
