// The customer list beyond signing in: search, paging and the phone sort,
// checked against what the public API says about the same client.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { openPage, useBrowser } from "./browser.ts";
import { listCustomers, openCustomers as openCustomersOf } from "./dashboard.ts";

describe("the customer list", () => {
  const { url, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();

  const openCustomers = (page: Page) => openCustomersOf(page, owner, client);

  const names = (page: Page) => page.locator("tbody tr th").allInnerTexts();

  test("searching by name narrows the list to the matching customers", async () => {
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openCustomers(page);
      const [someone] = (await listCustomers(url, client, { sort: "name", order: "asc", limit: "1" })).customers;
      // The page asks for the same thing: worst score first, 25 to a page.
      const expected = await listCustomers(url, client, { search: someone.name, sort: "score", order: "asc", limit: "25" });

      await page.getByLabel("Search customers").fill(someone.name);
      await expect.poll(() => names(page), { timeout: 15_000 }).toEqual(expected.customers.map((c) => c.name));
      expect(await names(page), `${someone.name} is among the results`).toContain(someone.name);
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("Next and Previous page through the customers by offset", async () => {
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openCustomers(page);
      const { total } = await listCustomers(url, client, { limit: "1" });
      expect(total, "the demo client has more than one page of customers").toBeGreaterThan(25);
      const pager = page.getByRole("navigation", { name: "Pages" });
      await expect.poll(() => pager.innerText()).toContain(`1–25 of ${total}`);
      const first = await names(page);

      await page.getByRole("button", { name: "Next" }).click();
      await expect.poll(() => pager.innerText(), { timeout: 15_000 }).toContain(`26–50 of ${total}`);
      const second = await names(page);
      expect(second.filter((n) => first.includes(n)), "the second page shows other customers").toEqual([]);

      await page.getByRole("button", { name: "Previous" }).click();
      await expect.poll(() => names(page), { timeout: 15_000 }).toEqual(first);
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("on a phone the list is sorted with a select instead of column headers", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 375, height: 812 });
    try {
      await openCustomers(page);
      const [richest] = (await listCustomers(url, client, { sort: "mrr", order: "desc", limit: "1" })).customers;
      await page.getByLabel("Sort by").selectOption({ label: "MRR, highest first" });
      await expect.poll(async () => (await names(page))[0], { timeout: 15_000 }).toBe(richest.name);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), "still no sideways overflow")
        .toBeLessThanOrEqual(375);
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });
});
