// Sending one alert delivery on its channel: the message written by
// shared/notifications/messages.ts, posted through safeFetch (public
// addresses only, no redirects) with a timeout, signed per Standard
// Webhooks for webhooks, with the notification id as Idempotency-Key for
// e-mail; and what the receiver's answer means (retry.ts). Used by the
// drain and by test_alert_rule, which sends a sample the same way.
import {
  type AlertPayload, channelBody, emailMessage, type MessageContext,
} from "@shared/notifications/messages.ts";
import { retryAfterSeconds, verdict } from "@shared/notifications/retry.ts";
import { type Channel, emailAddresses } from "@shared/notifications/rules.ts";
import { newWebhookSecret, webhookHeaders } from "@shared/notifications/signing.ts";
import { asSystem } from "../_shared/db.ts";
import { type Email, postEmail } from "../_shared/email.ts";
import { env } from "../_shared/env.ts";
import { isRedirect, OutboundRefused, type OutboundResponse, safeFetch } from "../_shared/outbound.ts";

/** A receiver gets this long to answer; none holds up another (each lane has its own sends). */
export const ALERT_TIMEOUT_MS = 10_000;

export type AlertDelivery = {
  id: number; client_id: string; kind: "alert" | "digest" | "email"; notification_id: string; rule_id: string | null;
  channel: Channel; target_url: string; lane: string; payload: AlertPayload | Email; attempts: number; created_at: string;
};

export type AlertOutcome = {
  kind: "sent" | "retry" | "stop";
  status: number | null;
  error: string;
  /** Seconds the receiver asked us to wait (Retry-After), if it did. */
  retryAfter: number | null;
  /** The start of the receiver's answer. */
  body: string;
  ruleName: string;
  customerIds: string[];
};

/** The secrets a client's webhooks are signed with (the current first), made on first use; cached for one drain. */
export function signingSecrets(): (clientId: string) => Promise<string[]> {
  const cache = new Map<string, Promise<string[]>>();
  const load = (clientId: string) => asSystem(async (tx) => {
    await tx`insert into private.webhook_secrets (client_id, secret) values (${clientId}, ${newWebhookSecret()}) on conflict do nothing`;
    const [row] = await tx<{ secret: string; previous: string | null }[]>`
      select secret, case when previous_until > now() then previous_secret end as previous
      from private.webhook_secrets where client_id = ${clientId}`;
    return row.previous ? [row.secret, row.previous] : [row.secret];
  });
  return (clientId) => {
    if (!cache.has(clientId)) cache.set(clientId, load(clientId));
    return cache.get(clientId)!;
  };
}

export const siteUrl = () => env().SITE_URL ?? env().SUPABASE_URL ?? "http://127.0.0.1:54321";

/** Posts one message to its receiver and answers what it said; throws when nothing was sent or no answer came. */
export async function post(
  channel: Channel, target: string, message: { alert: AlertPayload } | { email: Email }, ctx: MessageContext, secrets: () => Promise<string[]>,
): Promise<OutboundResponse> {
  if (channel === "email") {
    const email = "email" in message ? message.email : { to: emailAddresses(target.replace(/^mailto:/, "")), ...emailMessage(message.alert, ctx) };
    const res = await postEmail({ ...email, idempotencyKey: ctx.notificationId }, ALERT_TIMEOUT_MS);
    if (!res) throw new Error("e-mail is not configured (EMAIL_API_URL is not set)");
    return res;
  }
  if (!("alert" in message)) throw new Error(`a ${channel} delivery needs an alert payload`);
  const body = JSON.stringify(channelBody(channel, message.alert, ctx));
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (channel === "webhook") Object.assign(headers, await webhookHeaders(await secrets(), ctx.notificationId, body));
  return await safeFetch(target, { method: "POST", headers, body, timeoutMs: ALERT_TIMEOUT_MS, maxBodyBytes: 2048 });
}

/** What an answer (or the failure to get one) means for the delivery. */
export function outcomeOf(result: { res: OutboundResponse } | { error: unknown }): Omit<AlertOutcome, "ruleName" | "customerIds"> {
  if ("error" in result) {
    const e = result.error;
    const error = e instanceof Error ? e.message.slice(0, 500) : "delivery failed";
    // An address that is not public will not become one; a name that did not resolve may.
    const stop = e instanceof OutboundRefused && !e.transient;
    return { kind: stop ? "stop" : "retry", status: null, error, retryAfter: null, body: "" };
  }
  const { res } = result;
  const kind = verdict(res.status);
  const error = kind === "sent" ? "" : isRedirect(res.status) ? `HTTP ${res.status}: redirects are not followed` : `HTTP ${res.status}`;
  const retryAfter = kind === "retry" ? retryAfterSeconds(res.headers.get("retry-after")) : null;
  return { kind, status: res.status, error, retryAfter, body: res.body.slice(0, 500) };
}

/** Sends one leased delivery. */
export async function sendAlert(d: AlertDelivery, secrets: (clientId: string) => Promise<string[]>): Promise<AlertOutcome> {
  const isEmail = d.kind === "email";
  const payload = d.payload as AlertPayload;
  const ruleName = isEmail ? `E-mail: ${(d.payload as Email).subject}` : payload.events[0]?.rule.name ?? "alert rule";
  const customerIds = isEmail ? [] : [...new Set(payload.events.map((e) => e.customer.id))];
  const ctx: MessageContext = { siteUrl: siteUrl(), ruleName, notificationId: d.notification_id };
  const message = isEmail ? { email: d.payload as Email } : { alert: payload };
  let result: { res: OutboundResponse } | { error: unknown };
  try {
    result = { res: await post(d.channel, d.target_url, message, ctx, () => secrets(d.client_id)) };
  } catch (error) {
    result = { error };
  }
  return { ...outcomeOf(result), ruleName, customerIds };
}
