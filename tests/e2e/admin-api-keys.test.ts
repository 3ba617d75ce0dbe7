// API keys in the browser: an owner creates a key with a label and sees it
// once, the key works against the API, revoking it on the page makes its
// next call a 401; the endpoint list carries this deployment's URL.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { type AdminClient, demoOwner, makeAdminClient, ownerToken, superuser } from "./admin.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { signIn } from "./dashboard.ts";

const listWith = (key: string) =>
  fetch(`${stack().url}/functions/v1/api-inbound?action=list_customers&limit=1`, { headers: { "x-api-key": key } });

describe("the API keys page", () => {
  const { url } = stack();
  const browser = useBrowser();
  const sql = superuser();
  let client: AdminClient;

  beforeAll(async () => {
    client = await makeAdminClient(await ownerToken(), "Keys page", 5);
  });
  afterAll(() => sql.end());

  for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
    test(`at ${viewport.width}px a key is created, shown once, works, and after revoking answers 401`, async () => {
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await signIn(page, demoOwner(), "/settings/api-keys");
        await page.waitForURL("**/settings/api-keys");
        await page.getByLabel("Client").selectOption({ label: client.name });
        await page.getByRole("heading", { name: "Keys" }).waitFor();
        const label = `Zap ${viewport.width}`;
        await page.getByLabel("Label").fill(label);
        await page.getByRole("button", { name: "Create key" }).click();
        const shown = page.getByTestId("new-key");
        await shown.waitFor();
        const key = await shown.innerText();
        expect(key, "the raw key is on the page").toMatch(/^pb_[0-9a-f]{40}$/);
        const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: label }) });
        expect(await row.innerText(), "listed by prefix, never used, active").toMatch(new RegExp(`${key.slice(0, 10)}…[\\s\\S]*Never[\\s\\S]*Active`));
        const curl = await page.locator("pre").first().innerText();
        expect(curl, "the curl commands carry this deployment's URL and the new key").toContain(`${url}/functions/v1/api-inbound`);
        expect(curl).toContain(key);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), "nothing scrolls sideways").toBeLessThanOrEqual(viewport.width);
        await saveScreenshot(page, "admin-api-keys");

        expect((await listWith(key)).status, "the new key works").toBe(200);
        await page.reload();
        await row.waitFor();
        expect(await page.getByTestId("new-key").count(), "the key is not shown again").toBe(0);
        await row.getByRole("button", { name: `Revoke ${label}` }).click();
        await row.getByRole("button", { name: `Yes, revoke ${label}` }).click();
        await row.getByText(/^Revoked /).waitFor();
        expect((await listWith(key)).status, "the revoked key's next call is refused").toBe(401);
        const [audit] = await sql`select before, after from public.audit_log where table_name = 'api_keys' and action = 'update'
                                  and row_id = (select id from public.api_keys where label = ${label} and client_id = ${client.id})`;
        expect(audit.before.revoked_at, "the revocation is audited").toBeNull();
        expect(audit.after.revoked_at).not.toBeNull();
        expect(errors, "no uncaught errors in the page").toEqual([]);
      } finally {
        await close();
      }
    });
  }
});
