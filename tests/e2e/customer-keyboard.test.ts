// Keyboard only, in Debian Chromium: sign in, open Customers, search, open a
// customer's record, edit and save — every step by Tab, typing and Enter,
// never a click, so every control on the way is reachable and operable.
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { openPage, useBrowser } from "./browser.ts";
import { getCustomer, upsertAccount } from "./dashboard.ts";

/** What a screen reader would call the focused element: its label, aria-label or text. */
const focusedName = (page: Page) => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  if (!el) return "";
  const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? el.getAttribute("aria-label") ?? el.textContent ?? "";
  return labelled.replace(/\s+/g, " ").trim();
});

/** Presses Tab until the focused element's name matches, failing after `max` presses. */
async function tabTo(page: Page, name: RegExp, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (name.test(await focusedName(page))) return;
  }
  throw new Error(`Tab never reached ${name}; last focused: ${await focusedName(page)}`);
}

describe("keyboard only", () => {
  const { url, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();

  test("sign in, find a customer, open its record, edit and save — without the mouse", async () => {
    const name = `Keyboard ${randomBytes(4).toString("hex")}`;
    const c = await upsertAccount(url, client, { name, logins: 10, adoption: 50, tier: "mid", mrr: 900 });
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await page.goto("/login?next=%2Fcustomers");
      await tabTo(page, /^Email/);
      await page.keyboard.type(owner.email);
      await tabTo(page, /^Password/);
      await page.keyboard.type(owner.password);
      await page.keyboard.press("Enter");
      await page.waitForURL("**/customers");
      // The default client may be another one (other tests add clients, some empty): choose ours first.
      const clientSelect = page.getByLabel("Client");
      await expect.poll(() => clientSelect.inputValue(), { timeout: 15_000 }).not.toBe("");
      if ((await clientSelect.inputValue()) !== client.id) {
        await tabTo(page, /^Client/);
        await page.keyboard.type(client.name);
        await page.keyboard.press("Enter");
      }
      await page.locator("tbody tr").first().waitFor();
      await tabTo(page, /^Search customers/);
      await page.keyboard.type(name);
      await page.waitForURL(`**/customers?q=${encodeURIComponent(name).replaceAll("%20", "+")}`);
      await expect.poll(() => page.locator("tbody tr th").allInnerTexts(), { timeout: 15_000 }).toEqual([name]);

      await tabTo(page, new RegExp(`^${name}$`));
      await page.keyboard.press("Enter");
      await page.waitForURL(`**/customers/${c.id}`);
      await tabTo(page, /^Edit customer$/);
      await page.keyboard.press("Enter");
      await tabTo(page, /^Manager$/);
      await page.keyboard.type("Kim Keys");
      await tabTo(page, /^Save changes$/);
      await page.keyboard.press("Enter");
      await page.getByRole("button", { name: "Edit customer" }).waitFor();
      expect((await getCustomer(url, client, c.id)).customer.manager, "saved by the keyboard alone").toBe("Kim Keys");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
