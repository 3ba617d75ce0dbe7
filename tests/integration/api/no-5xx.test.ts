// Inputs that once reached Postgres and came back as 5xx, or passed when they
// should not: each is now a 4xx that names the field, and writes nothing.
import { describe, expect, test } from "vitest";
import { type Auth, demoKey, get, post, signIn } from "./api.ts";

const cursor = (c: object) => Buffer.from(JSON.stringify(c)).toString("base64url");
const zero = "00000000-0000-4000-8000-000000000000";
const list = (params: Record<string, string>) => get(demoKey(0), { action: "list_customers", ...params });

type Case = { name: string; send: () => Promise<{ status: number; body: any }>; field: string };

const cases: Case[] = [
  { name: "a NUL inside a cursor's sort value (was 22021)", field: "cursor",
    send: () => list({ sort: "name", order: "asc", cursor: cursor({ s: "name", o: "asc", v: "a\u0000b", id: zero }) }) },
  { name: "a cursor whose timestamp has the offset +99 (was 22009)", field: "cursor",
    send: () => list({ cursor: cursor({ s: "updated_at", o: "desc", v: "2026-01-01 00:00:00+99", id: zero }) }) },
  { name: "renewal_date 0000-01-01 in upsert_account (was 22008)", field: "renewal_date",
    send: () => post(demoKey(0), { action: "upsert_account", data: { name: "Acme Corp", renewal_date: "0000-01-01" } }) },
  { name: "limit in hexadecimal", field: "limit", send: () => list({ limit: "0x10" }) },
  { name: "limit in exponent notation", field: "limit", send: () => list({ limit: "1e2" }) },
  { name: "limit as an array", field: "limit", send: () => post(demoKey(0), { action: "list_customers", data: { limit: [5] } }) },
  { name: "a misspelt list parameter (stauts=critical listed everyone)", field: "stauts", send: () => list({ stauts: "critical" }) },
];

describe("inputs that used to fail inside Postgres or pass unchecked", () => {
  for (const c of cases) {
    test(`${c.name} is a 400 naming ${c.field}`, async () => {
      const res = await c.send();
      expect({ status: res.status, field: res.body.error?.field }).toEqual({ status: 400, field: c.field });
    });
  }

  test("in upsert_accounts a row with renewal_date 0000-01-01 is refused by index and the valid row is applied", async () => {
    const res = await post(demoKey(0), { action: "upsert_accounts", data: { accounts: [
      { name: "Year Zero Co", renewal_date: "0000-01-01" }, { name: "Acme Corp", note: "batch with a bad row" },
    ] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: 1, failed: 1 });
    expect(res.body.results[0]).toMatchObject({ index: 0, ok: false, error: { field: "renewal_date" } });
  });

  test("an unknown key of a strict input is named as the field (it was \"\")", async () => {
    const owner: Auth = await signIn("owner");
    const res = await post(owner, { action: "create_client", data: { name: "Never made", colour: "red" } });
    expect({ status: res.status, field: res.body.error?.field }).toEqual({ status: 400, field: "colour" });
  });
});
