// The Import / Export page in Chromium, on a client of its own: a messy CSV
// with a remapped and an ignored column and bad rows, the summary, the
// customers checked through the API field by field, the refused rows
// downloaded; the same file again changing nothing; the bulksheet round trip;
// a page closed mid-import leaving whole rows only, and a rerun completing;
// a viewer who cannot import.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readCsvText } from "../../shared/import/read.ts";
import { stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { signIn } from "./dashboard.ts";

describe("importing customers", () => {
  const { url, dbUrl, serviceRoleKey, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const browser = useBrowser();
  const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
  const suffix = randomBytes(4).toString("hex");
  const clientName = `Import Co ${suffix}`;
  const viewer = { email: `viewer.${suffix}@import.test`, password: `pw-${randomBytes(8).toString("hex")}` };
  let clientId = "";

  const file = (name: string, text: string) => {
    const path = join(tmpdir(), `${suffix}-${name}`);
    writeFileSync(path, text);
    return path;
  };

  /** The client's live customers as stored, by lower-case name. */
  async function stored() {
    const rows = await sql`
      select name, manager, tier, mrr::float8 as mrr, logins, adoption::float8 as adoption, tags, renewal_date::text as renewal_date,
             lifecycle, nps::float8 as nps, nps_category, score, updated_at::text as updated_at
      from public.customers where client_id = ${clientId} and deleted_at is null`;
    return new Map(rows.map((r) => [String(r.name).toLowerCase(), r]));
  }

  beforeAll(async () => {
    const [{ agency_id }] = await sql`select agency_id from public.clients where id = ${demo.clients[0].id}`;
    [{ id: clientId }] = await sql`insert into public.clients (agency_id, name) values (${agency_id}, ${clientName}) returning id`;
    const admin = { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" };
    const user = await (await fetch(`${url}/auth/v1/admin/users`, {
      method: "POST", headers: admin, body: JSON.stringify({ ...viewer, email_confirm: true }),
    })).json();
    await sql`insert into public.agency_members (agency_id, user_id, role) values (${agency_id}, ${user.id}, 'member')`;
    await sql`insert into public.client_members (client_id, user_id, role) values (${clientId}, ${user.id}, 'viewer')`;
  });

  afterAll(async () => {
    await sql`update public.clients set archived_at = now() where id = ${clientId}`.catch(() => {});
    await sql.end();
  });

  /** Signs in, opens Import / Export and picks our client. */
  async function openImport(page: Page, user: { email: string; password: string } = owner) {
    await signIn(page, user, "/import");
    await page.waitForURL("**/import");
    await page.getByLabel("Client").selectOption({ label: clientName });
  }

  /** Picks `path` and waits for the preview. */
  async function pick(page: Page, path: string) {
    await page.getByLabel("Choose a CSV file").setInputFiles(path);
    await page.getByRole("heading", { name: "Preview" }).waitFor();
  }

  async function importAndWait(page: Page) {
    await page.getByRole("button", { name: /^Import [\d,]+ customers$/ }).click();
    await page.getByRole("heading", { name: "Import finished" }).waitFor({ timeout: 60_000 });
  }

  const total = async (page: Page, label: string) =>
    Number((await page.locator(".totals div", { hasText: label }).locator("dd").innerText()).replace(/,/g, ""));

  const messy = "\ufeffCompany Name,Relationship Lead,MRR ($),Logins (30d),Feature Adoption %,Tags,NPS,Renews On,Stage,Tier,Favourite Colour\r\n" +
    `"Acme, Inc.",  Sarah  ,"$1,200.50",22,75%,vip|beta,Promoter,2027-03-31,Active,Mid-Market,blue\r\n` +
    "\r\n" +
    `"The ""Quoted"" Co",Li,900,5,40,"east, west",6,2027-03-31T00:00:00Z,At Risk,SMB,red\r\n` +
    "Zürich Café,Ana,\"12,000\",30,90%,,9,31/02/2027,won,Enterprise,green\r\n" +
    "Bad Numbers,Ana,lots,-3,140,,11,,sideways,huge,\r\n" +
    `"ACME, INC.",Sarah,1300,,,,,,,,\r\n`;

  test("a messy file with a remapped column and bad rows: preview, summary, customers field by field, refused rows downloaded", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await openImport(page);
      await pick(page, file("messy.csv", messy));
      expect(await page.getByLabel("Relationship Lead").inputValue(), "an unknown header starts ignored").toBe("");
      expect(await page.getByLabel("Company Name").inputValue()).toBe("name");
      expect(await page.getByLabel("Renews On").inputValue()).toBe("renewal_date");
      await page.getByLabel("Relationship Lead").selectOption("manager");
      await page.getByRole("heading", { name: "Preview" }).waitFor();
      await expect.poll(() => page.locator(".counts").innerText()).toContain("2 customers ready to import");
      const refused = page.getByRole("list", { name: "Refused rows" });
      expect(await refused.innerText()).toContain("Row 5");
      expect(await refused.innerText()).toContain("renewal_date is not a real date (31/02/2027)");
      expect(await refused.innerText()).toContain("tier must be one of: smb, mid, enterprise");
      await saveScreenshot(page, "import-preview");

      await importAndWait(page);
      expect([await total(page, "Created"), await total(page, "Updated"), await total(page, "Refused")]).toEqual([2, 0, 2]);
      await saveScreenshot(page, "import-summary");

      const customers = await stored();
      expect(customers.size).toBe(2);
      expect(customers.get("acme, inc.")).toMatchObject({
        name: "Acme, Inc.", manager: "Sarah", mrr: 1300, logins: 22, adoption: 75, tags: ["vip", "beta"], nps: null,
        nps_category: "promoter", renewal_date: "2027-03-31", lifecycle: "active", tier: "mid",
      });
      expect(customers.get('the "quoted" co')).toMatchObject({ manager: "Li", tags: ["east", "west"], nps: 6, tier: "smb", lifecycle: "atrisk" });

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download refused rows (CSV)" }).click()]);
      const rows = readCsvText(readFileSync((await download.path())!, "utf8"));
      expect(rows[0].slice(-2)).toEqual(["row", "reasons"]);
      expect(rows.slice(1).map((r) => [r[0], r.at(-2)])).toEqual([["Zürich Café", "5"], ["Bad Numbers", "6"]]);
      expect(rows[1].at(-1)).toContain("renewal_date");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("the same file again changes nothing, and the remap is remembered", async () => {
    const before = await stored();
    const { page, errors, close } = await openPage(browser(), url, { width: 390, height: 844 });
    try {
      await openImport(page);
      await saveScreenshot(page, "import-choose");
      await pick(page, file("messy.csv", messy));
      expect(await page.getByLabel("Relationship Lead").inputValue(), "this client's last mapping").toBe("manager");
      await saveScreenshot(page, "import-preview");
      await importAndWait(page);
      expect([await total(page, "Created"), await total(page, "Updated"), await total(page, "Unchanged")]).toEqual([0, 0, 2]);
      const after = await stored();
      for (const [name, row] of before) expect(after.get(name)?.updated_at, `${name} untouched`).toBe(row.updated_at);
      await saveScreenshot(page, "import-summary");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("the bulksheet imports back with zero changes; two edited cells change exactly those", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await openImport(page);
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export bulksheet" }).click()]);
      expect(download.suggestedFilename()).toMatch(/^pulseboard-import-co-.+-bulksheet-.+Z\.csv$/);
      const sheet = readFileSync((await download.path())!, "utf8");
      await pick(page, file("sheet.csv", sheet));
      await importAndWait(page);
      expect([await total(page, "Updated"), await total(page, "Unchanged")]).toEqual([0, 2]);

      const [header, ...rows] = readCsvText(sheet);
      const acme = rows.find((r) => r[header.indexOf("name")] === "Acme, Inc.")!;
      acme[header.indexOf("manager")] = "Priya";
      acme[header.indexOf("tier")] = "enterprise";
      const before = (await stored()).get("acme, inc.")!;
      const edited = [header, ...rows].map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(",")).join("\n");
      await page.getByRole("button", { name: "Import another file" }).click();
      await pick(page, file("edited.csv", edited));
      await importAndWait(page);
      expect([await total(page, "Updated"), await total(page, "Unchanged")]).toEqual([1, 1]);
      const after = (await stored()).get("acme, inc.")!;
      const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
      expect(changed.sort()).toEqual(["manager", "tier", "updated_at"]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("closing the page mid-import leaves whole rows only, and importing the file again completes it", async () => {
    const n = 4000;
    const lines = Array.from({ length: n }, (_, i) => `Bulk ${suffix} ${i},Sam,${100 + i},${i % 31},${i % 101},t${i % 7}|bulk,enterprise`);
    const path = file("big.csv", ["name,manager,mrr,logins,adoption,tags,tier", ...lines].join("\n"));
    const bulk = async () => (await sql`
      select count(*)::int as n, count(*) filter (where manager = 'Sam' and mrr >= 100 and tier = 'enterprise' and 'bulk' = any(tags) and logins is not null)::int as whole
      from public.customers where client_id = ${clientId} and name like ${`Bulk ${suffix} %`}`)[0];
    const first = await openPage(browser(), url, { width: 1400, height: 900 });
    await openImport(first.page);
    await pick(first.page, path);
    await first.page.getByRole("button", { name: "Import 4,000 customers" }).click();
    await expect.poll(() => bulk().then((b) => b.n), { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
    await first.close();
    const partial = await bulk();
    expect(partial.whole, "every row written is whole").toBe(partial.n);

    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await openImport(page);
      await pick(page, path);
      await importAndWait(page);
      const done = await bulk();
      expect(done).toEqual({ n, whole: n });
      expect(await total(page, "Created") + await total(page, "Unchanged"), "the rerun created the rest and left the rest alone").toBe(n);
      expect(await total(page, "Unchanged")).toBeGreaterThanOrEqual(partial.n);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a file with a date column loads past snapshots into score history, and loading it again adds nothing", async () => {
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const path = file("history.csv", `Company Name,date,Logins (30d),Feature Adoption %,last_contact_date\n` +
      `"Acme, Inc.",${day(60)},3,20,${day(120)}\n"Acme, Inc.",${day(30)},12,50,${day(35)}\n"The ""Quoted"" Co",${day(30)},5,40,${day(31)}\n`);
    const snapshots = async () => (await sql`
      select c.name, h.created_at::date::text as day, h.signals, h.score from public.score_history h join public.customers c on c.id = h.customer_id
      where h.client_id = ${clientId} and h.reason = 'backfill' order by h.created_at, c.name`);
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await openImport(page);
      for (const run of [0, 1]) {
        if (run) await page.getByRole("button", { name: "Import another file" }).click();
        await pick(page, path);
        await page.getByRole("note").filter({ hasText: "historical backfill" }).waitFor();
        await page.getByRole("button", { name: "Load 3 snapshots into history" }).click();
        await page.getByRole("heading", { name: "Import finished" }).waitFor();
        expect([await total(page, "Snapshots added"), await total(page, "Already in history")]).toEqual(run ? [0, 3] : [3, 0]);
      }
      const rows = await snapshots();
      expect(rows.map((r) => [r.name, r.day, r.signals.days])).toEqual([
        ["Acme, Inc.", day(60), 60], ["Acme, Inc.", day(30), 5], ['The "Quoted" Co', day(30), 1],
      ]);
      expect(rows.every((r) => r.score !== null), "every snapshot is scored").toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a viewer can check a file but has no Import button", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await openImport(page, viewer);
      await page.getByRole("note").filter({ hasText: "importing takes a manager, admin or owner" }).waitFor();
      await pick(page, file("viewer.csv", messy));
      expect(await page.getByRole("button", { name: /^Import [\d,]+ customers$/ }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
