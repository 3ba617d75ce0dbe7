// The channels' messages against the receivers' own rules: Slack's Block Kit
// limits, an Adaptive Card the adaptivecards library parses without errors,
// under Teams' 28 KB, and every message linking to its customers' pages.
import { describe, expect, test } from "vitest";
import type { KnownBlock } from "@slack/types";
import { type AlertEventPayload, type AlertPayload, byCustomer, customerUrl, describe as say, emailMessage, sampleEvent, SLACK_LIMITS, slackMessage, TEAMS_MAX_BYTES, teamsMessage, webhookMessage } from "./messages.ts";
import { alertEvents } from "./rules.ts";
import { cardErrors, slackProblems } from "../../tests/stack/receivers/validate.ts";

const site = "https://app.example.com";
const ctx = { siteUrl: site, ruleName: "CSM <alerts> & co", notificationId: "6c1d8f3e-2a4b-4c5d-8e9f-0a1b2c3d4e5f" };

function event(i: number, over: Partial<AlertEventPayload> = {}): AlertEventPayload {
  const e = sampleEvent({ id: "r1", name: ctx.ruleName, event: "health_below", threshold: 50 });
  return { ...e, id: `evt_${i}`, customer: { ...e.customer, id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `Customer ${i} <b>` }, ...over };
}
const many = (n: number): AlertPayload => ({ events: Array.from({ length: n }, (_, i) => event(i)) });

describe("every event", () => {
  for (const name of alertEvents) {
    test(`${name} reads as a sentence on every channel, linking to the customer`, () => {
      const e = sampleEvent({ id: "r1", name: "Rule", event: name, threshold: 20 });
      const payload = { events: [e] };
      const url = customerUrl(site, e.customer.id);
      const sentence = say(e);
      expect(sentence.length).toBeGreaterThan(10);
      const slack = slackMessage(payload, ctx);
      expect(slackProblems(JSON.stringify(slack))).toEqual([]);
      expect(JSON.stringify(slack.blocks)).toContain(url);
      expect(slack.text).toContain(sentence.replace(/&/g, "&"));
      const teams = teamsMessage(payload, ctx);
      expect(JSON.stringify(teams)).toContain(url);
      expect(cardErrors(teams.attachments[0].content)).toEqual([]);
      const mail = emailMessage(payload, ctx);
      expect(mail.html).toContain(`href="${url}"`);
      expect(mail.text).toContain(url);
      expect(webhookMessage(payload, ctx).events[0].customer.url).toBe(url);
    });
  }
});

describe("Slack", () => {
  test("a burst of 200 customers stays within 50 blocks and 3,000 characters a section, and says how many more", () => {
    const { blocks, text } = slackMessage(many(200), ctx);
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const b of blocks as KnownBlock[]) {
      if (b.type === "section") expect(b.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (b.type === "header") expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    }
    expect(JSON.stringify(blocks.at(-1))).toContain("and 153 more customers");
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
  });

  test("names are escaped for mrkdwn (& < >), so a name cannot forge a link", () => {
    const { blocks } = slackMessage(many(1), ctx);
    const section = (blocks as KnownBlock[]).find((b) => b.type === "section")!;
    expect(JSON.stringify(section)).toContain("Customer 0 &lt;b&gt;");
    expect(JSON.stringify(section)).not.toContain("<b>");
  });
});

describe("Teams", () => {
  test("a card of 500 customers is cut to fit 28 KB, parses as Adaptive Card 1.5, and says how many more", () => {
    const message = teamsMessage(many(500), ctx);
    const bytes = new TextEncoder().encode(JSON.stringify(message)).byteLength;
    expect(bytes).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    expect(message).toMatchObject({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive" }] });
    const card = message.attachments[0].content;
    expect(card.version).toBe("1.5");
    expect(cardErrors(card)).toEqual([]);
    expect(JSON.stringify(card)).toMatch(/and \d+ more customers/);
  });
});

describe("e-mail", () => {
  test("HTML escapes what people typed; the text part says the same", () => {
    const mail = emailMessage(many(2), ctx);
    expect(mail.html).toContain("Customer 1 &lt;b&gt;");
    expect(mail.html).not.toContain("<b>");
    expect(mail.subject).toBe("CSM <alerts> & co: Health below threshold — 2 customers");
    expect(mail.text).toContain("Customer 1 <b>");
  });
});

describe("digests", () => {
  test("group events by customer, in the order customers first appear", () => {
    const a = event(1), b = event(2);
    const drop = { ...event(1), id: "evt_9", event: "score_drop" as const };
    const groups = byCustomer([a, b, drop]);
    expect(groups.map((g) => [g.customer.name, g.events.map((e) => e.id)])).toEqual([
      ["Customer 1 <b>", ["evt_1", "evt_9"]], ["Customer 2 <b>", ["evt_2"]],
    ]);
    const digest: AlertPayload = { events: [a, b, drop], digest: { schedule: "daily", from: null, until: "2026-12-03T09:00:00.000000Z" } };
    expect(slackMessage(digest, ctx).blocks[0]).toMatchObject({ text: { text: "CSM <alerts> & co: Daily digest — 3 events" } });
    expect(webhookMessage(digest, ctx)).toMatchObject({ type: "alert.digest", digest: { schedule: "daily" } });
  });
});
