// The customer page in Debian Chromium against the isolated stack: the stored
// score and its explanation as the API gives them, and the what-if preview
// computed in the browser by the same engine, which never saves anything.
import { describe, expect, test } from "vitest";
import type { CustomerDetail } from "../../shared/customers/answers.ts";
import { bandLabels, scoreSignals, type Signals } from "../../shared/index.ts";
import { stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { getCustomer, listCustomers, signIn } from "./dashboard.ts";

/** The signals the page prefills, as the API reports them. */
function signalsOf(c: CustomerDetail): Signals {
  return {
    logins: c.logins, adoption: c.adoption, tickets: c.tickets, nps: typeof c.nps === "number" ? c.nps : null,
    npsCategory: c.nps_category, csat: c.csat, days: c.days, growth: c.growth,
  };
}

describe("the customer page", () => {
  const { url, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();

  test("the owner opens a customer from the list, sees its explained score, and previews more logins without saving", async () => {
    const { page, errors, close } = await openPage(browser(), url);
    try {
      // A computed (not hand-set) score whose logins are below 30, so raising them moves the preview.
      const { customers } = await listCustomers(url, client, { sort: "score", order: "asc", limit: "25" });
      const details = await Promise.all(customers.map((c) => getCustomer(url, client, c.id)));
      const chosen = details
        .find(({ customer: c }) => !c.score_manual && c.score !== null && typeof c.logins === "number" && c.logins < 30);
      expect(chosen, "the demo client has a computed customer with fewer than 30 logins").toBeDefined();
      const { customer, scoring } = chosen!;

      await signIn(page, owner, "/customers");
      await page.waitForURL("**/customers");
      await page.getByLabel("Client").selectOption({ label: client.name });
      await page.getByRole("rowheader", { name: customer.name, exact: true }).getByRole("link").click();
      await page.waitForURL(`**/customers/${customer.id}`);
      await page.getByRole("heading", { level: 1, name: customer.name }).waitFor();

      const storedScore = page.getByTestId("stored-score");
      expect((await storedScore.innerText()).trim(), "the page shows the score get_customer returns").toBe(String(customer.score));

      const rows = page.locator("section", { has: page.getByRole("heading", { name: "Score explained" }) }).locator("tbody tr");
      expect(await rows.count(), "one explanation row per signal the API explains").toBe(customer.explanation.length);

      const logins = page.getByLabel("Logins");
      expect(await logins.inputValue(), "the preview starts from the customer's logins").toBe(String(customer.logins));
      await logins.fill("30");

      // The settings get_customer says this customer is scored with: the page previews with the same.
      const expected = scoreSignals({ ...signalsOf(customer), logins: 30 }, scoring.settings);
      expect(expected.displayScore, "the engine scores the edited signals").not.toBeNull();
      const delta = expected.displayScore! - customer.score!;
      const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
      const preview = page.locator("output");
      await expect.poll(() => preview.innerText(), { timeout: 5_000, message: "the preview shows the engine's score, band and change" })
        .toBe(`Preview: ${expected.displayScore} ${bandLabels[expected.band!]} (${sign}${Math.abs(delta)})`);
      expect((await storedScore.innerText()).trim(), "editing the preview leaves the stored score alone").toBe(String(customer.score));
      await saveScreenshot(page, "customer-preview-edited");

      await page.reload();
      await page.getByRole("heading", { level: 1, name: customer.name }).waitFor();
      expect((await page.getByTestId("stored-score").innerText()).trim(), "after a reload the stored score is unchanged").toBe(String(customer.score));
      expect(await page.getByLabel("Logins").inputValue(), "the preview was not saved").toBe(String(customer.logins));
      const after = await getCustomer(url, client, customer.id);
      expect(after.customer.score, "the API still reports the same score").toBe(customer.score);
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("the back link returns to the customer list", async () => {
    const { page, close } = await openPage(browser(), url);
    try {
      const { customers } = await listCustomers(url, client, { limit: "1" });
      await signIn(page, owner, "/customers");
      await page.waitForURL("**/customers");
      await page.getByLabel("Client").selectOption({ label: client.name });
      await page.goto(`/customers/${customers[0].id}`);
      await page.getByRole("heading", { level: 1, name: customers[0].name }).waitFor();
      await page.getByRole("link", { name: "All customers" }).click();
      await page.waitForURL("**/customers");
      await page.locator("tbody tr").first().waitFor();
    } finally {
      await close();
    }
  });

  test("at phone width (375px) the customer page does not overflow sideways", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 375, height: 812 });
    try {
      const { customers } = await listCustomers(url, client, { limit: "1" });
      await signIn(page, owner, "/customers");
      await page.waitForURL("**/customers");
      await page.getByLabel("Client").selectOption({ label: client.name });
      await page.goto(`/customers/${customers[0].id}`);
      await page.getByLabel("Logins").waitFor();
      await saveScreenshot(page, "customer");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, "the customer page fits 375px").toBeLessThanOrEqual(375);
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });
});
