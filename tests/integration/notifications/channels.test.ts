// Each of the seven events on each of the four channels, against real local
// receivers: one customer write makes every event true at once, and each
// receiver gets what its service accepts — Slack blocks with a text
// fallback, a Teams card the adaptivecards library parses, a webhook whose
// signature verifies with the standardwebhooks library, an e-mail through
// the Resend-compatible API with the notification id as Idempotency-Key —
// each linking to the customer's page. The REST hooks are signed the same way.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { startReceiver, type Receiver } from "../../stack/receivers/receiver.ts";
import { slackProblems, teamsProblems, verifyWebhook } from "../../stack/receivers/validate.ts";
import { alertEvents } from "../../../shared/notifications/rules.ts";
import { everythingWrong, healthy, mailTo, makeWorld, type Mail, saveRule, uniqueAddress, waitFor, type World } from "./world.ts";

describe("every event on every channel", () => {
  let w: World;
  let slack: Receiver, teams: Receiver, webhook: Receiver, hook: Receiver;
  let address: string;
  let customerId: string;
  let secret: string;
  const rules: Record<string, string> = {};
  let mail: Mail[] = [];

  beforeAll(async () => {
    w = await makeWorld("channels");
    [slack, teams, webhook, hook] = await Promise.all([startReceiver("slack"), startReceiver("teams"), startReceiver("webhook"), startReceiver("webhook", "/zap")]);
    address = uniqueAddress("csm", w);
    const targets = { slack: slack.url, teams: teams.url, webhook: webhook.url, email: address };
    for (const event of alertEvents) {
      for (const [channel, target] of Object.entries(targets)) {
        const rule = await saveRule(w, { name: `${event} on ${channel}`, event, channel, target });
        rules[rule.id] = `${event}/${channel}`;
      }
    }
    customerId = (await w.api("upsert_account", { name: "Everything Wrong Inc", ...healthy })).body.customer.id;
    expect((await w.api("subscribe", { target_url: hook.url, event: "customer.updated" })).status).toBe(200);
    const write = await w.api("upsert_account", { name: "Everything Wrong Inc", ...everythingWrong() });
    expect(write.body.customer.status).toBe("critical");
    secret = (await w.api("get_webhook_secret")).body.secret;
    // The write rang the drain through pg_net; the receivers are paced (Slack one a second), so this takes seconds.
    await waitFor(async () => {
      mail = await mailTo(address);
      const done = slack.delivered().length === 7 && teams.delivered().length === 7 && webhook.delivered().length === 7 && mail.length === 7;
      return done && hook.delivered().length >= 1 ? true : undefined;
    }, 40_000);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([slack, teams, webhook, hook].map((r) => r.close()));
    await w.end();
  });

  const url = () => `/customers/${customerId}`;

  test("each channel received one message per event, and nothing twice", () => {
    for (const r of [slack, teams, webhook]) expect(r.delivered(), r.protocol).toHaveLength(7);
    expect(mail).toHaveLength(7);
  });

  test("Slack: Block Kit within its limits, a text fallback, a button to the customer", () => {
    for (const a of slack.delivered()) {
      expect(slackProblems(a.body)).toEqual([]);
      expect(a.body).toContain(url());
      expect(JSON.parse(a.body).text).toContain("Everything Wrong Inc");
    }
  });

  test("Teams: an Adaptive Card the adaptivecards library parses without a complaint, under 28 KB", () => {
    for (const a of teams.delivered()) {
      expect(teamsProblems(a.body)).toEqual([]);
      expect(a.body).toContain(url());
    }
  });

  test("webhook: signed per Standard Webhooks with the client's secret; one event each, for the seven events", () => {
    const events = webhook.delivered().map((a) => {
      const payload = verifyWebhook(secret, a.body, a.headers) as { type: string; id: string; events: { event: string; customer: { url: string } }[] };
      expect(payload.type).toBe("alert.fired");
      expect(payload.id).toBe(a.headers["webhook-id"]);
      expect(payload.events[0].customer.url).toMatch(new RegExp(`${url()}$`));
      return payload.events[0].event;
    });
    expect(events.sort()).toEqual([...alertEvents].sort());
  });

  test("email: HTML and text with the link, the notification id as Idempotency-Key", async () => {
    const ids = (await w.sql`select notification_id::text as id from public.notification_outbox
                             where client_id = ${w.clientId} and channel = 'email'`).map((r) => r.id);
    expect(mail.map((m) => m.idempotency_key).sort()).toEqual(ids.sort());
    for (const m of mail) {
      expect(m.html).toContain(`href="`);
      expect(m.html).toContain(url());
      expect(m.text).toContain(url());
    }
  });

  test("the event log lists every attempt, with rule, channel, customer, outcome and HTTP status", async () => {
    const log = await w.api("list_deliveries", { limit: 200 });
    const alerts = log.body.deliveries.filter((d: { kind: string }) => d.kind === "alert");
    expect(alerts).toHaveLength(28);
    for (const d of alerts) {
      expect(rules[d.rule_id]).toBe(d.rule_name.replace(" on ", "/"));
      expect(d).toMatchObject({ outcome: "sent", attempt: 1, customers: [{ id: customerId, name: "Everything Wrong Inc" }] });
      expect([200, 202, 204]).toContain(d.http_status);
    }
  });

  test("a condition that stays true fires nothing more: a second bad write sends nothing new", async () => {
    await w.api("upsert_account", { name: "Everything Wrong Inc", tickets: 8 });
    await new Promise((r) => setTimeout(r, 2500));
    for (const r of [slack, teams, webhook]) expect(r.arrivals, r.protocol).toHaveLength(7);
  });

  test("a ready-made e-mail with an attachment (a report's PDF) goes through the outbox once, however often it is queued", async () => {
    const to = uniqueAddress("report", w);
    const message = { to: [to], subject: "Weekly report", text: "Attached.", html: "<p>Attached.</p>",
      attachments: [{ filename: "report.pdf", content: Buffer.from("%PDF-1.7 bench").toString("base64"), content_type: "application/pdf" }] };
    const [{ id }] = await w.sql`select private.enqueue_email(${w.clientId}, ${w.sql.json(message)}, 'report:2026-W49') as id`;
    const [{ again }] = await w.sql`select private.enqueue_email(${w.clientId}, ${w.sql.json(message)}, 'report:2026-W49') as again`;
    expect(again, "queued again for the same period: nothing").toBeNull();
    const got = await waitFor(async () => (await mailTo(to))[0], 15_000);
    expect(got).toMatchObject({ subject: "Weekly report", idempotency_key: id, attachments: [{ filename: "report.pdf", content_type: "application/pdf" }] });
    expect(await mailTo(to)).toHaveLength(1);
  });

  test("the mail catcher's page lists the mail with its HTML", async () => {
    const page = await (await fetch(`${stack().mailUrl}/`)).text();
    expect(page).toContain("Mail caught by the local stack");
    expect(page).toContain(mail[0].subject.replace(/&/g, "&amp;"));
    expect(page).toContain("<iframe");
  });

  test("the existing REST hooks are signed the same way", () => {
    const a = hook.delivered()[0];
    expect(verifyWebhook(secret, a.body, a.headers)).toMatchObject({ event: "customer.updated", customer: { id: customerId } });
  });
});
