// get_report: every report comes back as a real PDF (read back with
// pdftotext, its pages rendered with pdftoppm) and as CSV, and carries the
// figures independent SQL gives; Churn Risk's calibration is the client's own
// history; bad input is a 400 naming the field.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { priorityScore } from "../../../shared/index.ts";
import { reportNames } from "../../../shared/reports/inputs.ts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { makeWorld, type World } from "../scoring/world.ts";

let w: World;
let other: World;
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const usd = (n: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(n);
const shots = join(import.meta.dirname, "../../e2e/screenshots/reports");
const work = mkdtempSync(join(tmpdir(), "reports-test-"));
let healthId = "";

async function fetchReport(world: World, params: Record<string, string>) {
  const query = new URLSearchParams({ action: "get_report", client_id: w.clientId, ...params });
  const res = await fetch(`${stack().url}/functions/v1/api-inbound?${query}`, { headers: { authorization: `Bearer ${world.ownerToken}` } });
  return { status: res.status, type: res.headers.get("content-type") ?? "", disposition: res.headers.get("content-disposition") ?? "", bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The PDF's text (pdftotext -layout) and its pages rendered to PNG (pdftoppm), kept for looking at. */
function readPdf(name: string, bytes: Buffer): { text: string; pages: string[] } {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, bytes);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  mkdirSync(shots, { recursive: true });
  execFileSync("pdftoppm", ["-png", "-r", "60", file, join(shots, name)]);
  return { text, pages: readdirSync(shots).filter((f) => new RegExp(`^${name}-\\d+\\.png$`).test(f)) };
}

// [name, manager, tier, mrr, score, status, lifecycle, renewal in days, band 100 days ago]
const accounts = [
  ["Abbott Dental", "Ana Ruiz", "smb", 900, 12, "critical", "active", 5, "critical"],
  ["Birch Legal", "Ana Ruiz", "mid", 4200, 30, "atrisk", "active", 45, "atrisk"],
  ["Cedar Freight", "Ben Okafor", "enterprise", 12000, 44, "atrisk", "active", 80, "watch"],
  ["Dune Analytics", "Ben Okafor", "mid", 2500, 70, "healthy", "active", 20, "healthy"],
  ["Elm Studios", "Ben Okafor", "smb", 700, 88, "expansion", "won", 200, "healthy"],
  ["Fjord Gone", "Ana Ruiz", "mid", 5000, 15, "critical", "churned", null, "critical"],
  ["Grove Gone", "Ana Ruiz", "smb", 800, 40, "atrisk", "churned", null, "critical"],
] as const;

beforeAll(async () => {
  [w, other] = await Promise.all([makeWorld("reports"), makeWorld("reports-other")]);
  for (const [name, manager, tier, mrr, score, status, lifecycle, renewal, before] of accounts) {
    const [c] = await w.sql`insert into public.customers (client_id, name, manager, tier, mrr, arr, score, status, lifecycle, renewal_date,
        logins, adoption, tickets, days_since_contact, contact_baseline_at)
      values (${w.clientId}, ${name}, ${manager}, ${tier}, ${mrr}, ${mrr * 12}, ${score}, ${status}, ${lifecycle},
              ${renewal === null ? null : inDays(renewal)}, ${Math.round(score / 4)}, ${score}, ${score < 50 ? 4 : 0}, 20, now())
      returning id`;
    if (name === "Cedar Freight") healthId = c.id;
    await w.sql`insert into public.score_history (client_id, customer_id, score, status, reason, signals, created_at)
      values (${w.clientId}, ${c.id}, ${score}, ${before}, 'signals', '{"logins": 3}', now() - interval '100 days'),
             (${w.clientId}, ${c.id}, ${score}, ${status}, 'signals', '{"logins": 5}', now() - interval '2 days')`;
  }
  await w.sql`select private.rebuild_rollups(${w.clientId})`;
});
afterAll(async () => { await w.end(); await other.end(); });

describe("every report", () => {
  test.each(reportNames.map((r) => [r]))("%s is a PDF with the agency, the client, its title and page numbers, and a CSV", async (report) => {
    const params: Record<string, string> = report === "customer_health" ? { report, customer_id: healthId } : { report };
    const pdf = await fetchReport(w, { ...params, format: "pdf" });
    expect(pdf.status, pdf.bytes.toString().slice(0, 300)).toBe(200);
    expect(pdf.type).toBe("application/pdf");
    expect(pdf.disposition).toMatch(new RegExp(`^attachment; filename="${report}-\\d{4}-\\d{2}-\\d{2}\\.pdf"$`));
    const { text, pages } = readPdf(report, pdf.bytes);
    const [{ agency, client }] = await w.sql`select a.name as agency, cl.name as client from public.clients cl join public.agencies a on a.id = cl.agency_id where cl.id = ${w.clientId}`;
    expect(text, "the header names the agency and the client").toContain(`${agency} · ${client}`);
    expect(text, "every page is numbered").toMatch(/Page 1 of \d+/);
    expect(pages.length, "pdftoppm rendered every page").toBe(Number(text.match(/Page 1 of (\d+)/)![1]));
    for (const p of pages) expect(statSync(join(shots, p)).size, `${p} is a real image`).toBeGreaterThan(2000);

    const csv = await fetchReport(w, { ...params, format: "csv" });
    expect([csv.status, csv.type]).toEqual([200, "text/csv; charset=utf-8"]);
    expect(csv.bytes.toString().split("\r\n")[0], "the CSV starts with the report and the client").toContain(client);
  });
});

describe("figures", () => {
  test("Portfolio Summary's key figures are those of the live accounts, in the PDF and in the CSV", async () => {
    const [f] = await w.sql`select count(*)::int as accounts, sum(mrr)::float8 as mrr,
        coalesce(sum(mrr) filter (where status in ('critical', 'atrisk')), 0)::float8 as risk
      from public.customers where client_id = ${w.clientId} and deleted_at is null and lifecycle <> 'churned'`;
    const { text } = readPdf("portfolio_summary-figures", (await fetchReport(w, { report: "portfolio_summary" })).bytes);
    const csv = (await fetchReport(w, { report: "portfolio_summary", format: "csv" })).bytes.toString();
    for (const [label, value] of [["Accounts", String(f.accounts)], ["Total MRR", usd(f.mrr)], ["Revenue at risk", usd(f.risk)]]) {
      expect(text, `${label} in the PDF`).toContain(value);
      expect(csv, `${label} in the CSV`).toContain(`${label},${value.includes(",") ? `"${value}"` : value}`);
    }
  });

  test("At-Risk Accounts lists the live accounts below 50, most urgent first by the shared priority rule", async () => {
    const now = new Date();
    const want = accounts.filter((a) => a[4] < 50 && a[6] !== "churned")
      .map((a) => ({ name: a[0], p: priorityScore({ health: a[4], renewalDate: a[7] === null ? null : inDays(a[7]), now }) }))
      .sort((a, b) => b.p - a.p).map((a) => a.name);
    const csv = (await fetchReport(w, { report: "at_risk", format: "csv" })).bytes.toString();
    const names = csv.split("\r\n\r\n")[2].split("\r\n").slice(2).filter(Boolean).map((line) => line.split(",")[0]);
    expect(names).toEqual(want);
    const { text } = readPdf("at_risk-figures", (await fetchReport(w, { report: "at_risk" })).bytes);
    for (const name of want) expect(text).toContain(name);
  });

  test("Churn Risk's calibration counts, per band of 90 days ago, the accounts that churned and renewed since", async () => {
    const rows = await w.sql`
      select distinct on (h.customer_id) h.status, c.lifecycle
      from public.score_history h join public.customers c on c.id = h.customer_id
      where h.client_id = ${w.clientId} and h.created_at < date_trunc('day', now() at time zone 'utc') - interval '89 days'
      order by h.customer_id, h.created_at desc`;
    const doc = JSON.parse((await fetchReport(w, { report: "churn_risk", format: "json" })).bytes.toString());
    const calibration = doc.sections.find((s: any) => s.title.startsWith("Calibration"));
    for (const row of calibration.rows) {
      const band = { Critical: "critical", "At Risk": "atrisk", Watch: "watch", Healthy: "healthy", Expansion: "expansion" }[row.cells.band as string];
      const of = rows.filter((r) => r.status === band);
      expect([row.cells.observed, row.cells.churned, row.cells.renewed], `${row.cells.band}: observed, churned, renewed`)
        .toEqual([of.length, of.filter((r) => r.lifecycle === "churned").length, of.filter((r) => r.lifecycle === "won").length]);
    }
    const { text } = readPdf("churn_risk-figures", (await fetchReport(w, { report: "churn_risk" })).bytes);
    expect(text).toContain("Calibration");
    expect(text, "Critical 90 days ago: 2 of 3 churned").toMatch(/Critical\s+3\s+2\s+67%/);
    const accountsTable = doc.sections.find((s: any) => s.title === "Accounts by churn probability");
    expect(accountsTable.rows[0].cells.name, "the most likely to churn first: a Critical account").toBe("Abbott Dental");
    expect(accountsTable.rows[0].cells.factors, "with its weakest signals named").toMatch(/logins/);
  });
});

describe("bad input and tenancy", () => {
  test.each([
    [{ report: "everything" }, "report"], [{ report: "at_risk", format: "docx" }, "format"], [{ report: "customer_health" }, "customer_id"],
  ])("%j is a 400 naming %s", async (params, field) => {
    const r = await fetchReport(w, params);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.bytes.toString()).error.field).toBe(field);
  });

  test("another agency's owner gets no report of this client", async () => {
    expect((await fetchReport(other, { report: "portfolio_summary" })).status).toBe(404);
  });
});
