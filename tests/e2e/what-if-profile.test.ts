// The what-if preview of a customer scored with a profile of its own bands
// and weights: the browser must score with exactly the settings get_customer
// hands over, so the untouched signals preview the stored score and band.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bandLabels, defaultSettings, scoreSignals, type Signals } from "../../shared/index.ts";
import type { ScoringProfile } from "../../shared/scoring/settings.ts";
import { stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { accessToken, getCustomer, scoringAction, signIn, upsertAccount, writeAction } from "./dashboard.ts";

describe("the what-if preview of a customer with a scoring profile", () => {
  const { url, anonKey, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();

  // Names nobody else uses, removed again after the file, so other tests never meet them.
  const suffix = randomBytes(4).toString("hex");
  // Contact-heavy weights and low bands: under the defaults these signals
  // score 55 (Watch); the profile's weights make them 71, which its bands
  // call Expansion and the default bands Healthy.
  const profile: Pick<ScoringProfile, "name" | "weights" | "bands"> = {
    name: `E2E contact-led ${suffix}`,
    weights: { logins: 10, adoption: 10, tickets: 10, nps: 10, csat: 0, days: 50, growth: 10 },
    bands: { atrisk: 10, watch: 20, healthy: 30, expansion: 40 },
  };
  const pushed = { logins: 12, adoption: 55, tickets: 2, nps: 8, days: 20, growth: "mild" } as const;
  const signals: Signals = { ...pushed, npsCategory: "passive" };
  let token = "";
  let customerId: string | undefined;

  beforeAll(async () => {
    token = await accessToken(url, anonKey, owner);
    await scoringAction(url, token, client.id, "save_profile", profile);
    const customer = await upsertAccount(url, client, { name: `E2E what-if ${suffix}`, ...pushed, scoring_profile: profile.name });
    customerId = customer.id;
  });

  afterAll(async () => {
    if (customerId) await writeAction(url, client, "delete_customer", { id: customerId });
    if (token) await scoringAction(url, token, client.id, "delete_profile", { name: profile.name });
  });

  test("the unchanged signals preview exactly the stored score and band, which the default settings would not give", async () => {
    const { customer, scoring } = await getCustomer(url, client, customerId!);
    expect(customer.scoring_profile, "the customer is scored with the profile").toBe(profile.name);
    expect(scoring.settings.bands, "get_customer hands over the profile's bands").toEqual(profile.bands);
    expect(scoring.settings.weights, "and its weights").toEqual(profile.weights);
    expect(customer.score, "the customer has a stored score").not.toBeNull();

    // The test can fail: the defaults, and the profile's weights with the
    // default bands (what the page guessed before it had the settings),
    // preview something else than what is stored.
    const withDefaults = scoreSignals(signals, defaultSettings);
    expect(withDefaults.displayScore, "the default settings give another score").not.toBe(customer.score);
    expect(withDefaults.band, "and another band").not.toBe(customer.status);
    const guessed = scoreSignals(signals, { ...defaultSettings, weights: profile.weights });
    expect(guessed.band, "the profile's weights with the default bands give another band").not.toBe(customer.status);

    const { page, errors, close } = await openPage(browser(), url);
    try {
      await signIn(page, owner, "/customers");
      await page.waitForURL("**/customers");
      await page.getByLabel("Client").selectOption({ label: client.name });
      await page.goto(`/customers/${customer.id}`);
      await page.getByRole("heading", { level: 1, name: customer.name }).waitFor();

      expect((await page.getByTestId("stored-score").innerText()).trim(), "the page shows the stored score").toBe(String(customer.score));
      const preview = page.locator("output");
      await expect.poll(() => preview.innerText(), { timeout: 5_000, message: "the preview is the stored score and band, unchanged" })
        .toBe(`Preview: ${customer.score} ${bandLabels[customer.status!]} (±0)`);
      expect(await page.getByText(`the “${profile.name}” profile`).count(), "the preview says which profile it scores with").toBe(1);
      await saveScreenshot(page, "customer-with-profile");
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });
});
