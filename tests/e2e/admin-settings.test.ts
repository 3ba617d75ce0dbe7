// The Settings page in the browser: weights that total 99 are refused with a
// sentence beside them and nothing saved; at 100 the preview says how many
// customers change band, and saving moves exactly that many; Config History
// shows the change with who made it; phones fit.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { type AdminClient, demoOwner, makeAdminClient, ownerToken, superuser } from "./admin.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { signIn } from "./dashboard.ts";

describe("the Settings page", () => {
  const { url } = stack();
  const browser = useBrowser();
  const sql = superuser();
  let client: AdminClient;

  beforeAll(async () => {
    client = await makeAdminClient(await ownerToken(), "Settings page");
  });
  afterAll(() => sql.end());

  const weight = (page: Page, label: string) => page.getByRole("spinbutton", { name: `${label} weight`, exact: true });
  const bands = async () => new Map((await sql`select id, status from public.customers where client_id = ${client.id}`).map((r) => [r.id, r.status]));
  const version = async () => (await sql`select version from public.client_settings where client_id = ${client.id}`)[0].version as number;

  async function open(page: Page, path = "/settings") {
    await signIn(page, demoOwner(), path);
    await page.waitForURL(`**${path}`);
    await page.getByLabel("Client").selectOption({ label: client.name });
    await page.getByRole("heading", { name: "Score distribution" }).waitFor();
  }

  test("weights at 99 are refused beside the field; at 100 the preview's band changes are the ones the save makes", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await open(page);
      expect(await weight(page, "CSAT").isDisabled(), "CSAT is off by default").toBe(true);
      await saveScreenshot(page, "admin-settings");

      const before = await version();
      await weight(page, "Logins").fill("24");
      await page.getByText("Total 99", { exact: true }).waitFor();
      await page.getByText("Weights must total exactly 100; they total 99. Add 1 to save.").waitFor();
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByRole("alert").filter({ hasText: "weights must total 100 (currently 99)" }).waitFor();
      expect(await version(), "nothing was saved at 99").toBe(before);
      await saveScreenshot(page, "admin-settings-refused");

      await weight(page, "Logins").fill("45");
      await weight(page, "Adoption").fill("5");
      await page.getByText("Total 100", { exact: true }).waitFor();
      const changed = page.getByTestId("preview-changed");
      await changed.waitFor();
      const predicted = Number(await changed.innerText());
      expect(predicted, "the draft moves some of the seeded customers").toBeGreaterThan(0);
      await saveScreenshot(page, "admin-settings-preview");

      const was = await bands();
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByRole("status").filter({ hasText: /^Saved\./ }).waitFor();
      const now = await bands();
      const moved = [...now].filter(([id, band]) => was.get(id) !== band).length;
      expect(moved, "the save moved exactly as many customers as the preview said").toBe(predicted);
      expect(await version(), "one new version").toBe(before + 1);
      expect(errors, "no uncaught errors in the page").toEqual([]);

      await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Config history" }).click();
      const newest = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: `Version ${before + 1}` }) });
      await newest.waitFor();
      const text = await newest.innerText();
      expect(text, "who saved it").toContain(demoOwner().email);
      expect(text, "logins 25 → 45").toMatch(/weights\.logins\s+25\s+45/);
      expect(text, "adoption 25 → 5").toMatch(/weights\.adoption\s+25\s+5/);
      await saveScreenshot(page, "admin-config-history");
    } finally {
      await close();
    }
  });

  test("on a phone (390px) the settings and the history fit without sideways scrolling", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 390, height: 844 });
    try {
      await open(page);
      await weight(page, "Tickets").fill("21");
      await page.getByText("Total 101", { exact: true }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), "nothing scrolls sideways").toBeLessThanOrEqual(390);
      await saveScreenshot(page, "admin-settings");
      await page.goto("/settings/history");
      await page.getByRole("heading", { name: /^Version / }).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await saveScreenshot(page, "admin-config-history");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
