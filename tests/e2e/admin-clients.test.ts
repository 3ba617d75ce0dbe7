// The Clients page in the browser: an owner adds a client, renames it and
// archives it — its API key stops working, and the client switcher lists it
// apart, marked, and never lands on it — then restores it.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { act } from "../integration/admin/invitees.ts";
import { demoOwner, ownerToken, superuser } from "./admin.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { signIn } from "./dashboard.ts";

const listWith = (key: string) =>
  fetch(`${stack().url}/functions/v1/api-inbound?action=list_customers&limit=1`, { headers: { "x-api-key": key } });

describe("the Clients page", () => {
  const { url } = stack();
  const browser = useBrowser();
  const sql = superuser();
  let token: string;
  beforeAll(async () => {
    token = await ownerToken();
  });
  afterAll(() => sql.end());

  for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
    test(`at ${viewport.width}px a client is added, renamed, archived (its key stops working) and restored`, async () => {
      const name = `Clients page ${viewport.width} ${Date.now().toString(36)}`;
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await signIn(page, demoOwner(), "/clients");
        await page.waitForURL("**/clients");
        await page.getByLabel("New client name").fill(name);
        await page.getByRole("button", { name: "Add client" }).click();
        await page.getByRole("status").filter({ hasText: `${name} was added.` }).waitFor();
        const row = (n: string) => page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: n }) });
        await row(name).waitFor();
        const [{ id }] = await sql`select id from public.clients where name = ${name}`;

        await row(name).getByRole("button", { name: `Rename ${name}` }).click();
        await page.getByLabel(`New name for ${name}`).fill(`${name} renamed`);
        await page.getByRole("button", { name: "Save name" }).click();
        const renamed = `${name} renamed`;
        await row(renamed).waitFor();

        const key = await act(token, "create_api_key", { client_id: id, label: "Archive test" });
        await act(token, "upsert_account", { client_id: id, name: "Kept account" });
        const raw = key.body.api_key.key as string;
        expect((await listWith(raw)).status, "the key works while the client is active").toBe(200);

        await row(renamed).getByRole("button", { name: `Archive ${renamed}` }).click();
        await row(renamed).getByRole("button", { name: `Yes, archive ${renamed}` }).click();
        await row(renamed).getByText(/^Archived /).waitFor();
        expect((await listWith(raw)).status, "an archived client's key is refused").toBe(401);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), "nothing scrolls sideways").toBeLessThanOrEqual(viewport.width);
        await saveScreenshot(page, "admin-clients");

        const archivedOption = page.getByLabel("Client", { exact: true }).locator("optgroup[label='Archived'] option", { hasText: renamed });
        expect(await archivedOption.innerText(), "the switcher lists it apart, marked").toBe(`${renamed} (archived)`);
        const options = await page.getByLabel("Client", { exact: true }).locator("option").allInnerTexts();
        expect(options.at(-1), "archived clients come last").toMatch(/\(archived\)$/);

        // Remembered from before it was archived, it is not where the next visit lands.
        await page.getByLabel("Client", { exact: true }).selectOption({ label: `${renamed} (archived)` });
        await page.reload();
        await page.getByLabel("Client", { exact: true }).waitFor();
        await expect.poll(async () => page.getByLabel("Client", { exact: true }).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text))
          .not.toMatch(/archived/);

        await row(renamed).getByRole("button", { name: `Restore ${renamed}` }).click();
        await page.getByRole("status").filter({ hasText: `${renamed} is back.` }).waitFor();
        expect((await listWith(raw)).status, "restored, its key works again").toBe(200);
        expect(await row(renamed).locator("td").nth(1).innerText(), "its customers are counted").toBe("1");
        expect(errors, "no uncaught errors in the page").toEqual([]);
      } finally {
        await close();
      }
    });
  }
});
