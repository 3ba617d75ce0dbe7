// The alert-rule actions as integrations and the dashboard call them: save
// with each event's default, refusals that name the field and write
// nothing, targets checked as REST hooks' are, a test send answering what
// the receiver said, the webhook secret and its rotation, and no crossing
// from one client to another.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startReceiver, type Receiver } from "../../stack/receivers/receiver.ts";
import { verifyWebhook } from "../../stack/receivers/validate.ts";
import { makeWorld, saveRule, type World } from "./world.ts";

let w: World;
let other: World;
let hook: Receiver;
beforeAll(async () => {
  [w, other] = await Promise.all([makeWorld("rules"), makeWorld("rules-other")]);
  hook = await startReceiver("webhook");
});
afterAll(async () => {
  await hook.close();
  await Promise.all([w.end(), other.end()]);
});

const count = async (world: World) =>
  (await world.sql`select count(*)::int as n from public.alert_rules where client_id = ${world.clientId}`)[0].n as number;

describe("save_alert_rule", () => {
  test("each event with a setting takes its default threshold; the others have none", async () => {
    const defaults = { health_below: 50, renewal_approaching: 30, no_contact: 14, score_drop: 15, became_at_risk: null, nps_detractor: null, lifecycle_change: null };
    for (const [event, threshold] of Object.entries(defaults)) {
      const res = await w.api("save_alert_rule", { name: `Default ${event}`, event, channel: "webhook", target: hook.url });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ created: true, rule: { event, threshold, enabled: true, schedule: "realtime", manager: null, last_delivery: null } });
    }
  });

  test("changing a rule by id keeps its id; e-mail targets are normalised", async () => {
    const rule = await saveRule(w, { name: "Inbox", event: "no_contact", threshold: 21, channel: "email", target: "a@example.com;b@example.com" });
    const res = await w.api("save_alert_rule", { id: rule.id, name: "Inbox", event: "no_contact", threshold: 30, channel: "email", target: "a@example.com  b@example.com", enabled: false });
    expect(res.status).toBe(200);
    expect(res.body.rule).toMatchObject({ id: rule.id, threshold: 30, enabled: false, target: "a@example.com, b@example.com" });
  });

  const refusals: [string, Record<string, unknown>, string, RegExp][] = [
    ["no name", { event: "health_below", channel: "slack", target: "https://hooks.slack.com/x" }, "name", /name is required/],
    ["an unknown event", { name: "x", event: "health_above", channel: "slack", target: "https://hooks.slack.com/x" }, "event", /event must be one of/],
    ["a threshold out of range", { name: "x", event: "health_below", threshold: 101, channel: "slack", target: "https://hooks.slack.com/x" }, "threshold", /between 1 and 100/],
    ["a threshold for an event without one", { name: "x", event: "nps_detractor", threshold: 5, channel: "slack", target: "https://hooks.slack.com/x" }, "threshold", /has no threshold/],
    ["an unknown channel", { name: "x", event: "health_below", channel: "sms", target: "+123" }, "channel", /channel must be one of/],
    ["a private address", { name: "x", event: "health_below", channel: "teams", target: "http://10.1.2.3/hook" }, "target", /private address/],
    ["the metadata service", { name: "x", event: "health_below", channel: "webhook", target: "http://169.254.169.254/latest" }, "target", /link-local/],
    ["credentials in the URL", { name: "x", event: "health_below", channel: "webhook", target: "https://u:p@hooks.example.com/" }, "target", /credentials/],
    ["not a URL", { name: "x", event: "health_below", channel: "slack", target: "hooks.slack.com" }, "target", /http\(s\) URL/],
    ["a bad e-mail address", { name: "x", event: "health_below", channel: "email", target: "a@example.com, nobody" }, "target", /"nobody"/],
    ["a bad time zone", { name: "x", event: "health_below", channel: "email", target: "a@example.com", schedule: "daily", time_zone: "Mars/Olympus" }, "time_zone", /IANA/],
    ["a bad digest time", { name: "x", event: "health_below", channel: "email", target: "a@example.com", schedule: "daily", digest_time: "25:00" }, "digest_time", /HH:MM/],
    ["an unknown field", { name: "x", event: "health_below", channel: "email", target: "a@example.com", cooldown: 5 }, "cooldown", /unknown field/],
  ];
  for (const [what, data, field, message] of refusals) {
    test(`${what} is a 400 naming ${field}, and nothing is written`, async () => {
      const before = await count(w);
      const res = await w.api("save_alert_rule", data);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe(field);
      expect(res.body.error.message).toMatch(message);
      expect(await count(w)).toBe(before);
    });
  }

  test("a second rule of the same name (any case) is a 409 naming name", async () => {
    await saveRule(w, { name: "Unique", event: "became_at_risk", channel: "webhook", target: hook.url });
    const res = await w.api("save_alert_rule", { name: "UNIQUE", event: "became_at_risk", channel: "webhook", target: hook.url });
    expect(res.status).toBe(409);
    expect(res.body.error.field).toBe("name");
  });
});

