// CSV import and export through the API: a messy file cleaned by the same
// shared code the page's worker runs, imported in batches (atomic, idempotent,
// editors only, never across tenants); the mapping remembered per client; the
// analysis export with its calculated columns and the list's filters; and the
// bulksheet round trip (zero changes, then exactly the edited cells).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { matchHeaders } from "../../../shared/import/columns.ts";
import { headerCells, readCsvText } from "../../../shared/import/read.ts";
import { cleanRow, mergeRepeats } from "../../../shared/import/values.ts";
import { stack } from "../../stack/context.ts";
import { makeRecordWorld, type Person, type RecordWorld, refusal } from "../record/record-world.ts";

let w: RecordWorld;

beforeAll(async () => {
  w = await makeRecordWorld("import");
});
afterAll(() => w?.end());

const today = new Date().toISOString().slice(0, 10);

/** A CSV text's valid rows as the page sends them, and the refused ones' line numbers. */
function prepare(text: string) {
  const [header, ...rows] = readCsvText(text);
  const mapping = matchHeaders(headerCells(header));
  const cleaned = rows.map((cells) => cleanRow(cells, mapping, today));
  return {
    accounts: mergeRepeats(cleaned.flatMap((r, i) => (r.ok ? [{ lines: [i + 2], account: r.account }] : []))).map((r) => r.account),
    refused: cleaned.filter((r) => !r.ok).length,
  };
}

const importRows = (who: Person, accounts: unknown[], clientId?: string) => w.as(who, "import_customers", { accounts }, clientId);

async function exportCsv(who: Person, query: Record<string, string>) {
  const params = new URLSearchParams({ client_id: w.clientId, ...query });
  const res = await fetch(`${stack().url}/functions/v1/api-inbound/export.csv?${params}`, { headers: { authorization: `Bearer ${who.token}` } });
  return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), text: await res.text() };
}

const customerNamed = async (name: string) => (await w.as(w.owner, "get_customer", { name })).body.customer;
const historyCount = async () => Number((await w.sql`select count(*) from public.score_history where client_id = ${w.clientId}`)[0].count);
const auditCount = async () => Number((await w.sql`select count(*) from public.audit_log where client_id = ${w.clientId}`)[0].count);

describe("import_customers", () => {
  test("a messy file imports its valid rows field by field; the same customer in another case is one customer, the later row winning", async () => {
    const { accounts, refused } = prepare(readFileSync("tests/fixtures/import/messy.csv", "utf8"));
    expect(refused, "the impossible date and the bad-numbers rows are refused before sending").toBe(2);
    const res = await importRows(w.manager, accounts);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 2, updated: 0, unchanged: 0, refused: 0 });
    const acme = await customerNamed("acme, inc.");
    expect(acme).toMatchObject({
      name: "Acme, Inc.", manager: "Sarah", mrr: 1300, logins: 22, adoption: 75, tickets: 1, nps: null, nps_category: "promoter",
      renewal_date: "2027-03-31", lifecycle: "active", tier: "mid", tags: ["vip", "beta"],
    });
    expect(acme.score, "an imported customer is scored").not.toBeNull();
    expect(await customerNamed('The "Quoted" Co')).toMatchObject({ tags: ["east", "west"], nps: 6, tier: "smb", renewal_date: "2027-03-31" });
  });

  test("importing the same file again changes nothing: no update, no history, no audit", async () => {
    const { accounts } = prepare(readFileSync("tests/fixtures/import/messy.csv", "utf8"));
    const before = await customerNamed("Acme, Inc.");
    const [audits, history] = [await auditCount(), await historyCount()];
    const res = await importRows(w.manager, accounts);
    expect(res.body).toMatchObject({ created: 0, updated: 0, refused: 0, unchanged: accounts.length });
    expect((await customerNamed("Acme, Inc.")).updated_at).toBe(before.updated_at);
    expect(await auditCount(), "a rerun writes no audit row").toBe(audits);
    expect(await historyCount(), "nor any score history").toBe(history);
  });

  test("rows naming one customer in the same batch (an API caller's) land on it in order, the last winning", async () => {
    const name = `Twice ${w.suffix}`;
    const res = await importRows(w.manager, [{ name, mrr: 1 }, { name: name.toUpperCase(), mrr: 2 }]);
    expect(res.body).toMatchObject({ created: 1, updated: 1 });
    expect(await customerNamed(name)).toMatchObject({ name, mrr: 2 });
  });

  test("a row the server refuses (an unknown profile) is named by its index and field; the rest of the batch is written", async () => {
    const res = await importRows(w.owner, [{ name: `Good ${w.suffix}`, mrr: 10 }, { name: `Bad ${w.suffix}`, scoring_profile: "No such profile" }, { name: "", mrr: 1 }]);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { index: 0, outcome: "created", id: expect.any(String) },
      { index: 1, outcome: "refused", error: { field: "scoring_profile", message: expect.stringContaining("No such profile") } },
      { index: 2, outcome: "refused", error: { field: "name", message: expect.stringContaining("name") } },
    ]);
    expect((await w.as(w.owner, "get_customer", { name: `Bad ${w.suffix}` })).status, "the refused row wrote nothing").toBe(404);
  });

  test("more than 500 rows in one call is refused, naming accounts, and nothing is written", async () => {
    const accounts = Array.from({ length: 501 }, (_, i) => ({ name: `Too many ${w.suffix} ${i}` }));
    expect(refusal(await importRows(w.owner, accounts))).toEqual({ status: 400, field: "accounts" });
    expect((await w.as(w.owner, "get_customer", { name: `Too many ${w.suffix} 0` })).status).toBe(404);
  });

  test("a viewer cannot import, and another agency's owner cannot import into our client", async () => {
    expect(refusal(await importRows(w.viewer, [{ name: `Viewer ${w.suffix}` }]))).toEqual({ status: 403, field: "client_id" });
    const res = await w.as(w.other.ownerToken, "import_customers", { accounts: [{ name: `Intruder ${w.suffix}` }] });
    expect(res.status).toBe(404);
    expect((await w.as(w.owner, "get_customer", { name: `Intruder ${w.suffix}` })).status).toBe(404);
  });
});

