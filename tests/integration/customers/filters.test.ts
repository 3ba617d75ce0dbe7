// list_customers' column filters and column sorts (the Customers page's):
// each filter lists exactly the customers it names, a bad value is a 400
// naming its parameter, and every column sort pages by cursor without gaps.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeWorld, type World } from "../scoring/world.ts";

let w: World;

// Eight customers, each distinct in what the filters look at.
const rows = [
  { name: "Alpha", mrr: 500, arr: 6000, logins: 2, adoption: 10, tickets: 6, nps: 3, days: 90, growth: "none", sentiment: "negative", manager: "Sarah Lee", tags: ["vip", "emea"], renewal_date: "2027-01-10", next_touch: "2026-12-05", tier: "smb", lifecycle: "active" },
  { name: "Bravo", mrr: 1500, arr: 18000, logins: 12, adoption: 45, tickets: 2, nps: 7, days: 20, growth: "mild", sentiment: "neutral", manager: "sarah lee", tags: ["beta"], renewal_date: "2027-03-01", next_touch: "2026-12-20", tier: "mid", lifecycle: "onboarding" },
  { name: "Charlie", mrr: 4000, arr: 48000, logins: 28, adoption: 80, tickets: 0, nps: 9, days: 3, growth: "strong", sentiment: "positive", manager: "Tom Ode", tags: ["vip"], renewal_date: "2027-06-15", next_touch: "2027-01-15", tier: "enterprise", lifecycle: "active" },
  { name: "Delta", mrr: 900, arr: 10800, logins: 5, adoption: 30, tickets: 4, nps: 5, days: 150, growth: "none", sentiment: "negative", manager: "Tom Ode", tags: [], tier: "smb", lifecycle: "atrisk" },
  { name: "Echo 100%_x", mrr: 2500, arr: 30000, logins: 20, adoption: 60, tickets: 1, nps: 8, days: 10, growth: "mild", sentiment: "neutral", manager: "Ann Kim", tags: ["apac"], renewal_date: "2026-12-20", tier: "mid", lifecycle: "won" },
  { name: "Foxtrot", mrr: 100, arr: 1200, logins: 0, adoption: 5, tickets: 9, nps: 1, days: 200, growth: "none", sentiment: "negative", manager: "Ann Kim", tags: ["legacy"], tier: "smb", lifecycle: "churned" },
] as const;

beforeAll(async () => {
  w = await makeWorld("customer-filters");
  const res = await w.api("upsert_accounts", { accounts: rows });
  expect(res.body.applied, "every seed row is written").toBe(rows.length);
});
afterAll(() => w?.end());

/** Names listed for a query string (through GET, as Zapier and the dashboard send it). */
async function names(params: Record<string, string>) {
  const qs = new URLSearchParams({ action: "list_customers", sort: "name", order: "asc", limit: "500", ...params });
  const { url } = (await import("../../stack/context.ts")).stack();
  const res = await fetch(`${url}/functions/v1/api-inbound?${qs}`, { headers: { "x-api-key": w.apiKey } });
  const body = await res.json();
  return { status: res.status, body, names: res.ok ? body.customers.map((c: { name: string }) => c.name) : null };
}

describe("list_customers column filters", () => {
  const cases: [string, Record<string, string>, string[]][] = [
    ["mrr from 1000 to 4000, inclusive", { mrr_min: "1000", mrr_max: "4000" }, ["Bravo", "Charlie", "Echo 100%_x"]],
    ["arr at least 30000", { arr_min: "30000" }, ["Charlie", "Echo 100%_x"]],
    ["logins at most 5", { logins_max: "5" }, ["Alpha", "Delta", "Foxtrot"]],
    ["adoption between 40 and 70", { adoption_min: "40", adoption_max: "70" }, ["Bravo", "Echo 100%_x"]],
    ["tickets 4 or more", { tickets_min: "4" }, ["Alpha", "Delta", "Foxtrot"]],
    ["nps 9 or more (promoters)", { nps_min: "9" }, ["Charlie"]],
    ["days since contact over 100", { days_min: "100" }, ["Delta", "Foxtrot"]],
    ["renewal in the first quarter of 2027", { renewal_from: "2027-01-01", renewal_to: "2027-03-31" }, ["Alpha", "Bravo"]],
    ["next touch before Christmas", { next_touch_to: "2026-12-24" }, ["Alpha", "Bravo"]],
    ["growth mild or strong (a list)", { growth: "mild,Strong" }, ["Bravo", "Charlie", "Echo 100%_x"]],
    ["negative sentiment", { sentiment: "negative" }, ["Alpha", "Delta", "Foxtrot"]],
    ["manager contains, any case", { manager_contains: "SARAH" }, ["Alpha", "Bravo"]],
    ["a tag contains", { tag_contains: "PA" }, ["Echo 100%_x"]],
    ["churned left out", { exclude_lifecycle: "churned", manager: "Ann Kim" }, ["Echo 100%_x"]],
    ["search finds by tag", { search: "vip" }, ["Alpha", "Charlie"]],
    ["search still finds by name", { search: "char" }, ["Charlie"]],
    ["search takes % and _ literally", { search: "100%_" }, ["Echo 100%_x"]],
    ["filters combine", { tier: "smb", tickets_min: "5", exclude_lifecycle: "churned" }, ["Alpha"]],
  ];
  test.each(cases)("%s", async (_, params, expected) => {
    const res = await names(params);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.names, "exactly the customers the filter names").toEqual(expected);
    expect(res.body.total, "the total counts the same customers").toBe(expected.length);
  });

  test("a score range lists the customers whose score is in it", async () => {
    const all = (await names({})).body.customers as { name: string; score: number | null; score_exact: number | null }[];
    const expected = all.filter((c) => c.score_exact !== null && c.score_exact >= 25 && c.score_exact <= 60).map((c) => c.name);
    expect(expected.length, "the seed has scores in the range").toBeGreaterThan(0);
    expect((await names({ score_min: "25", score_max: "60" })).names).toEqual(expected);
  });

  const bad: [string, string][] = [
    ["score_min", "abc"], ["mrr_max", "1e3"], ["days_min", "[5]"], ["renewal_from", "2027-02-30"], ["next_touch_to", "tomorrow"],
    ["growth", "huge"], ["sentiment", "happy,positive"], ["exclude_lifecycle", "gone"], ["tag_contains", "x".repeat(61)],
  ];
  test.each(bad)("a bad %s (%s) is a 400 naming it", async (field, value) => {
    const res = await names({ [field]: value });
    expect(res.status, "refused as bad input").toBe(400);
    expect(res.body.error.field, "the error names the parameter").toBe(field);
  });
});