describe("test_alert_rule", () => {
  test("sends a signed sample now and answers what the receiver said; the event log has it", async () => {
    const rule = await saveRule(w, { name: "Sample", event: "renewal_approaching", channel: "webhook", target: hook.url });
    const before = hook.arrivals.length;
    const res = await w.api("test_alert_rule", { id: rule.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ delivered: true, http_status: 204, error: null });
    const arrived = hook.arrivals[before];
    const secret = (await w.api("get_webhook_secret")).body.secret;
    expect(verifyWebhook(secret, arrived.body, arrived.headers)).toMatchObject({ type: "alert.test", id: res.body.notification_id });
    const log = await w.api("list_deliveries", { rule_id: rule.id });
    expect(log.body.deliveries[0]).toMatchObject({ kind: "test", outcome: "sent", http_status: 204, notification_id: res.body.notification_id });
  });

  test("a receiver that refuses is answered as it said, 200 with delivered: false", async () => {
    const refusing = await startReceiver("slack");
    refusing.behave({ status: 403 });
    const rule = await saveRule(w, { name: "Refused sample", event: "health_below", channel: "slack", target: refusing.url });
    const res = await w.api("test_alert_rule", { id: rule.id });
    await refusing.close();
    expect(res.body).toMatchObject({ delivered: false, http_status: 403, error: "HTTP 403" });
    expect(res.body.body).toContain("answered 403");
  });
});

describe("webhook secret", () => {
  test("rotation: a new secret, the previous one still signs for a day", async () => {
    const first = (await w.api("get_webhook_secret")).body;
    expect((await w.api("get_webhook_secret")).body.secret, "stable until rotated").toBe(first.secret);
    const rotated = await w.api("rotate_webhook_secret");
    expect(rotated.body).toMatchObject({ rotated: true, previous_secret: first.secret });
    expect(rotated.body.secret).not.toBe(first.secret);
    const rule = await saveRule(w, { name: "Rotation", event: "score_drop", channel: "webhook", target: hook.url });
    const before = hook.arrivals.length;
    await w.api("test_alert_rule", { id: rule.id });
    const a = hook.arrivals[before];
    expect(String(a.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verifyWebhook(first.secret, a.body, a.headers)).toBeTruthy();
    expect(verifyWebhook(rotated.body.secret, a.body, a.headers)).toBeTruthy();
  });

  test("no API role reads the secrets table", async () => {
    const read = (role: string) => w.sql.begin(async (tx) => {
      await tx.unsafe(`set local role ${role}`);
      await tx`select secret from private.webhook_secrets`;
    }).then(() => "read", (e) => e.code);
    expect(await read("authenticated")).toBe("42501");
    expect(await read("pulseboard_api")).toBe("42501");
    expect(await read("anon")).toBe("42501");
  });
});

describe("another client", () => {
  test("cannot see, change, delete or test this client's rules", async () => {
    const rule = await saveRule(w, { name: "Mine", event: "became_at_risk", channel: "webhook", target: hook.url });
    expect((await other.api("list_alert_rules")).body.rules.map((r: { id: string }) => r.id)).not.toContain(rule.id);
    const changed = await other.api("save_alert_rule", { id: rule.id, name: "Theirs", event: "became_at_risk", channel: "webhook", target: hook.url });
    expect(changed.status).toBe(404);
    expect((await other.api("delete_alert_rule", { id: rule.id })).body).toEqual({ deleted: false, id: rule.id });
    expect((await other.api("test_alert_rule", { id: rule.id })).status).toBe(404);
    expect((await other.api("list_deliveries", { rule_id: rule.id })).body.deliveries).toEqual([]);
    const [row] = await w.sql`select name from public.alert_rules where id = ${rule.id}`;
    expect(row.name).toBe("Mine");
    expect((await other.api("get_webhook_secret")).body.secret).not.toBe((await w.api("get_webhook_secret")).body.secret);
  });

  test("naming this client's id with another client's key is refused", async () => {
    const res = await other.api("list_alert_rules", { client_id: w.clientId });
    expect(res.status).toBe(404);
    expect(res.body.error.field).toBe("client_id");
  });
});

describe("delete_alert_rule", () => {
  test("deletes, and what the rule had queued goes with it", async () => {
    const rule = await saveRule(w, { name: "Short-lived", event: "became_at_risk", channel: "webhook", target: "http://127.0.0.1:9/closed" });
    const res = await w.api("delete_alert_rule", { id: rule.id });
    expect(res.body).toEqual({ deleted: true, id: rule.id });
    expect((await w.api("delete_alert_rule", { id: rule.id })).body).toEqual({ deleted: false, id: rule.id });
  });
});
