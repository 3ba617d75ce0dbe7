// Trends and Segments in Chromium against the demo data: the chart's figures
// are the API's, its controls change the view (and the URL), a change of the
// scoring settings is marked on the chart, and a segment row opens to its
// accounts. Screenshots at desktop and phone width.
import postgres from "postgres";
import { describe, expect, test } from "vitest";
import { segmentsAnswer, trendsAnswer } from "../../shared/analytics/answers.ts";
import { stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { accessToken, signIn } from "./dashboard.ts";

describe("Trends and Segments", () => {
  const { url, anonKey, demo, dbUrl } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[1];
  const browser = useBrowser();

  async function ask(action: string, params: Record<string, string>) {
    const token = await accessToken(url, anonKey, owner);
    const query = new URLSearchParams({ action, client_id: client.id, ...params });
    return (await fetch(`${url}/functions/v1/api-inbound?${query}`, { headers: { authorization: `Bearer ${token}` } })).json();
  }

  test("Trends draws the API's line, switches metric and overlays a manager, and marks a change of the scoring settings", async () => {
    // A change of the settings today: the chart must mark it.
    const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
    await sql`update public.client_settings set weights = weights || '{"logins": 30, "adoption": 20}' where client_id = ${client.id}`;
    const [{ version }] = await sql`select version from public.client_settings where client_id = ${client.id}`;
    await sql.end();

    for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await signIn(page, owner, "/trends");
        await page.waitForURL("**/trends");
        await page.getByLabel("Client").selectOption({ label: client.name });
        const chart = page.locator("figure.multi-line");
        await chart.waitFor();
        const api = trendsAnswer.parse(await ask("get_trends", {}));
        const today = api.series.at(-1)!;
        const cells = chart.locator(".visually-hidden table tbody tr").last().locator("td");
        expect(Number(await cells.first().textContent()), "the hidden table's last day is the API's today").toBeCloseTo(today.value!, 6);
        expect(await chart.locator("g.marker title").allTextContents(), "the settings change is marked").toContain(`Settings v${version}`);
        await expect.poll(() => page.getByRole("region", { name: "Insights" }).innerText()).toContain(`version ${version}`);
        if (viewport.width === 390) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, "no sideways scroll on a phone").toBeLessThanOrEqual(0);
        }
        await saveScreenshot(page, "trends");

        await page.getByLabel("Primary metric").selectOption({ label: "MRR" });
        await page.waitForURL("**/trends?metric=mrr");
        const manager = api.managers[0];
        await page.getByLabel("CSM overlay").selectOption({ label: manager });
        await page.waitForURL(/manager=/);
        await expect.poll(() => chart.locator(".legend").innerText()).toContain(`${manager}'s portfolio`);
        const rows = page.getByRole("region", { name: "Score changes" }).locator("tbody tr");
        expect(await rows.count(), "the score-change table lists movers").toBeGreaterThan(0);
        await rows.first().getByRole("button", { name: /Add to chart/ }).click();
        await page.waitForURL(/customers=/);
        await expect.poll(() => chart.locator(".legend li").count(), { message: "portfolio, manager and one customer" }).toBe(3);
        expect(errors, "no uncaught errors in the page").toEqual([]);
      } finally {
        await close();
      }
    }
  });

  test("Segments shows the API's KPIs, opens a row to its accounts most urgent first, and groups by tier", async () => {
    for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await signIn(page, owner, "/segments");
        await page.waitForURL("**/segments");
        await page.getByLabel("Client").selectOption({ label: client.name });
        const api = segmentsAnswer.parse(await ask("get_segments", {}));
        const kpis = page.locator("dl.kpis");
        await kpis.waitFor();
        expect(await kpis.innerText(), "the accounts KPI").toContain(api.kpis.accounts.toLocaleString("en-US"));
        const first = api.segments[0];
        await page.getByRole("button", { name: first.segment }).first().click();
        const list = page.getByRole("list", { name: `Accounts of ${first.segment}, most urgent first` });
        await list.waitFor();
        expect(await list.getByRole("listitem").count(), "the segment's accounts, up to 50").toBe(Math.min(50, first.count));
        await page.locator("figure.multi-line").waitFor();
        if (viewport.width === 390) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, "no sideways scroll on a phone").toBeLessThanOrEqual(0);
        }
        await saveScreenshot(page, "segments");
        await page.getByRole("button", { name: "Tiers" }).click();
        await page.waitForURL(/by=tier/);
        await expect.poll(() => page.getByRole("region", { name: "Segments table" }).innerText()).toContain("Enterprise");
        expect(errors, "no uncaught errors in the page").toEqual([]);
      } finally {
        await close();
      }
    }
  });
});
