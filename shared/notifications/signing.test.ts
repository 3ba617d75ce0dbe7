// Our signatures verify with the Standard Webhooks reference library, with
// either secret during a rotation; a changed body does not.
import { describe, expect, test } from "vitest";
import { Webhook } from "standardwebhooks";
import { newWebhookSecret, webhookHeaders } from "./signing.ts";

describe("Standard Webhooks signatures", () => {
  test("verify with the standardwebhooks library", async () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ type: "alert.fired", events: [{ id: "evt_1" }] });
    const headers = await webhookHeaders([secret], "msg_1", body);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace("evt_1", "evt_2"), headers)).toThrow();
  });

  test("during a rotation both secrets sign, so a receiver with either verifies", async () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const body = '{"ok":true}';
    const headers = await webhookHeaders([current, previous], "msg_2", body);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toEqual({ ok: true });
    expect(new Webhook(previous).verify(body, headers)).toEqual({ ok: true });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });
});
