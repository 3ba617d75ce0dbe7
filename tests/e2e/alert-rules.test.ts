// The Alert Rules page in Chromium: an owner creates a rule (a refused
// target is shown beside its field), sends a test to a real receiver and
// reads what it answered, pauses and resumes, edits, and finds the attempt
// in the event log under Settings; then deletes the rule. Screenshots at
// desktop and phone widths.
import postgres from "postgres";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { startReceiver, type Receiver } from "../stack/receivers/receiver.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { signIn } from "./dashboard.ts";

describe("the Alert Rules page", () => {
  const { url, dbUrl, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver("webhook");
    await sql`delete from public.alert_rules where client_id = ${client.id}`;
  });
  afterAll(async () => {
    await sql`delete from public.alert_rules where client_id = ${client.id}`;
    await receiver.close();
    await sql.end();
  });

  async function openRules(page: Page) {
    await signIn(page, owner, "/customers");
    await page.waitForURL("**/customers");
    await page.getByLabel("Client").selectOption({ label: client.name });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alert Rules" }).click();
    await page.waitForURL("**/alert-rules");
  }
  const ruleCard = (page: Page, name: string) => page.getByRole("listitem").filter({ has: page.getByRole("heading", { name }) });
  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  test("an owner creates, tests, pauses, edits and deletes a rule; the event log shows the test", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await openRules(page);
      await page.getByText("No alert rules yet.").waitFor();
      await saveScreenshot(page, "alert-rules-empty");
      await page.getByRole("button", { name: "Create your first rule" }).click();

      expect(await page.getByLabel("Score threshold (points)").inputValue(), "a new rule starts from health below 50").toBe("50");
      await page.getByLabel("Rule name").fill("Renewals to the CRM");
      await page.getByLabel("Event", { exact: true }).selectOption({ label: "Renewal approaching" });
      expect(await page.getByLabel("Days before renewal (days)").inputValue(), "the event's default setting").toBe("30");
      await page.getByLabel("Channel").selectOption({ label: "Webhook" });
      await page.getByLabel("Webhook URL").fill("http://10.0.0.7/hooks");
      await page.getByRole("button", { name: "Create rule" }).click();
      await expect.poll(() => page.locator(".field-error").innerText(), { message: "the refusal beside the target" }).toMatch(/private address/);
      expect(await page.getByLabel("Webhook URL").getAttribute("aria-invalid")).toBe("true");

      await page.getByLabel("Webhook URL").fill(receiver.url);
      await page.getByLabel("Days before renewal (days)").fill("45");
      await page.getByRole("button", { name: "Create rule" }).click();
      const card = ruleCard(page, "Renewals to the CRM");
      await card.waitFor();
      expect(await card.innerText()).toMatch(/Active[\s\S]*Renewal approaching: 45 days before renewal[\s\S]*Webhook[\s\S]*Real time[\s\S]*No deliveries yet/);

      await card.getByRole("button", { name: "Send a test of Renewals to the CRM" }).click();
      await card.getByText("Sample sent; the receiver answered 204.").waitFor();
      expect(receiver.delivered(), "the receiver got the sample").toHaveLength(1);
      expect(JSON.parse(receiver.delivered()[0].body)).toMatchObject({ type: "alert.test", rule: { name: "Renewals to the CRM" } });
      await expect.poll(() => card.innerText()).toMatch(/Last delivery: Delivered \(HTTP 204\)/);
      await saveScreenshot(page, "alert-rules");

      await card.getByRole("button", { name: "Pause Renewals to the CRM" }).click();
      await card.getByText("Paused", { exact: true }).waitFor();
      await card.getByRole("button", { name: "Resume Renewals to the CRM" }).click();
      await card.getByText("Active", { exact: true }).waitFor();

      await card.getByRole("button", { name: "Edit Renewals to the CRM" }).click();
      await page.getByLabel("Rule name").fill("Renewals to HubSpot");
      await page.getByLabel("When to send").selectOption({ label: "Weekly digest" });
      await page.getByLabel("Day of the week").selectOption({ label: "Friday" });
      await page.getByLabel("Time zone").fill("Europe/Berlin");
      await saveScreenshot(page, "alert-rules-form");
      await page.getByRole("button", { name: "Save rule" }).click();
      const edited = ruleCard(page, "Renewals to HubSpot");
      await edited.waitFor();
      expect(await edited.innerText()).toMatch(/Weekly digest, Friday at 09:00 Europe\/Berlin/);

      await page.getByRole("link", { name: "event log" }).click();
      await page.waitForURL("**/settings/deliveries");
      const row = page.locator("tbody tr").first();
      await row.waitFor();
      expect(await row.innerText()).toMatch(/Renewals to the CRM[\s\S]*Test[\s\S]*Webhook[\s\S]*Delivered[\s\S]*204/);
      await page.getByRole("button", { name: "Show secret" }).click();
      expect(await page.getByLabel("Current secret").inputValue()).toMatch(/^whsec_/);
      await saveScreenshot(page, "event-log");

      await page.goBack();
      await page.waitForURL("**/alert-rules");
      await edited.getByRole("button", { name: "Delete Renewals to HubSpot" }).click();
      await edited.getByRole("button", { name: "Yes, delete" }).click();
      await page.getByText("No alert rules yet.").waitFor();
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("on a phone (390px) the rules and the event log fit without sideways scrolling", async () => {
    await sql`insert into public.alert_rules (client_id, name, event, threshold, channel, target)
              values (${client.id}, 'Health under 50 to a very long Slack webhook address', 'health_below', 50, 'slack',
                      ${`${receiver.url}/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`})`;
    // One failed attempt with a long error, so the log has a row to lay out.
    await sql`insert into public.notification_attempts (client_id, notification_id, rule_name, channel, kind, attempt, outcome, http_status, error)
              values (${client.id}, gen_random_uuid(), 'Health under 50 to a very long Slack webhook address', 'slack', 'alert', 3,
                      'retry', 503, 'HTTP 503: the receiver is down for maintenance, back in a few minutes')`;
    const { page, errors, close } = await openPage(browser(), url, { width: 390, height: 844 });
    try {
      await signIn(page, owner, "/alert-rules");
      await page.waitForURL("**/alert-rules");
      await page.getByLabel("Client").selectOption({ label: client.name });
      await ruleCard(page, "Health under 50 to a very long Slack webhook address").waitFor();
      expect(await noSidewaysScroll(page), "the rules fit 390px").toBe(true);
      await saveScreenshot(page, "alert-rules");
      await page.getByRole("button", { name: "New alert rule" }).click();
      await page.getByLabel("Rule name").waitFor();
      expect(await noSidewaysScroll(page), "the form fits 390px").toBe(true);
      await saveScreenshot(page, "alert-rules-form");
      await page.goto("/settings/deliveries");
      await page.locator("tbody tr").first().waitFor();
      expect(await noSidewaysScroll(page), "the log scrolls inside its box").toBe(true);
      await saveScreenshot(page, "event-log");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