describe("count_customer_tabs", () => {
  /** list_customers' total for one tab, the way the page asks for its rows. */
  const total = async (params: Record<string, string>) => (await names({ ...params, limit: "1" })).body.total as number;

  test.each([["no filter", {}], ["a search and a filter", { search: "a", mrr_max: "3000" }], ["a tier", { tier: "smb" }]] as const)(
    "with %s, each tab's count is list_customers' total for that tab",
    async (_, filters: Record<string, string>) => {
      const qs = new URLSearchParams({ action: "count_customer_tabs", ...filters });
      const { url } = (await import("../../stack/context.ts")).stack();
      const res = await fetch(`${url}/functions/v1/api-inbound?${qs}`, { headers: { "x-api-key": w.apiKey } });
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(200);
      const expected: Record<string, number> = { all: await total(filters), churned: await total({ ...filters, lifecycle: "churned" }) };
      for (const band of ["critical", "atrisk", "watch", "healthy", "expansion"]) {
        expected[band] = await total({ ...filters, status: band, exclude_lifecycle: "churned" });
      }
      expect(body.counts, "one scan counts what seven lists would").toEqual(expected);
      expect(body.counts.all, "the seed has customers in this view").toBeGreaterThan(0);
    },
  );

  test("a tab's own parameter is refused by name: the tabs are what it counts", async () => {
    const { url } = (await import("../../stack/context.ts")).stack();
    const res = await fetch(`${url}/functions/v1/api-inbound?action=count_customer_tabs&status=atrisk`, { headers: { "x-api-key": w.apiKey } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe("status");
  });
});

describe("list_customers column sorts", () => {
  const sorts: [string, (c: any) => unknown][] = [
    ["tier", (c) => ["smb", "mid", "enterprise"].indexOf(c.tier)],
    ["logins", (c) => c.logins], ["adoption", (c) => c.adoption], ["tickets", (c) => c.tickets],
    ["nps", (c) => c.nps], ["days", (c) => c.days], ["manager", (c) => c.manager.toLowerCase()],
    ["renewal_date", (c) => c.renewal_date], ["next_touch", (c) => c.next_touch],
    ["lifecycle", (c) => ["onboarding", "active", "atrisk", "won", "churned"].indexOf(c.lifecycle)],
  ];
  test.each(sorts)("sort=%s orders by that column, missing values last, and pages by cursor without gaps", async (sort, key) => {
    const full = await names({ sort, order: "asc" });
    expect(full.status, JSON.stringify(full.body)).toBe(200);
    const values = full.body.customers.map(key);
    const present = values.filter((v: unknown) => v !== null && v !== undefined);
    expect(present, "ascending").toEqual([...present].sort((a: any, b: any) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(values.slice(present.length).every((v: unknown) => v === null), "customers without a value come last").toBe(true);

    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await names({ sort, order: "asc", limit: "2", ...(cursor ? { cursor } : {}) });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      paged.push(...page.names);
      cursor = page.body.next_cursor ?? undefined;
    } while (cursor);
    expect(paged, "cursor pages list the same customers in the same order").toEqual(full.names);
  });

  test("sort=status puts the worst band first", async () => {
    const order = ["critical", "atrisk", "watch", "healthy", "expansion"];
    const statuses = (await names({ sort: "status", order: "asc" })).body.customers.map((c: any) => order.indexOf(c.status))
      .filter((i: number) => i >= 0);
    expect(statuses.length, "the scored customers").toBe(rows.length - 1);
    expect(statuses).toEqual([...statuses].sort((a: number, b: number) => a - b));
  });
});
