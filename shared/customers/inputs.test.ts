// Inputs as zaps send them: tolerated where the meaning is plain, refused by
// name where it is not, and unknown fields reported (or, in strict mode,
// refused) — table-driven over the shared schemas the function validates with.
import { describe, expect, test } from "vitest";
import { countCustomerTabsQuery, listCustomersQuery, upsertAccountInput, upsertAccountsInput } from "./inputs.ts";

const upsert = (fields: Record<string, unknown>) => upsertAccountInput.safeParse({ name: "Acme Corp", ...fields });

describe("tolerant inputs", () => {
  test.each([
    ["a date-time in UTC", { renewal_date: "2027-03-01T00:00:00Z" }, { renewal_date: "2027-03-01" }],
    ["a date-time with microseconds", { next_touch: "2027-03-01T09:30:00.123456Z" }, { next_touch: "2027-03-01" }],
    ["a date-time whose UTC date is the next day", { renewal_date: "2027-03-01T23:00:00-05:00" }, { renewal_date: "2027-03-02" }],
    ["a date-time without an offset keeps its date", { since: "2024-02-29T10:00:00" }, { since: "2024-02-29" }],
    ["a plain date", { renewal_date: "2027-03-01" }, { renewal_date: "2027-03-01" }],
    ["money with $ and a thousands separator", { mrr: "$5,000" }, { mrr: 5000 }],
    ["money with spaces as separators and cents", { arr: " 12 500.50 " }, { arr: 12500.5 }],
    ["money with $ and millions", { mrr: "$1,234,567.89" }, { mrr: 1234567.89 }],
    ["money as a plain numeric string", { mrr: "700" }, { mrr: 700 }],
    ["money as a number", { mrr: 42.5 }, { mrr: 42.5 }],
  ])("%s is taken", (_, fields, expected) => {
    const parsed = upsert(fields);
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.data).toMatchObject({ ...expected, warnings: [] });
  });

  test.each([
    ["an impossible date", { renewal_date: "2027-02-30" }, "renewal_date"],
    ["an impossible date in a date-time", { renewal_date: "2027-02-30T00:00:00Z" }, "renewal_date"],
    ["year 0000", { since: "0000-01-01T00:00:00Z" }, "since"],
    ["text that is not a date-time", { renewal_date: "2027-03-01Tnoon" }, "renewal_date"],
    ["European decimal money", { mrr: "5.000,00" }, "mrr"],
    ["a misplaced thousands separator", { mrr: "1,00" }, "mrr"],
    ["negative money", { mrr: "-$5" }, "mrr"],
    ["money with words", { arr: "about 5000" }, "arr"],
  ])("%s is refused, naming the field", (_, fields, field) => {
    const parsed = upsert(fields);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path[0])).toEqual([field]);
  });
});

describe("unknown fields and strict mode", () => {
  test.each([
    ["absent", undefined],
    ["false", false],
    ['"false" (a query string)', "false"],
  ])("with strict %s, unknown fields are ignored and each named in warnings", (_, strict) => {
    const parsed = upsert({ logins: 3, colour: "red", "Company Size": 40, ...(strict === undefined ? {} : { strict }) });
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.data).toEqual({
      name: "Acme Corp", logins: 3,
      warnings: [
        { field: "colour", message: expect.stringMatching(/unknown field, ignored/) },
        { field: "Company Size", message: expect.stringMatching(/unknown field, ignored/) },
      ],
    });
  });

  test.each([["true", true], ['"true" (a query string)', "true"]])("with strict %s, each unknown field is refused by name", (_, strict) => {
    const parsed = upsert({ logins: 3, colour: "red", size: 40, strict });
    expect(parsed.error?.issues.map((i) => [i.path[0], i.message])).toEqual([["colour", "unknown field"], ["size", "unknown field"]]);
  });

  test("strict must be a boolean", () => {
    expect(upsert({ strict: "yes" }).error?.issues.map((i) => i.path[0])).toEqual(["strict"]);
  });

  test("a batch takes strict for all its rows", () => {
    expect(upsertAccountsInput.safeParse({ strict: true, accounts: [{ name: "A" }] }).data).toMatchObject({ strict: true });
    expect(upsertAccountsInput.safeParse({ accounts: [{ name: "A" }], bogus: 1 }).error?.issues[0].path, "the batch's own keys stay closed").toEqual(["bogus"]);
  });
});

describe("list filters", () => {
  test.each([
    ["status", "atrisk,critical", ["atrisk", "critical"]],
    ["status", " Critical , at-risk ", ["critical", "atrisk"]],
    ["status", "risk", ["atrisk"]],
    ["tier", "smb,enterprise", ["smb", "enterprise"]],
    ["lifecycle", "active,atrisk,active", ["active", "atrisk"]],
  ])("%s=%s is a list", (field, value, expected) => {
    expect(listCustomersQuery.parse({ [field]: value })[field as "status"]).toEqual(expected);
  });

  test.each([["status", "atrisk,bogus"], ["tier", "smb,"], ["lifecycle", ""]])("%s=%s is refused, naming the field", (field, value) => {
    expect(listCustomersQuery.safeParse({ [field]: value }).error?.issues.map((i) => i.path.join("."))).toEqual([field]);
  });
});

describe("count_customer_tabs", () => {
  test("takes the search and the column filters, parsed as list_customers parses them", () => {
    const parsed = countCustomerTabsQuery.safeParse({ search: " acme ", mrr_min: "3000", tier: "smb,mid", growth: "mild" });
    expect(parsed.data).toEqual({ search: "acme", mrr_min: 3000, tier: ["smb", "mid"], growth: ["mild"] });
  });

  test.each(["status", "lifecycle", "limit", "sort", "exclude_lifecycle"])("refuses %s: the tabs are what it counts", (field) => {
    const parsed = countCustomerTabsQuery.safeParse({ [field]: "churned" });
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual([field]);
  });
});
