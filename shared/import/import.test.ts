import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { headerKey, importFields, matchHeaders, synonymClaims, templateColumns } from "./columns.ts";
import { headerCells, readCsvText } from "./read.ts";
import { cleanRow, dateOf, mergeRepeats } from "./values.ts";

const today = "2026-12-02";
// Tests run from the repository root.
const fixture = (name: string) => readFileSync(`tests/fixtures/import/${name}`, "utf8");

describe("header matching", () => {
  it.each([
    ["Company Name", "name"], ["CSM", "manager"], ["Logins (30d)", "logins"], ["Feature Adoption %", "adoption"],
    ["Open Tickets", "tickets"], ["Renews On", "renewal_date"], ["Stage", "lifecycle"], ["MRR ($)", "mrr"],
    ["  customer  ", "name"], ["Account", "name"], ["owner", "manager"], ["Rep", "manager"], ["revenue", "mrr"],
    ["Annual Recurring Revenue", "arr"], ["logins_30d", "logins"], ["Login Frequency", "logins"],
    ["Logins in the last 30 days", "logins"], ["feature_adoption_pct", "adoption"], ["tickets", "tickets"],
    ["nps_category", "nps"], ["NPS Score", "nps"], ["csat", "csat"], ["Days", "days"], ["days_since_contact", "days"],
    ["Renewal Date", "renewal_date"], ["renewal_date", "renewal_date"], ["Growth Signal", "growth"], ["TIER", "tier"],
    ["Tags", "tags"], ["Lifecycle", "lifecycle"], ["Sentiment", "sentiment"], ["Customer Since", "since"],
    ["next_touch", "next_touch"], ["scoring_profile", "scoring_profile"], ["Notes", "note"], ["months_to_renewal", "months_to_renewal"],
    ["id", "id"], ["date", "date"], ["Last Contact Date", "last_contact_date"], ["Favourite Colour", null], ["", null],
  ])("%j is %j", (header, field) => {
    expect(matchHeaders([header])).toEqual([field]);
  });

  it("recognises every template column as its field", () => {
    const mapping = matchHeaders(templateColumns);
    expect(mapping.every((f) => f !== null), `unmatched: ${templateColumns.filter((_, i) => !mapping[i])}`).toBe(true);
    expect(new Set(mapping).size).toBe(templateColumns.length);
  });

  it("never lets two fields claim one header name", () => {
    const clashes = [...synonymClaims()].filter(([, fields]) => fields.length > 1);
    expect(clashes).toEqual([]);
  });

  it("fills a field from its first column only, leaving a second for the user", () => {
    expect(matchHeaders(["Company", "Customer Name"])).toEqual(["name", null]);
  });

  it("prefers a remembered choice, including a remembered ignore, over the synonyms", () => {
    const remembered = { [headerKey("Account Owner Email")]: "manager" as const, [headerKey("Revenue")]: null };
    expect(matchHeaders(["Account Owner Email", "Revenue", "Company"], remembered)).toEqual(["manager", null, "name"]);
  });

  it("normalises case, accents, punctuation, units and fillers into one key", () => {
    expect(headerKey("  Feature-Adoption (%) ")).toBe("feature adoption");
    expect(headerKey("Renews On")).toBe("renews");
    expect(headerKey("Name")).toBe("name");
    expect(importFields.length).toBeGreaterThan(20);
  });
});

describe("dates", () => {
  it.each([
    ["2027-03-31", "2027-03-31"], ["2027/03/31", "2027-03-31"], ["2027-03-31T00:00:00Z", "2027-03-31"],
    ["2027-03-31T23:00:00-05:00", "2027-04-01"], ["31/03/2027", "2027-03-31"], ["03/31/2027", "2027-03-31"],
    ["05/05/2027", "2027-05-05"],
  ])("%s is %s", (text, date) => {
    expect(dateOf(text)).toEqual({ date });
  });

  it.each([
    ["31/02/2027", "is not a real date"], ["2027-02-30", "must be a date"], ["03/04/2027", "could be day/month or month/day"],
    ["next week", "must be a date"], ["2027-13-01", "must be a date"],
  ])("%s is refused (%s), never guessed", (text, rule) => {
    const result = dateOf(text);
    expect("error" in result && result.error).toContain(rule);
  });
});

