// The dashboard in Debian Chromium against the isolated stack and its demo
// data: signing in and out, the client switcher, the customer list and its
// status tabs, and the phone layout.
import { describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { listCustomers, signIn } from "./dashboard.ts";

describe("signing in to the dashboard", () => {
  const { url, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const member = demo.users.find((u) => u.clientId && u.role !== "owner" && u.role !== "admin")!;
  const client = demo.clients[0];
  const browser = useBrowser();

  test("the demo owner signs in and sees a client's customers, worst score first", async () => {
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await signIn(page, owner, "/customers");
      await page.waitForURL("**/customers");
      await page.getByText(owner.email).waitFor();

      await page.getByLabel("Client").selectOption({ label: client.name });
      const expected = await listCustomers(url, client, { sort: "score", order: "asc", limit: "5" });
      expect(expected.customers.length, "the demo client has customers to show").toBeGreaterThan(0);
      const worst = expected.customers[0];

      const row = page.locator("tbody tr").filter({ has: page.getByRole("rowheader", { name: worst.name, exact: true }) });
      await row.waitFor();
      const score = await row.locator('td[data-label="Score"]').innerText();
      expect(score.trim(), `the row of ${worst.name} shows its score`).toBe(worst.score === null ? "–" : String(Math.round(worst.score)));

      const names = await page.locator("tbody tr th").allInnerTexts();
      expect(names.length, "a page of customer rows is shown").toBeGreaterThan(1);
      expect(names[0], "the worst-scored customer comes first").toBe(worst.name);
      const scores = (await page.locator('tbody td[data-label="Score"]').allInnerTexts())
        .map((s) => s.trim()).filter((s) => s !== "–").map(Number);
      expect(scores, "scores run from worst to best").toEqual(scores.toSorted((a, b) => a - b));
      await page.getByRole("navigation", { name: "Pages" }).waitFor();
      await saveScreenshot(page, "customers");
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("a wrong password shows an error and stays on the sign-in page", async () => {
    const { page, close } = await openPage(browser(), url);
    try {
      await signIn(page, { email: owner.email, password: `${owner.password}-wrong` });
      const alert = page.getByRole("alert");
      await alert.waitFor();
      expect(await alert.innerText(), "the error says the credentials were wrong").toMatch(/wrong email or password/i);
      await saveScreenshot(page, "sign-in-refused");
      expect(new URL(page.url()).pathname, "the user is still on /login").toBe("/login");
    } finally {
      await close();
    }
  });

  test("a member assigned to one client sees only that client in the switcher", async () => {
    const { page, errors, close } = await openPage(browser(), url);
    try {
      const assigned = demo.clients.find((c) => c.id === member.clientId)!;
      await signIn(page, member, "/customers");
      await page.waitForURL("**/customers");
      const options = page.getByLabel("Client").locator("option");
      await expect.poll(() => options.allInnerTexts(), { timeout: 15_000 })
        .toEqual([assigned.name]);
      await page.locator("tbody tr").first().waitFor();
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("a status tab shows only customers of that band", async () => {
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await signIn(page, owner, "/customers");
      await page.waitForURL("**/customers");
      await page.getByLabel("Client").selectOption({ label: client.name });

      // The band to check is one the demo client actually has customers in.
      const bands = [["critical", "Critical"], ["atrisk", "At Risk"], ["watch", "Watch"]] as const;
      // A band tab leaves churned customers out (they are not scored and keep their last band).
      const totals = await Promise.all(bands.map(([status]) => listCustomers(url, client, { status, exclude_lifecycle: "churned", limit: "1" })));
      const index = totals.findIndex((t) => t.total > 0);
      expect(index, "the demo client has customers in a risky band").toBeGreaterThanOrEqual(0);
      const [, label] = bands[index];

      const tab = page.getByRole("tab", { name: new RegExp(`^${label}`) });
      await tab.click();
      expect(await tab.getAttribute("aria-selected"), `the ${label} tab is selected`).toBe("true");
      await expect.poll(async () => {
        const statuses = await page.locator('tbody td[data-label="Status"]').allInnerTexts();
        return statuses.length > 0 && statuses.every((s) => s.trim() === label);
      }, { timeout: 15_000 }).toBe(true);
      const pager = page.getByRole("navigation", { name: "Pages" });
      await expect.poll(() => pager.innerText(), { timeout: 15_000, message: "the pager counts that band's customers" })
        .toContain(`of ${totals[index].total}`);
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("signing out returns to the sign-in page and keeps the customers page closed", async () => {
    const { page, close } = await openPage(browser(), url);
    try {
      await signIn(page, owner, "/customers");
      await page.waitForURL("**/customers");
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL("**/login");
      await page.goto("/customers?status=critical");
      await page.waitForURL((u) => u.pathname === "/login");
      expect(new URL(page.url()).searchParams.get("next"), "sign-in remembers the page asked for").toBe("/customers?status=critical");
      await page.getByLabel("Email").waitFor();
    } finally {
      await close();
    }
  });

  test("at phone width (375px) neither the sign-in page nor the customer list overflows sideways", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 375, height: 812 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth);
    try {
      await page.goto("/login");
      await page.getByLabel("Email").waitFor();
      await saveScreenshot(page, "sign-in");
      expect(await overflow(), "the sign-in page fits 375px").toBeLessThanOrEqual(375);

      await signIn(page, owner, "/customers");
      await page.waitForURL("**/customers");
      await page.locator("tbody tr").first().waitFor();
      await saveScreenshot(page, "customers");
      expect(await overflow(), "the customer list fits 375px").toBeLessThanOrEqual(375);
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });
});
