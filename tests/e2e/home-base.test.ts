// Home Base and All clients in Chromium against the demo data: sign-in lands
// on Home Base, its figures are the ones the API's customers add up to, a
// band of Portfolio Health opens Customers filtered by it, and the agency
// overview shows a member only their own client.
import { describe, expect, test } from "vitest";
import { homeBaseAnswer } from "../../shared/home/answers.ts";
import { stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { accessToken, listCustomers, signIn } from "./dashboard.ts";

const money = (n: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(n);

describe("Home Base", () => {
  const { url, anonKey, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const member = demo.users.find((u) => u.clientId && u.role !== "owner" && u.role !== "admin")!;
  const client = demo.clients[0];
  const browser = useBrowser();

  /** Every live customer of the demo client, through the public API, page by page. */
  async function liveCustomers() {
    const all = [];
    for (let offset = 0; ; offset += 100) {
      const page = await listCustomers(url, client, { limit: "100", offset: String(offset) });
      all.push(...page.customers);
      if (offset + 100 >= page.total) break;
    }
    return all.filter((c) => c.lifecycle !== "churned");
  }

  test("sign-in lands on Home Base, whose figures are what the client's customers add up to", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await signIn(page, owner);
      await page.waitForURL("**/home");
      await page.getByLabel("Client").selectOption({ label: client.name });
      await page.getByRole("heading", { name: /^Good (morning|afternoon|evening)/ }).waitFor();

      const customers = await liveCustomers();
      const atRisk = customers.filter((c) => c.status === "critical" || c.status === "atrisk");
      const sum = (xs: typeof customers) => xs.reduce((s, c) => s + (c.mrr ?? 0), 0);
      const risk = page.getByRole("link", { name: "Revenue at risk" });
      await expect.poll(() => risk.innerText(), { message: "the card shows the MRR of Critical and At Risk accounts" })
        .toContain(money(sum(atRisk)));
      expect(await risk.innerText()).toContain(`${atRisk.length} accounts Critical or At Risk`);
      const total = page.getByRole("region", { name: "Total MRR" });
      expect(await total.innerText(), "Total MRR of the live accounts").toContain(money(sum(customers)));
      const health = page.getByRole("region", { name: "Portfolio health" });
      expect(await health.innerText()).toContain(`${customers.length} active accounts`);

      // The lists and the heatmap are the API's own answer, as the signed-in owner gets it.
      const token = await accessToken(url, anonKey, owner);
      const home = homeBaseAnswer.parse(await (await fetch(`${url}/functions/v1/api-inbound?action=home_base&client_id=${client.id}`,
        { headers: { authorization: `Bearer ${token}` } })).json());
      const priority = page.getByRole("region", { name: "Priority accounts" });
      expect(await priority.getByRole("link").allInnerTexts().then((t) => t.map((x) => x.split("\n")[1]?.trim() ?? x)),
        "priority accounts in the API's order").toEqual(home.priority.map((a) => a.name));
      const heatmapRows = page.getByRole("region", { name: /Signal heatmap/ }).locator("tbody tr");
      expect(await heatmapRows.count()).toBe(home.heatmap.length);
      const pipeline = page.getByRole("region", { name: "Renewal pipeline" });
      for (const bucket of home.renewal_pipeline) {
        expect((await pipeline.innerText()).toLowerCase()).toContain(`${bucket.from_days}–${bucket.to_days} days`);
      }
      await saveScreenshot(page, "home-base");
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("a band of Portfolio Health opens Customers filtered by that band", async () => {
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await signIn(page, owner);
      await page.waitForURL("**/home");
      await page.getByLabel("Client").selectOption({ label: client.name });
      const health = page.getByRole("region", { name: "Portfolio health" });
      await health.getByRole("link", { name: /^At Risk \d+$/ }).click();
      await page.waitForURL("**/customers?status=atrisk");
      // Live accounts only, as Home Base counts them: the band tab leaves churned customers out.
      const expected = await listCustomers(url, client, { status: "atrisk", exclude_lifecycle: "churned", limit: "1" });
      await expect.poll(() => page.getByRole("navigation", { name: "Pages" }).innerText(), { message: "the pager counts At Risk customers" })
        .toContain(`of ${expected.total}`);
      const statuses = await page.locator('tbody td[data-label="Status"]').allInnerTexts();
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses.map((s) => s.trim())), "every row is At Risk").toEqual(new Set(["At Risk"]));
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("at phone width (390px) Home Base fits without scrolling sideways", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 390, height: 844 });
    try {
      await signIn(page, owner);
      await page.waitForURL("**/home");
      await page.getByRole("region", { name: /Signal heatmap/ }).waitFor();
      await saveScreenshot(page, "home-base");
      expect(await page.evaluate(() => document.documentElement.scrollWidth), "Home Base fits 390px").toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("All clients: the owner sees both demo clients and enters one; the member sees only their own", async () => {
    for (const [user, width] of [[owner, 1400], [member, 390]] as const) {
      const { page, errors, close } = await openPage(browser(), url, { width, height: 900 });
      try {
        await signIn(page, user, "/overview");
        await page.waitForURL("**/overview");
        const rows = page.locator("tbody tr");
        await rows.first().waitFor();
        const names = await page.locator("tbody th").allInnerTexts();
        // Other test files add clients to the demo agency: what the user may open is what list_clients says.
        const token = await accessToken(url, anonKey, user);
        const listed = await (await fetch(`${url}/functions/v1/api-inbound?action=list_clients`, { headers: { authorization: `Bearer ${token}` } })).json();
        const expected = (listed.clients as { name: string; archived: boolean }[]).filter((c) => !c.archived).map((c) => c.name);
        if (user === owner) expect(expected, "the owner has both demo clients").toEqual(expect.arrayContaining(demo.clients.map((c) => c.name)));
        else expect(expected, "the member has their one client").toEqual(demo.clients.filter((c) => c.id === member.clientId).map((c) => c.name));
        expect(names.map((n) => n.trim()).sort(), `${user.role} sees the clients they may open`).toEqual(expected.sort());
        await saveScreenshot(page, `all-clients-${user.role}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), "the page does not scroll sideways").toBeLessThanOrEqual(width);
        if (user === owner) {
          const other = demo.clients[1];
          await page.getByRole("button", { name: other.name }).click();
          await page.waitForURL("**/home");
          expect(await page.getByLabel("Client").inputValue(), "entering a client selects it").toBe(other.id);
        }
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }
  });
});
