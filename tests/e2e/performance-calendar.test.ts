// CSM Performance and the Calendar in Chromium against the demo data: the
// leaderboard is the API's, a manager's row opens to their accounts; the
// calendar shows the month's events, a day's list on click, and the next month.
import { describe, expect, test } from "vitest";
import { calendarAnswer, performanceAnswer } from "../../shared/analytics/answers.ts";
import { stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { accessToken, signIn } from "./dashboard.ts";

describe("CSM Performance and Calendar", () => {
  const { url, anonKey, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();

  async function ask(action: string, params: Record<string, string> = {}) {
    const token = await accessToken(url, anonKey, owner);
    const query = new URLSearchParams({ action, client_id: client.id, ...params });
    return (await fetch(`${url}/functions/v1/api-inbound?${query}`, { headers: { authorization: `Bearer ${token}` } })).json();
  }
  const noSidewaysScroll = (page: import("playwright-core").Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  test("the leaderboard ranks the API's managers and a row opens to that manager's accounts", async () => {
    for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await signIn(page, owner, "/performance");
        await page.waitForURL("**/performance");
        await page.getByLabel("Client").selectOption({ label: client.name });
        const api = performanceAnswer.parse(await ask("get_performance"));
        const board = page.getByRole("region", { name: "Manager leaderboard" });
        await board.locator("tbody tr").first().waitFor();
        const names = await board.locator("tbody th button").allInnerTexts();
        expect(names.map((n) => n.replace(/^[▸▾]\s*/, "")), "managers in the API's order")
          .toEqual(api.managers.map((m) => m.manager || "Unassigned"));
        const top = api.managers[0];
        await board.getByRole("button", { name: top.manager || "Unassigned" }).click();
        const list = board.getByRole("list", { name: `${top.manager || "Unassigned"}'s accounts, most urgent first` });
        await list.waitFor();
        expect(await list.getByRole("listitem").count()).toBe(Math.min(50, top.accounts));
        if (viewport.width === 390) expect(await noSidewaysScroll(page), "no sideways scroll on a phone").toBeLessThanOrEqual(0);
        await saveScreenshot(page, "performance");
        expect(errors, "no uncaught errors in the page").toEqual([]);
      } finally {
        await close();
      }
    }
  });

  test("the calendar shows this month's events, a day's list on click, and moves to the next month", async () => {
    for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await signIn(page, owner, "/calendar");
        await page.waitForURL("**/calendar");
        await page.getByLabel("Client").selectOption({ label: client.name });
        const api = calendarAnswer.parse(await ask("get_calendar"));
        const busiest = [...api.days].sort((a, b) => b.events.length - a.events.length)[0];
        await page.getByRole("grid").waitFor();
        await page.getByRole("gridcell", { name: new RegExp(`: ${busiest.renewals} renewals, ${busiest.touches} next touches, ${busiest.overdue} overdue`) }).first().click();
        const list = page.getByRole("region", { name: /^Events on / });
        expect(await list.getByRole("listitem").count(), "the day's events").toBe(busiest.events.length);
        if (viewport.width === 390) expect(await noSidewaysScroll(page), "no sideways scroll on a phone").toBeLessThanOrEqual(0);
        await saveScreenshot(page, "calendar");
        await page.getByRole("button", { name: "Next month →" }).click();
        await page.waitForURL(/month=\d{4}-\d{2}/);
        const next = calendarAnswer.parse(await ask("get_calendar", { month: new URL(page.url()).searchParams.get("month")! }));
        await expect.poll(() => page.locator("h2").first().innerText()).not.toBe("");
        expect(next.month).not.toBe(api.month);
        expect(errors, "no uncaught errors in the page").toEqual([]);
      } finally {
        await close();
      }
    }
  });
});
