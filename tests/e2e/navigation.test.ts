// The signed-in shell: a sidebar of the app's pages by group on a desktop, a
// Menu button on a phone, and the client switcher in view on both.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { openCustomers as openCustomersOf } from "./dashboard.ts";

describe("the app's navigation", () => {
  const { url, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();

  const openCustomers = (page: Page) => openCustomersOf(page, owner, client);

  test("the sidebar lists only the groups that have pages — today Monitor, with Alerts, Customers (marked current) and the analytics pages, Automate, with Alert Rules and Reports, Data, with Score Customer, Import / Export and Backup & Restore, and Settings, with the admin pages, Account and Invitations", async () => {
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openCustomers(page);
      const nav = page.getByRole("navigation", { name: "Main" });
      expect(await nav.isVisible(), "the sidebar is open on a desktop").toBe(true);
      expect(await nav.locator(".group-label").allTextContents(), "no empty group is shown").toEqual(["Monitor", "Automate", "Data", "Settings"]);
      expect(await nav.getByRole("list", { name: "Automate" }).getByRole("link").allInnerTexts(), "Automate lists Alert Rules and Reports").toEqual(["Alert Rules", "Reports"]);
      expect(await nav.getByRole("list", { name: "Data" }).getByRole("link").allInnerTexts(), "Data lists Score Customer, Import / Export and Backup & Restore").toEqual(["Score Customer", "Import / Export", "Backup & Restore"]);
      expect(await nav.getByRole("list", { name: "Settings" }).getByRole("link").allInnerTexts(), "Settings lists the admin pages, Account and Invitations").toEqual(["Settings", "Users", "Clients", "Audit Log", "Help & Guide", "Account", "Invitations"]);
      const monitor = nav.getByRole("list", { name: "Monitor" });
      // Alerts carries its active count as a badge (tests/e2e/alerts.test.ts checks the number).
      const monitorLinks = (await monitor.getByRole("link").allInnerTexts()).map((t) => t.replace(/\s*[\d,]+$/, ""));
      expect(monitorLinks, "Monitor lists Home Base, Alerts, All clients, Customers and the analytics pages")
        .toEqual(["Home Base", "Alerts", "All clients", "Customers", "Segments", "Trends", "CSM Performance", "Calendar"]);
      expect(await monitor.getByRole("link", { name: "Customers" }).getAttribute("aria-current")).toBe("page");
      expect(await page.getByRole("button", { name: "Menu" }).isVisible(), "no Menu button beside a sidebar").toBe(false);

      const first = page.locator("tbody tr th a").first();
      await first.click();
      await page.getByLabel("Logins").waitFor();
      expect(await monitor.getByRole("link", { name: "Customers" }).getAttribute("aria-current"), "a customer's page is under Customers")
        .toBe("page");
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("on a phone (375px) a Menu button opens the pages and the user, and picking a page closes it", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 375, height: 812 });
    try {
      await openCustomers(page);
      const nav = page.getByRole("navigation", { name: "Main" });
      const menu = page.getByRole("button", { name: "Menu" });
      expect(await nav.isVisible(), "the pages are folded away").toBe(false);
      expect(await page.getByLabel("Client").isVisible(), "the client switcher stays in view").toBe(true);
      expect(await menu.getAttribute("aria-expanded")).toBe("false");

      await menu.click();
      const toggle = page.locator('button[aria-controls="app-menu"]');
      expect(await toggle.getAttribute("aria-expanded"), "the button says the menu is open").toBe("true");
      expect(await nav.isVisible(), "the pages show").toBe(true);
      expect(await page.getByText(owner.email).isVisible(), "so does who is signed in").toBe(true);
      expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), "the open menu fits 375px").toBeLessThanOrEqual(375);
      await saveScreenshot(page, "menu-open");

      await toggle.click();
      await page.locator("tbody tr th a").first().click();
      await page.getByLabel("Logins").waitFor();
      await toggle.click();
      await nav.getByRole("link", { name: "Customers" }).click();
      await page.waitForURL("**/customers");
      await expect.poll(() => nav.isVisible(), { message: "picking a page closes the menu" }).toBe(false);
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("at 900px the sidebar stays and the customer list fits beside it without being cut off", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 900, height: 800 });
    try {
      await openCustomers(page);
      expect(await page.getByRole("navigation", { name: "Main" }).isVisible(), "the sidebar is open").toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), "nothing scrolls sideways").toBeLessThanOrEqual(900);
      const clipped = await page.locator("#customer-results").evaluate((el) => el.scrollWidth > el.clientWidth);
      expect(clipped, "the list is not wider than its box").toBe(false);
      await saveScreenshot(page, "customers");
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });
});
