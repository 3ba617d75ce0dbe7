// The Customers page at full strength in Debian Chromium, on a client of its
// own (so its writes disturb no other test): search by tag, a range filter,
// sort by a column, the URL round trip (reload and back button), a bulk tag
// and a bulk lifecycle change, inline edit rescoring, a viewer who can change
// nothing, and screenshots at desktop and phone width.
import { createHash, randomBytes } from "node:crypto";
import postgres from "postgres";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type DemoClient, stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { getCustomer, listCustomers, openCustomers, writeAction } from "./dashboard.ts";

describe("the Customers page", () => {
  const { url, dbUrl, serviceRoleKey, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const browser = useBrowser();
  const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
  const suffix = randomBytes(4).toString("hex");
  const tag = `vip${suffix}`;
  const viewer = { email: `viewer.${suffix}@list.test`, password: `pw-${randomBytes(8).toString("hex")}` };
  let client: DemoClient;

  beforeAll(async () => {
    // A client of the demo agency (the owner sees it) with its own key and 40 customers.
    const [{ agency_id }] = await sql`select agency_id from public.clients where id = ${demo.clients[0].id}`;
    const name = `List test ${suffix}`;
    const [row] = await sql`insert into public.clients (agency_id, name) values (${agency_id}, ${name}) returning id`;
    const apiKey = `pb_${randomBytes(20).toString("hex")}`;
    await sql`insert into public.api_keys (client_id, key_hash, prefix, label) values (${row.id}, ${createHash("sha256").update(apiKey).digest("hex")}, ${apiKey.slice(0, 10)}, 'e2e')`;
    client = { ...demo.clients[0], id: row.id, name, apiKey };
    const accounts = Array.from({ length: 40 }, (_, i) => ({
      name: `Acct ${String(i + 1).padStart(2, "0")} ${suffix}`,
      mrr: 500 + i * 150, logins: (i * 7) % 31, adoption: (i * 13) % 100, tickets: i % 6, nps: i % 11, days: (i * 5) % 120,
      tier: ["smb", "mid", "enterprise"][i % 3], manager: i % 2 ? "Sarah" : "Tom", tags: i % 5 === 0 ? [tag] : ["std"],
      renewal_date: `2027-${String((i % 12) + 1).padStart(2, "0")}-15`,
    }));
    await writeAction(url, client, "upsert_accounts", { accounts });

    const admin = { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" };
    const user = await (await fetch(`${url}/auth/v1/admin/users`, {
      method: "POST", headers: admin, body: JSON.stringify({ ...viewer, email_confirm: true }),
    })).json();
    await sql`insert into public.agency_members (agency_id, user_id, role) values (${agency_id}, ${user.id}, 'member')`;
    await sql`insert into public.client_members (client_id, user_id, role) values (${row.id}, ${user.id}, 'viewer')`;
  });

  afterAll(async () => {
    await sql.end();
  });

  const names = async (page: Page) => (await page.locator("tbody tr th").allInnerTexts()).map((n) => n.trim());
  const apiNames = async (params: Record<string, string>) =>
    (await listCustomers(url, client, { sort: "score", order: "asc", limit: "25", ...params })).customers.map((c) => c.name.trim());
  const open = (page: Page, user = owner) => openCustomers(page, user, client);

  test("searching by a tag lists the customers that carry it", async () => {
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await open(page);
      const expected = await apiNames({ search: tag });
      expect(expected.length, "eight customers carry the tag").toBe(8);
      await page.getByLabel("Search customers").fill(tag);
      await expect.poll(() => names(page), { timeout: 15_000 }).toEqual(expected);
      await page.waitForURL(`**/customers?q=${tag}`);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a range filter, a column sort and the page live in the URL: reload and the back button restore the view", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await open(page);
      await page.getByRole("button", { name: "Filters" }).click();
      await page.getByLabel("MRR ($) from").fill("3000");
      await page.getByLabel("MRR ($) from").press("Tab");
      await page.waitForURL("**/customers?mrr_min=3000");
      const filtered = await apiNames({ mrr_min: "3000" });
      await expect.poll(() => names(page), { timeout: 15_000, message: "only customers with MRR of $3,000 or more" }).toEqual(filtered);
      await expect.poll(() => page.getByRole("button", { name: "Filters (1)" }).count()).toBe(1);

      await page.getByRole("button", { name: /^Logins/ }).click();
      await page.waitForURL("**/customers?mrr_min=3000&sort=logins&order=asc");
      const byLogins = await apiNames({ mrr_min: "3000", sort: "logins", order: "asc" });
      await expect.poll(() => names(page), { timeout: 15_000, message: "sorted by logins, fewest first" }).toEqual(byLogins);
      expect(await page.getByRole("columnheader", { name: /Logins/ }).getAttribute("aria-sort")).toBe("ascending");
      await saveScreenshot(page, "customers-list-filtered");

      await page.reload();
      await expect.poll(() => names(page), { timeout: 15_000, message: "a reload shows the same view" }).toEqual(byLogins);
      expect(await page.getByRole("columnheader", { name: /Logins/ }).getAttribute("aria-sort")).toBe("ascending");

      await page.goBack();
      await page.waitForURL("**/customers?mrr_min=3000");
      await expect.poll(() => names(page), { timeout: 15_000, message: "back returns to the view before the sort" }).toEqual(filtered);
      await page.goBack();
      await page.waitForURL(/\/customers$/);
      await expect.poll(() => names(page), { timeout: 15_000, message: "and back again to the unfiltered list" }).toEqual(await apiNames({}));
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("two tiers ticked list the customers of either, and the URL keeps both", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await open(page);
      await page.getByRole("button", { name: "Filters" }).click();
      const tier = page.getByRole("group", { name: /^Tier/ });
      await tier.getByLabel("SMB").check();
      await page.waitForURL("**/customers?tier=smb");
      await tier.getByLabel("Enterprise").check();
      await page.waitForURL("**/customers?tier=smb%2Centerprise");
      const both = await apiNames({ tier: "smb,enterprise" });
      expect(both.length, "the fixture has customers of both tiers on the first page").toBe(25);
      await expect.poll(() => names(page), { timeout: 15_000, message: "customers of SMB or Enterprise" }).toEqual(both);
      await page.reload();
      await page.getByRole("button", { name: "Filters (1)" }).click();
      expect(await page.getByRole("group", { name: /^Tier/ }).getByLabel("Enterprise").isChecked(), "a reload keeps the ticks").toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("the column headers filter as the panel does: a range on MRR and a tier from their headers, in the URL, back restores", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    let both: string[] = [];
    try {
      await open(page);
      await page.getByRole("button", { name: "Filter MRR", exact: true }).click();
      // The popover takes the focus; its from/to are labelled like the panel's.
      await page.getByLabel("MRR ($) from").fill("2000");
      await page.getByLabel("MRR ($) to").fill("5000");
      await page.getByLabel("MRR ($) to").press("Tab");
      await page.waitForURL("**/customers?mrr_min=2000&mrr_max=5000");
      await page.keyboard.press("Escape");
      await expect.poll(() => page.getByLabel("MRR ($) from").count(), { message: "Escape closes the popover" }).toBe(0);
      expect(await page.getByRole("button", { name: "Filter MRR (filtered)" }).count(), "the column shows its filter").toBe(1);

      await page.getByRole("button", { name: "Filter Tier", exact: true }).click();
      await page.getByRole("group", { name: /^Tier/ }).getByLabel("Enterprise").check();
      await page.waitForURL("**/customers?mrr_min=2000&mrr_max=5000&tier=enterprise");
      both = await apiNames({ mrr_min: "2000", mrr_max: "5000", tier: "enterprise" });
      expect(both.length, "the fixture has enterprise customers between $2,000 and $5,000").toBeGreaterThan(3);
      await expect.poll(() => names(page), { timeout: 15_000, message: "the rows list_customers gives for both filters" }).toEqual(both);
      await saveScreenshot(page, "customers-list-header-filter");
      await page.keyboard.press("Escape");
      expect(await page.getByRole("button", { name: "Filters (3)" }).count(), "the panel counts the header's filters: one state").toBe(1);

      await page.goBack();
      await page.waitForURL("**/customers?mrr_min=2000&mrr_max=5000");
      await expect.poll(() => names(page), { timeout: 15_000, message: "back drops the tier" })
        .toEqual(await apiNames({ mrr_min: "2000", mrr_max: "5000" }));
      expect(await page.getByRole("button", { name: "Filter Tier", exact: true }).count(), "and its column's mark").toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }

    // A phone: the rows are cards (no header row) and the same filters hold, through the panel.
    const phone = await openPage(browser(), url, { width: 390, height: 844 });
    try {
      await open(phone.page);
      await phone.page.goto(`${url}/customers?mrr_min=2000&mrr_max=5000&tier=enterprise`);
      await phone.page.getByLabel("Client").selectOption({ label: client.name });
      await expect.poll(() => names(phone.page), { timeout: 15_000, message: "a link with the filters shows them" }).toEqual(both);
      await phone.page.getByRole("button", { name: "Filters (3)" }).click();
      await saveScreenshot(phone.page, "customers-list-header-filter");
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth), "no sideways overflow").toBeLessThanOrEqual(390);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  test("a deleted customer waits in the Deleted tab, and restoring it there brings it back", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    const name = `Acct 40 ${suffix}`;
    try {
      await writeAction(url, client, "delete_customer", { name });
      await open(page);
      await page.getByRole("tab", { name: /^Deleted/ }).click();
      await page.waitForURL("**/customers?status=deleted");
      await expect.poll(() => names(page), { timeout: 15_000, message: "the deleted customer, and only it" })
        .toEqual([expect.stringContaining(name)]);
      expect(await page.getByRole("button", { name: /^Edit logins of/ }).count(), "a deleted customer is not edited in place").toBe(0);
      await page.getByLabel(`Select ${name}`).check();
      await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Restore selected" }).click();
      await page.getByRole("status").getByText("Restored 1 customer.").waitFor();
      await page.getByText("No deleted customers").waitFor();
      const back = await listCustomers(url, client, { search: name });
      expect(back.customers.map((c) => c.name), "live again").toEqual([name]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a bulk tag and a bulk lifecycle change reach every selected customer", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await open(page);
      const picked = (await names(page)).slice(0, 3);
      // By the row's exact name: a name another test wrote may end in a space, or begin another's.
      const exactly = (name: string) => new RegExp(`^\\s*${name.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
      const select = (name: string) => page.locator("tbody tr").filter({ has: page.locator("th", { hasText: exactly(name) }) })
        .getByRole("checkbox").check();
      for (const name of picked) await select(name);
      const bulk = page.getByRole("region", { name: "Bulk actions" });
      await bulk.getByText("3 selected").waitFor();
      await saveScreenshot(page, "customers-list-selected");
      await bulk.getByLabel("Tag").fill("renewal-push");
      await bulk.getByRole("button", { name: "Add tag" }).click();
      await page.getByRole("status").getByText("Tagged “renewal-push” on 3 customers.").waitFor();
      const tagged = await apiNames({ tag: "renewal-push" });
      expect(tagged.sort(), "the three picked customers carry the tag").toEqual([...picked].sort());

      await expect.poll(() => names(page)).toContain(picked[0]);
      for (const name of picked.slice(0, 2)) await select(name);
      await bulk.getByLabel("Lifecycle").selectOption({ label: "Won" });
      await bulk.getByRole("button", { name: "Set lifecycle" }).click();
      await page.getByRole("status").getByText("Set lifecycle Won on 2 customers.").waitFor();
      const won = await apiNames({ lifecycle: "won" });
      expect(won.sort(), "the two picked customers are Won").toEqual(picked.slice(0, 2).sort());
      const row = page.locator("tbody tr").filter({ has: page.getByRole("rowheader", { name: picked[0] }) });
      await expect.poll(() => row.locator('td[data-label="Lifecycle"]').innerText()).toBe("Won");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("editing logins in the table rescores the customer and shows the new score in its row", async () => {
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await open(page);
      const [worst] = (await listCustomers(url, client, { sort: "score", order: "asc", limit: "1" })).customers;
      const row = page.locator("tbody tr").filter({ has: page.getByRole("rowheader", { name: worst.name }) });
      await row.getByRole("button", { name: `Edit logins of ${worst.name}` }).click();
      const input = page.getByLabel(`Logins of ${worst.name}`);
      await input.fill("30");
      await input.press("Enter");
      await row.getByRole("button", { name: `Edit logins of ${worst.name}: 30`, exact: true }).waitFor();
      const after = await getCustomer(url, client, worst.id);
      expect(after.customer.logins, "saved").toBe(30);
      expect(after.customer.score, "rescored upwards").toBeGreaterThan(worst.score!);
      await expect.poll(() => row.locator('td[data-label="Score"]').innerText(), { message: "the row shows get_customer's score" })
        .toContain(String(after.customer.score));

      await row.getByRole("button", { name: `Edit adoption of ${worst.name}` }).click();
      await page.getByLabel(`Adoption of ${worst.name}`).fill("150");
      await page.getByLabel(`Adoption of ${worst.name}`).press("Enter");
      await expect.poll(() => row.getByRole("alert").innerText(), { message: "a bad value is refused beside the cell" }).toContain("adoption");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a viewer sees the list but cannot select, bulk-edit or edit in place", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await open(page, { ...viewer, role: "member" } as typeof owner);
      const first = (await names(page))[0];
      expect(await page.getByLabel(`Select ${first}`).isDisabled(), "row checkboxes are disabled").toBe(true);
      expect(await page.getByLabel("Select all customers on this page").isDisabled()).toBe(true);
      expect(await page.getByRole("button", { name: /^Edit logins of/ }).count(), "no cell is editable").toBe(0);
      expect(await page.getByRole("region", { name: "Bulk actions" }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("screenshots at desktop and phone width, the phone without sideways scrolling", async () => {
    for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await open(page);
        await page.getByRole("button", { name: "Filters" }).click();
        // On a phone the rows are cards (no header row): the cards have a select-all of their own.
        await page.getByLabel(viewport.width > 720 ? "Select all customers on this page" : "Select every card on this page").check();
        await page.getByRole("region", { name: "Bulk actions" }).waitFor();
        await saveScreenshot(page, "customers-list");
        expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways overflow")
          .toBeLessThanOrEqual(viewport.width);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }
  });
});
