// Historical backfill: past snapshots land in score history at their dates,
// scored with the settings in force then; the same file twice adds nothing;
// bad dates, future dates and unknown customers are refused by name.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cleanRow } from "../../../shared/import/values.ts";
import { makeRecordWorld, refusal, type RecordWorld } from "../record/record-world.ts";

let w: RecordWorld;
beforeAll(async () => {
  w = await makeRecordWorld("backfill");
  expect((await w.as(w.owner, "import_customers", { accounts: [{ name: "Acme", logins: 30, adoption: 100 }] })).body.created).toBe(1);
});
afterAll(() => w?.end());

const history = () => w.sql`
  select score::float8 as score, status, reason, signals, config_version, created_at::date::text as day
  from public.score_history where client_id = ${w.clientId} and reason = 'backfill' order by created_at`;

const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe("backfill_history", () => {
  test("snapshots of a CSV with date and last_contact_date land at their dates, scored, and loading twice adds nothing", async () => {
    const mapping = ["name", "date", "logins", "adoption", "last_contact_date"] as const;
    const rows = [["Acme", daysAgo(30), "0", "0", daysAgo(210)], ["acme", daysAgo(20), "30", "100", daysAgo(20)]];
    const snapshots = rows.map((cells) => {
      const r = cleanRow(cells, [...mapping], today);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return { ...r.account, date: r.snapshot!.date };
    });
    expect(snapshots[0]).toMatchObject({ days: 180 });
    const first = await w.as(w.manager, "backfill_history", { snapshots });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ added: 2, already: 0, refused: 0 });
    const stored = await history();
    expect(stored.map((h) => h.day)).toEqual([daysAgo(30), daysAgo(20)]);
    expect(stored[0]).toMatchObject({ status: "critical", signals: { logins: 0, adoption: 0, days: 180 } });
    expect(stored[1].score, "all present signals at their best").toBe(100);
    const again = await w.as(w.manager, "backfill_history", { snapshots });
    expect(again.body).toMatchObject({ added: 0, already: 2 });
    expect(await history()).toHaveLength(2);
  });

  test("each snapshot is scored with the settings in force on its date", async () => {
    // Settings change now: yesterday's snapshot keeps the old weights, the version saved before it.
    const [{ version: before }] = await w.sql`select version from public.client_settings where client_id = ${w.clientId}`;
    await w.sql`update public.config_history set created_at = now() - interval '400 days' where client_id = ${w.clientId}`;
    expect((await w.scoring("update_settings", { weights: { logins: 100, adoption: 0, tickets: 0, nps: 0, csat: 0, days: 0, growth: 0 } })).status).toBe(200);
    const res = await w.as(w.owner, "backfill_history", { snapshots: [
      { name: "Acme", date: daysAgo(3), logins: 0, adoption: 100 },
    ] });
    expect(res.body.added).toBe(1);
    const [snap] = (await history()).filter((h) => h.day === daysAgo(3));
    expect(snap.config_version, "the version in force three days ago").toBe(before);
    expect(snap.score, "old weights: logins 0 and adoption 100 weigh equally").toBe(50);
  });

  test("bad, future and missing dates and unknown customers are refused by field; a viewer may not backfill", async () => {
    const res = await w.as(w.owner, "backfill_history", { snapshots: [
      { name: "Acme", date: "2026-02-30", logins: 1 },
      { name: "Acme", date: today, logins: 1 },
      { name: "Acme", logins: 1 },
      { name: "Nobody", date: daysAgo(5), logins: 1 },
      { name: "Acme", date: daysAgo(5), logins: -1 },
    ] });
    expect(res.body.results.map((r: { error?: { field: string } }) => r.error?.field)).toEqual(["date", "date", "date", "name", "logins"]);
    expect(res.body.added).toBe(0);
    expect(refusal(await w.as(w.viewer, "backfill_history", { snapshots: [{ name: "Acme", date: daysAgo(5) }] }))).toEqual({ status: 403, field: "client_id" });
  });
});