describe("cleaning a row", () => {
  const columns = ["name", "mrr", "adoption", "tier", "tags", "nps", "lifecycle", "logins", "renewal_date", "growth", "days"] as const;
  const mapping = [...columns];
  const row = (values: Partial<Record<(typeof columns)[number], string>>) => columns.map((c) => values[c] ?? "");

  it.each([
    ["money with $ and thousands separators", { mrr: "$1,200.50" }, { mrr: 1200.5 }],
    ["a percentage", { adoption: "75%" }, { adoption: 75 }],
    ["Mid-Market", { tier: "Mid-Market" }, { tier: "mid" }],
    ["SMB", { tier: "SMB" }, { tier: "smb" }],
    ["Enterprise", { tier: " Enterprise " }, { tier: "enterprise" }],
    ["tags by |", { tags: "vip| beta |vip" }, { tags: ["vip", "beta"] }],
    ["tags by ,", { tags: "east, west" }, { tags: ["east", "west"] }],
    ["NPS as a number", { nps: "9" }, { nps: 9 }],
    ["NPS as a category", { nps: "Promoter" }, { nps: "promoter" }],
    ["At Risk", { lifecycle: "At Risk" }, { lifecycle: "atrisk" }],
    ["Won / Upsold", { lifecycle: "Won / Upsold" }, { lifecycle: "won" }],
    ["a count with a thousands separator", { logins: "1,234" }, { logins: 1234 }],
    ["an ISO instant", { renewal_date: "2027-03-31T00:00:00Z" }, { renewal_date: "2027-03-31" }],
    ["growth in capitals", { growth: "STRONG" }, { growth: "strong" }],
  ])("takes %s", (_, cells, expected) => {
    const result = cleanRow(row({ name: "Acme", ...cells }), mapping, today);
    expect(result).toEqual({ ok: true, account: { name: "Acme", ...expected } });
  });

  it.each([
    ["an impossible date", { renewal_date: "31/02/2027" }, "renewal_date", "not a real date"],
    ["money in words", { mrr: "lots" }, "mrr", "mrr must be a number"],
    ["adoption over 100", { adoption: "140" }, "adoption", "between 0 and 100"],
    ["negative logins", { logins: "-3" }, "logins", "between 0 and"],
    ["NPS 11", { nps: "11" }, "nps", "between 0 and 10"],
    ["an unknown tier", { tier: "huge" }, "tier", "tier must be one of: smb, mid, enterprise"],
    ["an unknown lifecycle", { lifecycle: "sideways" }, "lifecycle", "lifecycle must be one of"],
    ["fractional days", { days: "2.5" }, "days", "whole number"],
    ["no name", { name: "  " }, "name", "name is required"],
  ])("refuses %s, naming the field and the rule", (_, cells, field, rule) => {
    const result = cleanRow(row({ name: "Acme", ...cells }), mapping, today);
    expect(result.ok).toBe(false);
    const error = !result.ok && result.errors.find((e) => e.field === field);
    expect(error && error.message).toContain(rule);
  });

  it("reports every bad cell of a row, not just the first", () => {
    const result = cleanRow(row({ name: "Acme", mrr: "lots", tier: "huge" }), mapping, today);
    expect(!result.ok && result.errors.map((e) => e.field).sort()).toEqual(["mrr", "tier"]);
  });

  it("leaves empty cells out, so a partial file changes only what it has", () => {
    expect(cleanRow(row({ name: "Acme", mrr: "  " }), mapping, today)).toEqual({ ok: true, account: { name: "Acme" } });
  });

  it("places months_to_renewal from today, unless the row has a renewal date", () => {
    expect(cleanRow(["Acme", "3"], ["name", "months_to_renewal"], "2026-11-30")).toEqual({ ok: true, account: { name: "Acme", renewal_date: "2027-02-28" } });
    expect(cleanRow(["Acme", "3", "2027-06-01"], ["name", "months_to_renewal", "renewal_date"], today))
      .toEqual({ ok: true, account: { name: "Acme", renewal_date: "2027-06-01" } });
  });

  it("counts a backfill row's days since contact to its own date", () => {
    expect(cleanRow(["Acme", "2026-06-30", "2026-06-10"], ["name", "date", "last_contact_date"], today))
      .toEqual({ ok: true, account: { name: "Acme", days: 20 }, snapshot: { date: "2026-06-30" } });
  });
});

