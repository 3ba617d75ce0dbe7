// Help & Guide in the browser: how scores work is told with the selected
// client's own weights and bands (a change in Settings shows there), and the
// API section carries this deployment's address and Zapier's steps.
import { beforeAll, describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { type AdminClient, demoOwner, makeAdminClient, ownerToken } from "./admin.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { scoringAction, signIn } from "./dashboard.ts";

describe("the Help & Guide page", () => {
  const { url } = stack();
  const browser = useBrowser();
  let client: AdminClient;

  beforeAll(async () => {
    const token = await ownerToken();
    client = await makeAdminClient(token, "Help page", 2);
    await scoringAction(url, token, client.id, "update_settings", {
      weights: { logins: 40, adoption: 10, tickets: 20, nps: 15, csat: 0, days: 10, growth: 5 },
      bands: { atrisk: 30, watch: 50, healthy: 70, expansion: 85 },
    });
  });

  for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
    test(`at ${viewport.width}px it explains scores with the client's own weights and bands`, async () => {
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await signIn(page, demoOwner(), "/help");
        await page.waitForURL("**/help");
        await page.getByLabel("Client", { exact: true }).selectOption({ label: client.name });
        const logins = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Logins" }) });
        await expect.poll(() => logins.innerText()).toMatch(/Logins\s+40%/);
        expect(await page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "CSAT" }) }).innerText()).toMatch(/off/);
        expect(await page.getByRole("listitem").filter({ hasText: "Healthy" }).first().innerText()).toMatch(/Healthy\s+70–84/);
        expect(await page.locator("#api").innerText(), "the API section has this deployment's address").toContain(`${url}/functions/v1/api-inbound`);
        expect(await page.locator("#api").innerText(), "and Zapier's steps").toContain("Webhooks by Zapier");
        expect(await page.evaluate(() => document.documentElement.scrollWidth), "nothing scrolls sideways").toBeLessThanOrEqual(viewport.width);
        await saveScreenshot(page, "admin-help");
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  }
});
