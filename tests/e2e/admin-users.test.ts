// The Users page in the browser: an owner invites someone as the viewer of
// one client; they join through the e-mailed link and see only that client,
// its settings read only, and the API refuses their save. The owner makes
// them manager of it; an admin's attempt to grant ownership is refused in a
// plain sentence beside the person.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { invitationToken, makePerson, newAddress } from "../integration/admin/invitees.ts";
import { type AdminClient, demoOwner, makeAdminClient, ownerToken, superuser } from "./admin.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { accessToken, scoringAction, signIn } from "./dashboard.ts";

describe("the Users page", () => {
  const { url, anonKey } = stack();
  const browser = useBrowser();
  const sql = superuser();
  let client: AdminClient;
  const email = newAddress("users-page");
  const password = "a long enough password";

  beforeAll(async () => {
    client = await makeAdminClient(await ownerToken(), "Users page", 8);
  });
  afterAll(() => sql.end());

  const userId = async () => (await sql`select id from auth.users where email = ${email}`)[0].id as string;

  test("an owner invites a viewer of one client, who joins by the link and sees only that client, read only", async () => {
    const owner = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await signIn(owner.page, demoOwner(), "/users");
      await owner.page.waitForURL("**/users");
      await owner.page.getByLabel("Email").fill(email);
      await owner.page.getByLabel("Agency role").first().selectOption("member");
      await owner.page.getByLabel(client.name).selectOption("viewer");
      await saveScreenshot(owner.page, "admin-users-invite");
      await owner.page.getByRole("button", { name: "Send invitation" }).click();
      await owner.page.getByRole("status").filter({ hasText: `An invitation is on its way to ${email}.` }).waitFor();
      await owner.page.getByRole("button", { name: `Revoke the invitation to ${email}` }).waitFor();
      expect(owner.errors).toEqual([]);
    } finally {
      await owner.close();
    }

    const token = await invitationToken(email);
    const invited = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await invited.page.goto(`/invite#token=${token}`);
      await invited.page.getByLabel("Choose a password").fill(password);
      await invited.page.getByRole("button", { name: /^Join / }).click();
      await invited.page.waitForURL("**/customers");
      await expect.poll(() => invited.page.getByLabel("Client").locator("option").allInnerTexts(), { message: "only their client" })
        .toEqual([client.name]);

      await invited.page.goto("/settings");
      await invited.page.getByRole("note").filter({ hasText: "You can view these settings" }).waitFor();
      const logins = invited.page.getByRole("spinbutton", { name: "Logins weight", exact: true });
      await logins.waitFor();
      expect(await logins.isDisabled(), "a viewer's weights are read only").toBe(true);
      expect(await invited.page.getByRole("button", { name: "Save settings" }).count(), "no save button for a viewer").toBe(0);
      await saveScreenshot(invited.page, "admin-settings-viewer");
      expect(invited.errors).toEqual([]);
    } finally {
      await invited.close();
    }

    const viewerToken = await accessToken(url, anonKey, { email, password });
    await expect(scoringAction(url, viewerToken, client.id, "update_settings", {
      weights: { logins: 50, adoption: 0, tickets: 20, nps: 15, csat: 0, days: 10, growth: 5 },
    }), "the API refuses a viewer's save").rejects.toThrow(/answered 403/);
  });

  test("the owner makes the viewer a manager of the client; an admin may not grant ownership, and is told so", async () => {
    const owner = await openPage(browser(), url, { width: 390, height: 844 });
    try {
      await signIn(owner.page, demoOwner(), "/users");
      const card = owner.page.getByRole("listitem").filter({ has: owner.page.getByRole("heading", { name: email }) });
      await card.getByLabel(`Role for ${client.name}`).selectOption("manager");
      await owner.page.getByRole("status").filter({ hasText: `${email} is assigned as manager.` }).waitFor();
      const [a] = await sql`select role from public.client_members where client_id = ${client.id} and user_id = ${await userId()}`;
      expect(a.role, "the assignment is stored").toBe("manager");
      expect(await owner.page.evaluate(() => document.documentElement.scrollWidth), "nothing scrolls sideways").toBeLessThanOrEqual(390);
      await saveScreenshot(owner.page, "admin-users");
    } finally {
      await owner.close();
    }

    const admin = await makePerson("users-admin");
    const [{ agency_id }] = await sql`select agency_id from public.clients where id = ${client.id}`;
    await sql`insert into public.agency_members (agency_id, user_id, role) values (${agency_id}, ${admin.id}, 'admin')`;
    const page = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await signIn(page.page, admin, "/users");
      const card = page.page.getByRole("listitem").filter({ has: page.page.getByRole("heading", { name: email }) });
      await card.getByLabel("Agency role").selectOption("owner");
      await card.getByRole("alert").filter({ hasText: "Only an owner may grant or remove the owner role." }).waitFor();
      expect(await card.getByLabel("Agency role").inputValue(), "the select shows the role as stored").toBe("member");
      await saveScreenshot(page.page, "admin-users-refused");
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