describe("a messy file, read as the worker reads it", () => {
  const rows = readCsvText(fixture("messy.csv"));
  const headers = headerCells(rows[0]);
  const mapping = matchHeaders(headers);
  const results = rows.slice(1).map((cells) => cleanRow(cells, mapping, today));

  it("drops the byte-order mark, skips blank lines and matches the headers", () => {
    expect(headers[0]).toBe("Company Name");
    expect(mapping).toEqual(["name", "manager", "mrr", "logins", "adoption", "tickets", "nps", "renewal_date", "lifecycle", "tier", "tags", null]);
    expect(rows).toHaveLength(6);
  });

  it("keeps quoted commas and quotes, trims padded cells and keeps UTF-8 names", () => {
    expect(results[0]).toEqual({ ok: true, account: {
      name: "Acme, Inc.", manager: "Sarah", mrr: 1200.5, logins: 22, adoption: 75, tickets: 1, nps: "promoter",
      renewal_date: "2027-03-31", lifecycle: "active", tier: "mid", tags: ["vip", "beta"],
    } });
    expect(results[1]).toMatchObject({ ok: true, account: { name: 'The "Quoted" Co', tags: ["east", "west"], nps: 6, lifecycle: "atrisk", tier: "smb" } });
    expect(results[2]).toEqual({ ok: false, errors: [{ field: "renewal_date", message: "renewal_date is not a real date (31/02/2027); write it as YYYY-MM-DD" }] });
  });

  it("refuses the bad row naming each field", () => {
    expect(results[3].ok).toBe(false);
    expect(!results[3].ok && results[3].errors.map((e) => e.field).sort()).toEqual(["adoption", "lifecycle", "logins", "mrr", "nps", "tier"]);
  });

  it("reads the same customer in another case as its own row (the server updates one customer)", () => {
    expect(results[4]).toEqual({ ok: true, account: { name: "ACME, INC.", manager: "Sarah", mrr: 1300 } });
  });
});

describe("rows naming the same customer", () => {
  it("become one row in the first one's place, later cells winning and the first spelling of the name kept", () => {
    const rows = [
      { lines: [2], account: { name: "Acme", mrr: 1, tier: "mid" as const } },
      { lines: [3], account: { name: "Beta" } },
      { lines: [4], account: { name: "ACME", mrr: 2 } },
    ];
    expect(mergeRepeats(rows)).toEqual([
      { lines: [2, 4], account: { name: "Acme", mrr: 2, tier: "mid" } },
      { lines: [3], account: { name: "Beta" } },
    ]);
  });

  it("stay apart in a backfill when they are snapshots of different days", () => {
    const rows = [{ lines: [2], account: { name: "Acme" }, date: "2026-01-01" }, { lines: [3], account: { name: "acme" }, date: "2026-01-02" }];
    expect(mergeRepeats(rows)).toHaveLength(2);
  });

  it("are found by id when the row has one, and the last name renames", () => {
    const id = "7b0b8f2e-1111-4222-8333-944445555666";
    expect(mergeRepeats([{ lines: [2], account: { id, name: "Old" } }, { lines: [3], account: { id, name: "New" } }]))
      .toEqual([{ lines: [2, 3], account: { id, name: "New" } }]);
  });
});
