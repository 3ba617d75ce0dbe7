// Score Customer in Debian Chromium against the isolated stack: a new
// customer's preview is the score the API stores; an existing one is found
// by its name in another case, loaded and updated; a refused value is named
// beside its field and nothing is saved; a viewer can save nothing; and the
// page at desktop and phone width, saved as screenshots.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getCustomerAnswer } from "../../shared/customers/answers.ts";
import { bandLabels } from "../../shared/index.ts";
import { stack, type DemoUser } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { accessToken, listCustomers, scoringAction, signIn, upsertAccount, writeAction } from "./dashboard.ts";

describe("Score Customer", () => {
  const { url, anonKey, dbUrl, serviceRoleKey, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();
  const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
  const suffix = randomBytes(4).toString("hex");
  const viewer = { email: `viewer.${suffix}@score.test`, password: `pw-${randomBytes(8).toString("hex")}`, role: "member" };
  const names: string[] = [];
  const nameOf = (label: string) => {
    const name = `E2E score ${label} ${suffix}`;
    names.push(name);
    return name;
  };

  /** The customer of this name as the public API (the client's key) answers it, or null. */
  async function stored(name: string) {
    const query = new URLSearchParams({ action: "get_customer", name });
    const response = await fetch(`${url}/functions/v1/api-inbound?${query}`, { headers: { "x-api-key": client.apiKey } });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`get_customer answered ${response.status}: ${await response.text()}`);
    return getCustomerAnswer.parse(await response.json()).customer;
  }

  /** Signs in, lands on /score, picks the demo client (when the user has several) and waits for the form. */
  async function openScore(page: Page, user: Pick<DemoUser, "email" | "password"> = owner) {
    await signIn(page, user, "/score");
    await page.waitForURL("**/score");
    const switcher = page.getByLabel("Client");
    if (await switcher.evaluate((el) => el.tagName === "SELECT").catch(() => false)) await switcher.selectOption({ label: client.name });
    await page.getByRole("heading", { name: "Live preview" }).waitFor();
  }

  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

  async function fill(page: Page, values: Record<string, string>) {
    for (const [label, value] of Object.entries(values)) {
      const control = field(page, label);
      if (await control.evaluate((el) => el.tagName === "SELECT")) await control.selectOption(value);
      else await control.fill(value);
    }
  }

  const previewScore = async (page: Page) => Number((await page.getByTestId("preview-score").innerText()).trim());

  beforeAll(async () => {
    // A viewer of the demo client: reads everything, may change nothing.
    const admin = { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" };
    const user = await (await fetch(`${url}/auth/v1/admin/users`, {
      method: "POST", headers: admin, body: JSON.stringify({ email: viewer.email, password: viewer.password, email_confirm: true }),
    })).json();
    const [{ agency_id }] = await sql`select agency_id from public.clients where id = ${client.id}`;
    await sql`insert into public.agency_members (agency_id, user_id, role) values (${agency_id}, ${user.id}, 'member')`;
    await sql`insert into public.client_members (client_id, user_id, role) values (${client.id}, ${user.id}, 'viewer')`;
  });

  afterAll(async () => {
    for (const name of names) await writeAction(url, client, "delete_customer", { name }).catch(() => {});
    await sql.end();
  });

  test("a new customer: the preview shows a score as the form fills, Save creates it, and the API stores exactly the previewed score", async () => {
    const name = nameOf("new");
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openScore(page);
      await field(page, "Name").fill(name);
      await page.getByText("No customer has this name yet: Save creates it.").waitFor();
      expect(await page.getByTestId("preview-score").count(), "no signal, no score yet").toBe(0);
      await fill(page, { "Tier": "mid", "MRR ($)": "4200", "ARR ($)": "50400", "Logins (last 30 days)": "14" });
      const afterLogins = await previewScore(page);
      await fill(page, { "Adoption (%)": "62", "Open tickets": "3", "NPS": "9", "Days since contact": "12", "Growth": "mild",
        "Renewal date": "2027-03-31", "Lifecycle": "active", "Manager": "Dana Whitfield", "Tags": "vip, emea", "Sentiment": "positive" });
      const preview = await previewScore(page);
      expect(preview, "the preview follows the typing").not.toBe(afterLogins);
      expect(await page.getByText("Best next step:").isVisible(), "the best next step is shown").toBe(true);

      await page.getByRole("button", { name: "Save new customer" }).click();
      await page.getByRole("heading", { name: "Customer created" }).waitFor();
      const customer = await stored(name);
      expect(customer, "the customer exists").not.toBeNull();
      expect(customer!.score, "the API stored the previewed score").toBe(preview);
      expect(Number(await page.getByTestId("saved-score").innerText()), "and the page shows the stored score").toBe(preview);
      expect(customer).toMatchObject({ tier: "mid", mrr: 4200, logins: 14, adoption: 62, nps: 9, growth: "mild", manager: "Dana Whitfield",
        renewal_date: "2027-03-31", sentiment: "positive" });
      expect(customer!.tags.toSorted()).toEqual(["emea", "vip"]);
      expect(await page.getByRole("link", { name: `Open ${name}'s record` }).getAttribute("href"), "a link to the record")
        .toBe(`/customers/${customer!.id}`);
      expect(await page.getByRole("button", { name: "Update customer" }).isVisible(), "a second save would update it").toBe(true);
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("an existing customer, typed in another case, is offered for loading; Save updates it and stores the previewed score", async () => {
    const name = nameOf("existing");
    const before = await upsertAccount(url, client, { name, logins: 6, adoption: 30, tickets: 4, nps: 5, days: 40, growth: "none", tier: "smb" });
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openScore(page);
      await field(page, "Name").fill(name.toUpperCase());
      const load = page.getByRole("button", { name: `Load ${name}'s values` });
      await load.waitFor();
      expect(await page.getByRole("button", { name: "Update customer" }).isVisible(), "Save says it updates").toBe(true);
      await load.click();
      expect(await field(page, "Logins (last 30 days)").inputValue(), "its values are in the form").toBe("6");
      expect(await previewScore(page), "the untouched values preview its stored score").toBe(before.score);
      await fill(page, { "Logins (last 30 days)": "25", "Adoption (%)": "80", "Open tickets": "0" });
      const preview = await previewScore(page);
      expect(preview).toBeGreaterThan(before.score!);

      await page.getByRole("button", { name: "Update customer" }).click();
      await page.getByRole("heading", { name: "Customer updated" }).waitFor();
      const after = await stored(name);
      expect(after!.id, "the same customer").toBe(before.id);
      expect(after!.score, "the API stored the previewed score").toBe(preview);
      expect(after).toMatchObject({ logins: 25, adoption: 80, tickets: 0, nps: 5, tier: "smb" });
      const list = await listCustomers(url, client, { search: name });
      expect(list.total, "no second customer of that name").toBe(1);
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("with a scoring profile chosen, the preview scores with the profile's weights and bands, and the API stores that score", async () => {
    const name = nameOf("profile");
    const profile = {
      name: `E2E score profile ${suffix}`,
      weights: { logins: 10, adoption: 10, tickets: 10, nps: 10, csat: 0, days: 50, growth: 10 },
      bands: { atrisk: 10, watch: 20, healthy: 30, expansion: 40 },
    };
    const token = await accessToken(url, anonKey, owner);
    await scoringAction(url, token, client.id, "save_profile", profile);
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openScore(page);
      await field(page, "Name").fill(name);
      await fill(page, { "Logins (last 30 days)": "12", "Adoption (%)": "55", "Open tickets": "2", "NPS": "8", "Days since contact": "20", "Growth": "mild" });
      const withClientSettings = await previewScore(page);
      await field(page, "Scoring profile").selectOption(profile.name);
      await page.getByText(`the “${profile.name}” profile`).waitFor();
      const preview = await previewScore(page);
      expect(preview, "the profile's weights give another score").not.toBe(withClientSettings);
      const band = await page.getByTestId("preview-band").innerText();

      await page.getByRole("button", { name: "Save new customer" }).click();
      await page.getByRole("heading", { name: "Customer created" }).waitFor();
      const customer = await stored(name);
      expect(customer!.scoring_profile, "the customer has the profile").toBe(profile.name);
      expect(customer!.score, "the API stored the previewed score").toBe(preview);
      expect(bandLabels[customer!.status!], "and the previewed band (the profile's bands)").toBe(band);
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
      await writeAction(url, client, "delete_customer", { name }).catch(() => {});
      await scoringAction(url, token, client.id, "delete_profile", { name: profile.name });
    }
  });

  test("adoption 150 is named beside Adoption with the API's rule, and nothing is saved", async () => {
    const name = nameOf("refused");
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openScore(page);
      await field(page, "Name").fill(name);
      await fill(page, { "Logins (last 30 days)": "10", "Adoption (%)": "150" });
      await page.getByText("Not counted until corrected: Adoption").waitFor();
      await page.getByRole("button", { name: "Save new customer" }).click();
      const error = page.locator("#score-adoption-error");
      expect(await error.innerText(), "the error is beside Adoption").toBe("adoption must be a number between 0 and 100");
      expect(await field(page, "Adoption (%)").getAttribute("aria-invalid")).toBe("true");
      expect(await field(page, "Adoption (%)").getAttribute("aria-describedby")).toContain("score-adoption-error");
      await page.waitForTimeout(300);
      expect(await stored(name), "nothing was saved").toBeNull();

      await fill(page, { "Adoption (%)": "50" });
      expect(await error.count(), "the error goes once corrected").toBe(0);
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("a viewer sees the form read-only with the reason, and the API refuses the save anyway", async () => {
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openScore(page, viewer);
      await page.getByText("so this form is read-only").waitFor();
      expect(await field(page, "Name").isDisabled(), "no typing").toBe(true);
      expect(await field(page, "Adoption (%)").isDisabled()).toBe(true);
      expect(await page.getByRole("button", { name: "Save new customer" }).isDisabled(), "no saving").toBe(true);
      await saveScreenshot(page, "score-customer-viewer");
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
    const token = await accessToken(url, anonKey, viewer);
    const name = nameOf("viewer");
    const response = await fetch(`${url}/functions/v1/api-inbound`, {
      method: "POST",
      headers: { apikey: anonKey, authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ action: "upsert_account", data: { client_id: client.id, name, logins: 10 } }),
    });
    expect(response.status, "the API refuses a viewer's save").toBe(403);
    expect(await stored(name), "nothing was saved").toBeNull();
  });

  for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
    test(`at ${viewport.width}px the filled form and its preview fit without scrolling sideways (screenshot saved)`, async () => {
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await openScore(page);
        await field(page, "Name").fill(nameOf(`shot ${viewport.width}`));
        await fill(page, { "Tier": "enterprise", "MRR ($)": "12000", "Logins (last 30 days)": "18", "Adoption (%)": "45",
          "Open tickets": "2", "NPS": "7", "Growth": "strong", "Tags": "vip" });
        await page.getByText("No customer has this name yet: Save creates it.").waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth), "nothing scrolls sideways").toBeLessThanOrEqual(viewport.width);
        await saveScreenshot(page, "score-customer");
        await page.getByRole("button", { name: "Save new customer" }).click();
        expect(await field(page, "Adoption (%)").isVisible()).toBe(true);
        await page.getByRole("heading", { name: "Customer created" }).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth), "nor once saved").toBeLessThanOrEqual(viewport.width);
        await saveScreenshot(page, "score-customer-saved");
        expect(errors, "no uncaught errors in the page").toEqual([]);
      } finally {
        await close();
      }
    });
  }
});
