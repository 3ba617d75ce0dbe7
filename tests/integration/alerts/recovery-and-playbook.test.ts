// A sharp drop opens a recovery case that closes itself when the account is
// back in the band it left, or is closed by a user with an outcome; the
// client's recovery figures follow. Playbook progress is saved per customer
// and audited; the QBR document is written from the customer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRecordWorld, refusal, type RecordWorld } from "../record/record-world.ts";

let w: RecordWorld;
beforeAll(async () => {
  w = await makeRecordWorld("recovery");
});
afterAll(async () => {
  await w?.end();
});

const strong = { logins: 30, adoption: 90, tickets: 0, nps: 10, days: 0, growth: "strong" };
const weak = { logins: 5, adoption: 30, tickets: 3 };

async function push(name: string, fields: Record<string, unknown>) {
  const res = await w.api("upsert_account", { name, ...fields });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body.customer as { id: string; score: number; status: string };
}

describe("recovery cases", () => {
  it("open on a drop of 15 points out of the band and close themselves on recovery", async () => {
    const name = `Falling ${w.suffix}`;
    const peak = await push(name, { ...strong, manager: "Dana" });
    expect(peak.status).toBe("expansion");
    const low = await push(name, weak);
    expect(peak.score - low.score, "the drop is well over 15 points").toBeGreaterThanOrEqual(15);

    const open = await w.as(w.manager, "list_recovery_cases", { customer_id: peak.id });
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    expect(open.body.cases).toHaveLength(1);
    const [c] = open.body.cases;
    expect(c).toMatchObject({ state: "open", manager: "Dana", peak_status: "expansion", outcome: null });
    expect(Math.round(c.peak_score)).toBe(Math.round(peak.score));
    const moved = c.timeline.flatMap((t: { changes: { signal: string }[] }) => t.changes.map((x) => x.signal));
    expect(moved, "the timeline names what moved").toEqual(expect.arrayContaining(["logins", "adoption", "tickets"]));

    await push(name, { ...weak, tickets: 4 });
    const [{ n }] = await w.sql`select count(*)::int as n from public.recovery_cases where customer_id = ${peak.id}`;
    expect(n, "a further fall does not open a second case").toBe(1);

    await push(name, strong);
    const closed = await w.as(w.manager, "list_recovery_cases", { customer_id: peak.id, state: "closed" });
    expect(closed.body.cases).toMatchObject([{ id: c.id, state: "closed", outcome: "recovered", closed_by_email: null }]);
    expect(closed.body.stats).toMatchObject({ recovered: 1, recovered_share: 1 });
    expect(closed.body.stats.median_days_to_recover).toBeGreaterThanOrEqual(0);
  });

  it("are closed by a user with an outcome and a note, once", async () => {
    const name = `False alarm ${w.suffix}`;
    const peak = await push(name, strong);
    await push(name, weak);
    const [c] = (await w.as(w.owner, "list_recovery_cases", { customer_id: peak.id })).body.cases;
    expect(refusal(await w.as(w.owner, "close_recovery_case", { id: c.id, outcome: "fine" }))).toEqual({ status: 400, field: "outcome" });
    expect(refusal(await w.as(w.viewer, "close_recovery_case", { id: c.id, outcome: "false_alarm", note: "x" }))).toMatchObject({ status: 403 });
    const res = await w.as(w.manager, "close_recovery_case", { id: c.id, outcome: "false_alarm", note: "Data import glitch" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.case).toMatchObject({ state: "closed", outcome: "false_alarm", note: "Data import glitch", closed_by_email: w.manager.email });
    expect(refusal(await w.as(w.manager, "close_recovery_case", { id: c.id, outcome: "recovered", note: "again" }))).toEqual({ status: 409, field: "id" });
    const theirs = await w.as(w.other.ownerToken, "list_recovery_cases", { state: "all" }, w.other.clientId);
    expect(theirs.body.cases, "another agency sees none of ours").toEqual([]);
  });

  it("look back scoreDropDays days (7 by default), a signal threshold users can set", async () => {
    const refused = await w.scoring("update_settings", { signal_thresholds: { scoreDropDays: 2.5 } });
    expect(refusal(refused)).toEqual({ status: 400, field: "signal_thresholds.scoreDropDays" });
    const saved = await w.scoring("update_settings", { signal_thresholds: { scoreDropDays: 3 } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const [{ days }] = await w.sql`select signal_thresholds -> 'scoreDropDays' as days from public.client_settings where client_id = ${w.clientId}`;
    expect(days, "the setting is stored, not dropped by the schema").toBe(3);

    const name = `Short window ${w.suffix}`;
    const peak = await push(name, strong);
    await push(name, weak);
    const [c] = (await w.as(w.manager, "list_recovery_cases", { customer_id: peak.id })).body.cases;
    expect(c.window_days, "the case opened with the client's window").toBe(3);
    expect((await w.scoring("update_settings", { signal_thresholds: {} })).status).toBe(200);
  });
});

describe("playbooks and QBR prep", () => {
  it("generate plays from the customer's signals and save each item's progress, audited", async () => {
    const { id } = await push(`Adopting ${w.suffix}`, { logins: 2, adoption: 15, tickets: 0, nps: 8 });
    const book = await w.as(w.manager, "get_playbook", { customer_id: id });
    expect(book.status, JSON.stringify(book.body)).toBe(200);
    const adoption = book.body.plays.find((p: { key: string }) => p.key === "adoption");
    expect(adoption).toMatchObject({ priority: "high", progress: { done: 0, total: 3 } });
    expect(adoption.why).toContain("Feature adoption is 15% (threshold: under 30%).");

    const ticked = await w.as(w.manager, "set_play_item", { customer_id: id, play: "adoption", item: "training", done: true });
    expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
    expect(ticked.body.play.progress).toEqual({ done: 1, total: 3 });
    const again = await w.as(w.viewer, "get_playbook", { customer_id: id });
    const item = again.body.plays.find((p: { key: string }) => p.key === "adoption").items.find((i: { key: string }) => i.key === "training");
    expect(item, "progress persists, with who ticked it").toMatchObject({ done: true, changed_by_email: w.manager.email });
    const [{ n }] = await w.sql`select count(*)::int as n from public.audit_log where table_name = 'play_items' and client_id = ${w.clientId}`;
    expect(n).toBe(1);

    expect(refusal(await w.as(w.manager, "set_play_item", { customer_id: id, play: "upsell", item: "intro_sales", done: true })))
      .toEqual({ status: 400, field: "play" });
    expect(refusal(await w.as(w.manager, "set_play_item", { customer_id: id, play: "adoption", item: "nope", done: true })))
      .toEqual({ status: 400, field: "item" });
    expect(refusal(await w.as(w.viewer, "set_play_item", { customer_id: id, play: "adoption", item: "training", done: false })))
      .toMatchObject({ status: 403 });
  });

  it("write the QBR from the customer's status, alerts and notes", async () => {
    const { id } = await push(`Reviewing ${w.suffix}`, { logins: 25, adoption: 20, tickets: 4, nps: 9, manager: "Sam" });
    expect((await w.as(w.owner, "add_note", { customer_id: id, body: "Wants SSO next quarter" })).status).toBe(201);
    const qbr = await w.as(w.viewer, "get_qbr", { customer_id: id });
    expect(qbr.status, JSON.stringify(qbr.body)).toBe(200);
    expect(qbr.body.summary).toContain("managed by Sam");
    expect(qbr.body.risks[0]).toMatchObject({ severity: "critical" });
    expect(qbr.body.context[0]).toContain("Wants SSO next quarter");
    expect(qbr.body.text).toContain("Suggested agenda");
    expect(refusal(await w.as(w.other.ownerToken, "get_qbr", { customer_id: id }, w.other.clientId))).toEqual({ status: 404, field: "customer_id" });
  });
});
