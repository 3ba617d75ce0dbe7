// The Alerts page and the record's Alerts, Playbook and QBR tabs in Debian
// Chromium against the isolated stack: the summary and badge agree with the
// API; the four views; a chart bar filters; a bulk snooze with a reason and
// a wake; dismissing on the record; playbook progress that survives a
// reload; the QBR printed and copied. Screenshots at desktop and phone width.
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { signIn, upsertAccount, writeAction } from "./dashboard.ts";

describe("alerts in the dashboard", () => {
  const { url, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();
  const suffix = randomBytes(3).toString("hex");
  const made: string[] = [];

  /** A customer of the demo client whose name sorts first, removed after the file. */
  async function customer(n: number, fields: Record<string, unknown> = {}) {
    const c = await upsertAccount(url, client, { name: `0 E2E Alerts ${suffix} ${n}`, logins: 2, adoption: 60, tickets: 0, nps: 8, days: 3, tier: "mid", mrr: 1500, ...fields });
    made.push(c.id);
    return c;
  }

  const api = async (action: string, params: Record<string, string>) => {
    const query = new URLSearchParams({ action, ...params });
    const res = await fetch(`${url}/functions/v1/api-inbound?${query}`, { headers: { "x-api-key": client.apiKey } });
    return res.json();
  };

  async function openAlerts(page: Page, path = "/alerts") {
    await signIn(page, owner, "/home");
    await page.waitForURL("**/home");
    await page.getByLabel("Client").selectOption({ label: client.name });
    await page.goto(path);
    await page.getByRole("region", { name: "Alert summary" }).waitFor();
  }

  /** The alert list has its answer for the URL shown (the last one stays on screen, marked busy, while the next loads). */
  const settled = (page: Page) => page.locator('section[aria-label="Alert list"][aria-busy="false"]').waitFor();

  afterAll(async () => {
    for (const id of made) await writeAction(url, client, "delete_customer", { id }).catch(() => {});
  });

  test("the summary and the navigation badge show the active count, and each view lists the alerts its way", async () => {
    await customer(1, { tickets: 4 });
    const { summary } = await api("list_alerts", { limit: "1" });
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await openAlerts(page);
      const summaryCard = page.getByRole("link", { name: /Active alerts/ });
      expect(await summaryCard.innerText()).toContain(summary.active.toLocaleString("en-US"));
      const badge = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Alerts/ });
      await expect.poll(() => badge.innerText(), { message: "the badge carries the active count" }).toContain(summary.active.toLocaleString("en-US"));
      expect(await page.getByRole("heading", { name: "MRR exposure by risk category" }).isVisible()).toBe(true);
      expect(await page.locator("details summary h3").first().innerText(), "by category: Health comes first").toBe("Health");
      await saveScreenshot(page, "alerts-category");

      await page.getByRole("link", { name: "By priority" }).click();
      await page.waitForURL("**/alerts?view=priority");
      await settled(page);
      expect(await page.locator("details summary h3").first().innerText(), "by priority: critical first").toBe("Critical");

      await page.getByRole("link", { name: "By customer" }).click();
      await page.waitForURL("**/alerts?view=customer");
      await settled(page);
      expect(await page.locator("details summary h3").first().innerText(), "by customer: by name").toBe(`0 E2E Alerts ${suffix} 1`);

      await page.getByRole("link", { name: "Table", exact: true }).click();
      await page.waitForURL("**/alerts?view=table");
      await page.getByRole("link", { name: "Sort by MRR" }).click();
      await page.waitForURL("**/alerts?view=table&sort=mrr");
      await settled(page);
      const mrrs = await page.locator('section[aria-label="Alert list"] tbody td.num').allInnerTexts();
      const values = mrrs.map((t) => Number(t.replace(/[$,]/g, "")) || 0);
      expect(values, "the table sorts by MRR, largest first").toEqual([...values].sort((a, b) => b - a));
      await saveScreenshot(page, "alerts-table");

      // A bar of the count chart filters the page by its category, from the keyboard: it is a link named by its figure.
      await page.goto("/alerts");
      await page.getByRole("region", { name: "Alert summary" }).waitFor();
      const tickets = (await api("list_alerts", { limit: "1" })).categories.find((c: { category: string }) => c.category === "tickets");
      const bar = page.getByRole("link", { name: `Tickets: ${tickets.count.toLocaleString("en-US")}`, exact: true });
      await bar.focus();
      await page.keyboard.press("Enter");
      await page.waitForURL("**/alerts?category=tickets");
      await settled(page);
      const categories = await page.locator("details summary h3").allInnerTexts();
      expect(categories, "only the ticket alerts are listed").toEqual(["Tickets"]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a selection is snoozed for 30 days with a reason, then woken", async () => {
    const ids = [await customer(2), await customer(3)].map((c) => c.id);
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await openAlerts(page, "/alerts?view=customer&category=engagement");
      for (const n of [2, 3]) await page.getByRole("checkbox", { name: `Select Low logins for 0 E2E Alerts ${suffix} ${n}` }).check();
      expect(await page.getByText("2 selected").isVisible()).toBe(true);
      await page.getByLabel("Snooze for").selectOption({ label: "30 days" });
      await page.getByLabel("Reason (optional)").fill("Quarter-end freeze");
      await page.getByRole("button", { name: "Snooze selected" }).click();
      await page.getByText("0 selected").waitFor();
      await expect.poll(async () => page.getByRole("checkbox", { name: new RegExp(`for 0 E2E Alerts ${suffix} [23]$`) }).count(),
        { message: "the snoozed alerts leave the active list" }).toBe(0);
      for (const id of ids) {
        const { alerts } = await api("list_alerts", { customer_id: id, state: "snoozed" });
        expect(alerts.map((a: { rule: string }) => a.rule), "snoozed, as the API says").toContain("low_logins");
      }
      await saveScreenshot(page, "alerts-snoozed");

      await page.getByLabel("State").selectOption({ label: "Snoozed" });
      await page.waitForURL(/state=snoozed/);
      const item = page.getByRole("article", { name: `Low logins: 0 E2E Alerts ${suffix} 2` });
      await item.getByRole("button", { name: "Wake" }).click();
      await expect.poll(() => item.count()).toBe(0);
      const { alerts } = await api("list_alerts", { customer_id: ids[0] });
      expect(alerts.map((a: { rule: string }) => a.rule), "woken: active again").toContain("low_logins");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("the Alerts page at phone width scrolls no sideways", async () => {
    const { page, close } = await openPage(browser(), url, { width: 390, height: 844 });
    try {
      await openAlerts(page);
      await saveScreenshot(page, "alerts-category");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, "no sideways page scroll at 390 px").toBeLessThanOrEqual(0);
      await page.goto("/alerts?view=table");
      await page.locator("tbody tr").first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await saveScreenshot(page, "alerts-table");
    } finally {
      await close();
    }
  });

  test("the record's Alerts, Playbook and QBR tabs: dismiss, tick an item that stays ticked, print and copy", async () => {
    const c = await customer(4, { adoption: 15, logins: 2, tickets: 4 });
    for (const [width, height] of [[1400, 900], [390, 844]]) {
      const { page, errors, close } = await openPage(browser(), url, { width, height });
      try {
        await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
        await openAlerts(page);
        await page.goto(`/customers/${c.id}/alerts`);
        const tickets = page.getByRole("article", { name: `High ticket load: ${c.name}` });
        await tickets.waitFor();
        await saveScreenshot(page, "record-alerts");
        if (width === 1400) {
          await tickets.getByRole("button", { name: "Dismiss" }).click();
          await tickets.getByText("dismissed").waitFor();
        }

        await page.getByRole("navigation", { name: "Customer record" }).getByRole("link", { name: "Playbook" }).click();
        const adoption = page.getByRole("article", { name: "Adoption play" });
        await adoption.waitFor();
        if (width === 1400) {
          await adoption.getByLabel("Run a training session for the main users").check();
          await adoption.getByText("1 of 3 done").waitFor();
          await page.reload();
        }
        await page.getByRole("article", { name: "Adoption play" }).getByText("1 of 3 done").waitFor();
        expect(await page.getByRole("article", { name: "Adoption play" }).getByLabel("Run a training session for the main users").isChecked(),
          "the tick was saved").toBe(true);
        await saveScreenshot(page, "record-playbook");

        await page.getByRole("navigation", { name: "Customer record" }).getByRole("link", { name: "QBR prep" }).click();
        await page.getByRole("heading", { name: "Executive summary" }).waitFor();
        for (const h of ["Wins and highlights", "Risks and concerns", "Questions to ask", "Meeting context"]) {
          expect(await page.getByRole("heading", { name: h }).isVisible(), `the QBR has ${h}`).toBe(true);
        }
        await page.getByRole("button", { name: "Copy as text" }).click();
        await page.getByRole("status").waitFor();
        if (width === 1400) {
          const copied = await page.evaluate(() => navigator.clipboard.readText());
          expect(copied).toContain(`Quarterly business review: ${c.name}`);
          expect(copied).toContain("[Critical] High ticket load");
        }
        await saveScreenshot(page, "record-qbr");
        await page.emulateMedia({ media: "print" });
        expect(await page.getByRole("button", { name: "Print" }).isVisible(), "no controls on paper").toBe(false);
        expect(await page.getByRole("navigation", { name: "Main" }).isVisible(), "no navigation on paper").toBe(false);
        expect(await page.getByRole("heading", { name: "Suggested agenda" }).isVisible()).toBe(true);
        await saveScreenshot(page, "record-qbr-print");
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, "no sideways page scroll").toBeLessThanOrEqual(0);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }
  });
});