describe("the remembered mapping", () => {
  test("an editor saves the client's mapping, a viewer reads it and may not change it", async () => {
    expect((await w.as(w.viewer, "get_import_mapping")).body).toEqual({ columns: {} });
    const columns = { "account owner email": "manager", "favourite colour": null };
    const saved = await w.as(w.manager, "save_import_mapping", { columns });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await w.as(w.viewer, "get_import_mapping")).body).toEqual({ columns });
    expect(refusal(await w.as(w.viewer, "save_import_mapping", { columns: {} }))).toEqual({ status: 403, field: "client_id" });
    expect((await w.as(w.other.ownerToken, "get_import_mapping", {})).status, "another agency sees no such client").toBe(404);
  });

  test("a mapping to a field that does not exist is refused by name", async () => {
    expect(refusal(await w.as(w.manager, "save_import_mapping", { columns: { colour: "favourite" } }))).toEqual({ status: 400, field: "columns.colour" });
  });
});

describe("export", () => {
  test("the list export streams a CSV of the filtered list with 20+ columns, calculated ones included", async () => {
    await importRows(w.owner, [
      { name: `Export Ent ${w.suffix}`, tier: "enterprise", mrr: 5000, logins: 1, adoption: 5, tickets: 6, renewal_date: today, days: 40 },
      { name: `Export Smb ${w.suffix}`, tier: "smb", mrr: 100, logins: 30, adoption: 100 },
    ]);
    const res = await exportCsv(w.viewer, { tier: "enterprise" });
    expect(res.status, res.text).toBe(200);
    expect(res.type).toContain("text/csv");
    expect(res.disposition).toMatch(/attachment; filename="pulseboard-.+-customers-\d{4}-\d{2}-\d{2}T\d{4}Z\.csv"/);
    const [header, ...rows] = readCsvText(res.text);
    expect(header.length).toBeGreaterThanOrEqual(20);
    for (const c of ["priority_score", "priority_level", "cadence_status", "days_until_renewal", "renewal_urgency", "revenue_at_risk", "expansion_estimate"]) {
      expect(header, `has ${c}`).toContain(c);
    }
    const byName = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    expect(byName.every((r) => r.tier === "enterprise"), "the tier filter applies").toBe(true);
    const ent = byName.find((r) => r.name === `Export Ent ${w.suffix}`)!;
    expect(ent).toMatchObject({ days_until_renewal: "0", renewal_urgency: "critical", cadence_status: "overdue", revenue_at_risk: "5000", priority_level: "critical" });
  });

  test("a bad filter is a 400 naming it before any byte of the file; another agency gets a 404", async () => {
    const bad = await exportCsv(w.owner, { tier: "huge" });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.field).toBe("tier");
    expect((await exportCsv(w.owner, { kind: "everything" })).status).toBe(400);
    const res = await fetch(`${stack().url}/functions/v1/api-inbound/export.csv?client_id=${w.clientId}`, { headers: { authorization: `Bearer ${w.other.ownerToken}` } });
    expect(res.status).toBe(404);
  });

  test("the bulksheet imports back with zero changes, and two edited cells change exactly those fields", async () => {
    await importRows(w.owner, [{ name: `Sheet ${w.suffix}`, note: 'Line one,\n"quoted" line two', tags: ["a b", "c"], nps: "passive", since: "2024-02-29", score: 42 }]);
    const sheet = await exportCsv(w.manager, { kind: "bulksheet" });
    expect(sheet.status).toBe(200);
    const first = prepare(sheet.text);
    expect(first.refused, "every exported row is valid").toBe(0);
    const res = await importRows(w.manager, first.accounts);
    expect(res.body, "zero changes").toMatchObject({ created: 0, updated: 0, refused: 0, unchanged: first.accounts.length });

    const [header, ...rows] = readCsvText(sheet.text);
    const at = (h: string) => header.indexOf(h);
    const target = rows.findIndex((r) => r[at("name")] === `Sheet ${w.suffix}`);
    rows[target][at("manager")] = "Edited Manager";
    rows[target][at("mrr")] = "777";
    const edited = [header, ...rows].map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(",")).join("\n");
    const before = await customerNamed(`Sheet ${w.suffix}`);
    const second = await importRows(w.manager, prepare(edited).accounts);
    expect(second.body).toMatchObject({ created: 0, updated: 1, refused: 0 });
    const after = await customerNamed(`Sheet ${w.suffix}`);
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    // scored_at: a row that carries a manual score and changes is scored again (as upsert_account does); the score stays.
    expect(changed.sort(), "only the edited fields and the bookkeeping move").toEqual(["change_id", "manager", "mrr", "scored_at", "updated_at", "version"]);
    expect(after.score).toBe(42);
  });
});
