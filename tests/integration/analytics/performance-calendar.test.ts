// CSM Performance and the Calendar over HTTP as the client's owner: each
// manager's figures and the week's band changes equal what the customers and
// their history say; calendar days carry the renewals, next touches and the
// day an account falls overdue for contact.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeWorld, type World } from "../scoring/world.ts";

let w: World;
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const asOwner = (action: string, data: Record<string, unknown> = {}) =>
  w.post("api-inbound", { action, data: { client_id: w.clientId, ...data } }, { authorization: `Bearer ${w.ownerToken}` });

// [name, manager, tier, score, status, days since contact, score ten days ago]
const accounts = [
  ["Alder Dental", "Ana Ruiz", "smb", 72, "healthy", 61, 40],
  ["Basalt Law", "Ana Ruiz", "mid", 30, "atrisk", 10, 30],
  ["Cobble Freight", "Ben Okafor", "enterprise", 20, "critical", 29, 70],
  ["Dune Media", null, "smb", 55, "watch", 0, null],
] as const;

beforeAll(async () => {
  w = await makeWorld("performance");
  for (const [name, manager, tier, score, status, days, before] of accounts) {
    const [c] = await w.sql`insert into public.customers (client_id, name, manager, tier, mrr, score, status, days_since_contact,
        contact_baseline_at, renewal_date, next_touch)
      values (${w.clientId}, ${name}, ${manager}, ${tier}, 1000, ${score}, ${status}, ${days}, now(), ${inDays(3)}, ${inDays(4)})
      returning id`;
    if (before !== null) {
      await w.sql`insert into public.score_history (client_id, customer_id, score, status, reason, signals, created_at)
        values (${w.clientId}, ${c.id}, ${before}, 'watch', 'signals', '{}', now() - interval '10 days'),
               (${w.clientId}, ${c.id}, ${score}, ${status}, 'signals', '{}', now() - interval '1 day')`;
    }
  }
  await w.sql`select private.rebuild_rollups(${w.clientId})`;
});
afterAll(() => w.end());

describe("CSM Performance", () => {
  test("ranks the managers by average health, each with its accounts, MRR and contacts overdue by its tiers' cadence", async () => {
    const r = await asOwner("get_performance");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.managers.map((m: any) => [m.manager, m.accounts, m.average_score, m.mrr, m.overdue])).toEqual([
      ["", 1, 55, 1000, 0],
      ["Ana Ruiz", 2, 51, 2000, 1], // Alder: SMB, 61 days ≥ 60
      ["Ben Okafor", 1, 20, 1000, 0], // Cobble: Enterprise, 29 days < 30
    ]);
    expect(r.body.managers[2].bands.critical).toBe(1);
  });

  test("portfolio movement lists the accounts whose band changed against a week ago, up and down", async () => {
    const r = await asOwner("get_performance");
    expect(r.body.movement.moves.map((m: any) => [m.name, m.from, m.to])).toEqual([
      ["Cobble Freight", "healthy", "critical"], ["Alder Dental", "atrisk", "healthy"],
    ]);
    expect([r.body.movement.up, r.body.movement.down]).toEqual([1, 1]);
    expect(r.body.focus.length, "focus areas are written").toBeGreaterThan(0);
  });

  test("the activity feed is the client's audit log, newest first", async () => {
    const r = await asOwner("get_performance");
    const [{ n }] = await w.sql`select count(*)::int as n from public.audit_log where client_id = ${w.clientId}`;
    expect(r.body.activity.length).toBe(Math.min(25, n));
    expect(r.body.activity.map((a: any) => a.customer)).toContain("Dune Media");
  });
});

describe("Calendar", () => {
  test("a month carries each renewal and next touch on its day and the day each account falls overdue", async () => {
    const month = inDays(3).slice(0, 7);
    const r = await asOwner("get_calendar", { month });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const day = (d: string) => r.body.days.find((x: any) => x.day === d);
    expect(day(inDays(3))?.renewals, "four renewals in three days").toBe(4);
    expect(day(inDays(4))?.touches, "four next touches in four days").toBe(4);
    if (inDays(0).slice(0, 7) === month) {
      expect(day(inDays(0))?.events.filter((e: any) => e.kind === "overdue").map((e: any) => e.name), "already overdue: today")
        .toEqual(["Alder Dental"]);
    }
    if (inDays(1).slice(0, 7) === month) {
      expect(day(inDays(1))?.events.filter((e: any) => e.kind === "overdue").map((e: any) => e.name), "Cobble reaches 30 days tomorrow")
        .toEqual(["Cobble Freight"]);
    }
  });

  test("a month that is not YYYY-MM is a 400 naming month", async () => {
    const r = await asOwner("get_calendar", { month: "2026-13" });
    expect([r.status, r.body.error.field]).toEqual([400, "month"]);
  });
});
