// Invitations in the browser: a person with an account at another agency is
// invited, signs in, accepts under Invitations and works on the new agency's
// client; a person without an account joins through the e-mailed link.
import postgres from "postgres";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { act, invitationToken, makePerson, newAddress, type Person } from "../integration/admin/invitees.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { accessToken, signIn } from "./dashboard.ts";

describe("invitations in the dashboard", () => {
  const { url, anonKey, dbUrl, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const demoClient = demo.clients[0];
  const browser = useBrowser();
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  let ownerToken: string;
  let demoAgency: string;

  /** A person who owns an agency of their own with one client. */
  async function ownerElsewhere(label: string): Promise<Person & { clientName: string }> {
    const person = await makePerson(label);
    const [agency] = await sql`insert into public.agencies (name) values (${`Elsewhere ${label}`}) returning id`;
    await sql`insert into public.agency_members (agency_id, user_id, role) values (${agency.id}, ${person.id}, 'owner')`;
    const clientName = `Own client ${person.email.split("@")[0]}`;
    await sql`insert into public.clients (agency_id, name) values (${agency.id}, ${clientName})`;
    return { ...person, clientName };
  }

  const invite = async (email: string) => {
    const res = await act(ownerToken, "invite_user", { email, role: "member", clients: [{ client_id: demoClient.id, role: "viewer" }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };

  const clientOptions = (page: Page) => page.getByLabel("Client").locator("option").allInnerTexts();

  beforeAll(async () => {
    ownerToken = await accessToken(url, anonKey, owner);
    [{ agency_id: demoAgency }] = await sql`select agency_id from public.clients where id = ${demoClient.id}`;
  });
  afterAll(() => sql.end());

  test("a user of another agency signs in, accepts the invitation and switches to the new agency's client", async () => {
    const person = await ownerElsewhere("accepts");
    await invite(person.email);
    const [{ name: agencyName }] = await sql`select name from public.agencies where id = ${demoAgency}`;

    const { page, errors, close } = await openPage(browser(), url);
    try {
      await signIn(page, person, "/customers");
      await page.waitForURL("**/customers");
      await expect.poll(() => clientOptions(page), { message: "before accepting, only their own client" }).toEqual([person.clientName]);

      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invitations" }).click();
      await page.waitForURL("**/invitations");
      const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: agencyName }) });
      await card.waitFor();
      expect(await card.innerText(), "the card says the role and who invited").toMatch(new RegExp(`Member[\\s\\S]*${owner.email}`));
      await saveScreenshot(page, "invitations");

      await card.getByRole("button", { name: `Join ${agencyName}` }).click();
      await page.getByRole("status").filter({ hasText: `You joined ${agencyName}` }).waitFor();
      await page.getByText("No pending invitations").waitFor();
      await expect.poll(() => clientOptions(page), { message: "the new agency's client is in the switcher at once" })
        .toEqual([demoClient.name, person.clientName].sort((a, b) => a.localeCompare(b)));
      await saveScreenshot(page, "invitations-joined");

      await page.getByRole("link", { name: "Open customers" }).click();
      await page.getByLabel("Client").selectOption({ label: demoClient.name });
      await page.locator("tbody tr").first().waitFor();
      expect(await page.locator(".switcher .role").innerText(), "as the viewer the invitation made them").toBe("Viewer");
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("on a phone (375px) the invitation fits and can be declined, after asking once", async () => {
    const person = await ownerElsewhere("declines");
    await invite(person.email);
    const { page, errors, close } = await openPage(browser(), url, { width: 375, height: 812 });
    try {
      await signIn(page, { ...person, password: person.password }, "/invitations");
      await page.waitForURL("**/invitations");
      const decline = page.getByRole("button", { name: "Decline", exact: true });
      await decline.waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), "nothing scrolls sideways").toBeLessThanOrEqual(375);
      await saveScreenshot(page, "invitations");
      await decline.click();
      await page.getByRole("button", { name: "Yes, decline" }).click();
      await page.getByText("No pending invitations").waitFor();
      const [member] = await sql`select 1 from public.agency_members where agency_id = ${demoAgency} and user_id = ${person.id}`;
      expect(member, "declining joins nothing").toBeUndefined();
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 812 }]) {
    test(`at ${viewport.width}px a person without an account joins through the e-mailed link and lands on the client`, async () => {
      const email = newAddress(`link-${viewport.width}`);
      await invite(email);
      const token = await invitationToken(email);
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await page.goto(`/invite#token=${token}`);
        await page.getByRole("heading", { name: /^Join / }).waitFor();
        expect(await page.getByText(email).isVisible(), "the page says which address is invited").toBe(true);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), "nothing scrolls sideways").toBeLessThanOrEqual(viewport.width);
        await saveScreenshot(page, "invite-link");

        await page.getByLabel("Choose a password").fill("short");
        await page.getByRole("button", { name: /^Join / }).click();
        expect(await page.getByLabel("Choose a password").evaluate((el: HTMLInputElement) => el.validity.tooShort),
          "the browser asks for 8 characters first").toBe(true);

        await page.getByLabel("Choose a password").fill("a long enough password");
        await page.getByRole("button", { name: /^Join / }).click();
        await page.waitForURL("**/customers");
        await expect.poll(() => clientOptions(page)).toEqual([demoClient.name]);
        await page.locator("tbody tr").first().waitFor();
        expect(errors, "no uncaught errors in the page").toEqual([]);

        await page.goto(`/invite#token=${token}`);
        await page.getByRole("alert").filter({ hasText: "This invitation was already accepted." }).waitFor();
        await saveScreenshot(page, "invite-link-used");
      } finally {
        await close();
      }
    });
  }
});
