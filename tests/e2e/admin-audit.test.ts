// The Audit Log in the browser: what an owner did on the admin pages' API —
// a settings save, a profile, a client renamed and archived, a person
// assigned, an API key created and revoked, a customer written with that
// key — each shows with who did it and before → after, and the filters
// (what, API key, customer, dates) narrow the list.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { act, makePerson } from "../integration/admin/invitees.ts";
import { type AdminClient, demoOwner, makeAdminClient, ownerToken, superuser } from "./admin.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { scoringAction, signIn } from "./dashboard.ts";

describe("the Audit Log page", () => {
  const { url } = stack();
  const browser = useBrowser();
  const sql = superuser();
  let client: AdminClient;
  let renamed: string;
  const keyLabel = `Audit key ${Date.now().toString(36)}`;

  beforeAll(async () => {
    const token = await ownerToken();
    client = await makeAdminClient(token, "Audit page", 3);
    await scoringAction(url, token, client.id, "update_settings", {
      weights: { logins: 30, adoption: 20, tickets: 20, nps: 15, csat: 0, days: 10, growth: 5 },
    });
    await scoringAction(url, token, client.id, "save_profile", {
      name: "Audit profile", weights: { logins: 50, adoption: 10, tickets: 10, nps: 10, csat: 0, days: 10, growth: 10 },
    });
    const key = await act(token, "create_api_key", { client_id: client.id, label: keyLabel });
    await fetch(`${url}/functions/v1/api-inbound`, {
      method: "POST", headers: { "content-type": "application/json", "x-api-key": key.body.api_key.key },
      body: JSON.stringify({ action: "upsert_account", data: { name: "Audit page account 0", tickets: 4 } }),
    });
    await act(token, "revoke_api_key", { id: key.body.api_key.id });
    const person = await makePerson("audit-page");
    const [{ agency_id }] = await sql`select agency_id from public.clients where id = ${client.id}`;
    await sql`insert into public.agency_members (agency_id, user_id, role) values (${agency_id}, ${person.id}, 'member')`;
    await act(token, "assign_client", { user_id: person.id, client_id: client.id, role: "viewer" });
    renamed = `${client.name} renamed`;
    await act(token, "rename_client", { client_id: client.id, name: renamed });
    await act(token, "archive_client", { client_id: client.id });
    await act(token, "restore_client", { client_id: client.id });
  });
  afterAll(() => sql.end());

  const entries = (page: Page) => page.getByRole("list", { name: "Audit entries" }).getByRole("listitem");
  const entryTexts = async (page: Page) => (await entries(page).allInnerTexts()).map((t) => t.replace(/\s+/g, " "));

  test("each change shows with who and before → after, and the filters narrow it", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await signIn(page, demoOwner(), `/audit?client_id=${client.id}`);
      await entries(page).first().waitFor();
      const all = await entryTexts(page);
      const owner = demoOwner().email;
      const has = (pattern: RegExp, what: string) => expect(all.some((t) => pattern.test(t)), `${what}:\n${all.join("\n")}`).toBe(true);
      has(new RegExp(`${owner} changed settings .*weights\\.logins 25 → to 30 weights\\.adoption 25 → to 20`), "the settings save, before → after");
      has(new RegExp(`${owner} created scoring profile Audit profile`), "the profile");
      has(new RegExp(`${owner} changed client ${renamed}.* name ${client.name} → to ${renamed}`), "the rename");
      has(new RegExp(`${owner} changed client ${renamed}.* archived_at — → to 20`), "the archive");
      has(new RegExp(`${owner} changed client ${renamed}.* archived_at 20.* → to —`), "the restore");
      has(new RegExp(`${owner} created client assignment audit-page\\.[0-9a-f]+@invitations\\.test .*role viewer`), "the assignment");
      has(new RegExp(`${owner} created api key ${keyLabel} .*label ${keyLabel}`), "the key, by label");
      has(new RegExp(`${owner} changed api key ${keyLabel} .*revoked_at — → to 20`), "its revocation, by label");
      has(new RegExp(`API key ${keyLabel} \\(pb_[0-9a-f]{7}…\\) changed customer Audit page account 0 .*tickets 0 → to 4`), "the key's write");
      await saveScreenshot(page, "admin-audit");

      await page.getByLabel("What", { exact: true }).selectOption({ label: "API key" });
      await page.waitForURL(/table=api_keys/);
      await expect.poll(() => entryTexts(page)).toHaveLength(3);
      await page.getByLabel("What", { exact: true }).selectOption({ label: "Everything" });
      await page.getByLabel("Customer", { exact: true }).fill("account 0");
      await page.getByLabel("Customer", { exact: true }).press("Enter");
      await page.waitForURL(/customer=account/);
      await expect.poll(async () => (await entryTexts(page)).every((t) => t.includes("customer Audit page account 0")),
        { message: "only entries about that customer" }).toBe(true);
      await page.getByLabel("From", { exact: true }).fill("2000-01-01");
      await page.getByLabel("To", { exact: true }).fill("2000-01-31");
      await page.getByText("No entries match these filters.").waitFor();
      await page.getByRole("link", { name: "Clear the filters" }).click();
      await page.waitForURL(/\/audit$/);
      await entries(page).first().waitFor();
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("on a phone (390px) the log fits without sideways scrolling", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 390, height: 844 });
    try {
      await signIn(page, demoOwner(), `/audit?client_id=${client.id}`);
      await entries(page).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await saveScreenshot(page, "admin-audit");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
