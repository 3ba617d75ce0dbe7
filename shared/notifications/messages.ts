// What each channel receives for an alert delivery (one event, a burst of
// one rule's events folded together, or a digest), written from the
// outbox's payload. Pure: the drain sends what these return, and the unit
// tests read them beside the receivers' own rules (Slack's Block Kit
// limits, Teams' Adaptive Card ≤ 1.5 under 28 KB, Standard Webhooks JSON).
// Every event links to its customer's page in the dashboard.
import { eventInfo, type AlertEvent, type Channel } from "./rules.ts";

export type AlertCustomer = {
  id: string; name: string; manager: string | null; tier: string | null; mrr: number | null;
  score: number | null; status: string | null; lifecycle: string; renewal_date: string | null;
  days: number | null; nps: number | null; nps_category: string | null;
};

/** One event as the outbox holds it (private.alert_event_json). */
export type AlertEventPayload = {
  id: string; event: AlertEvent; rule: { id: string; name: string }; occurred_at: string; threshold: number | null;
  customer: AlertCustomer;
  previous: { score: number | null; status: string | null; lifecycle: string | null; nps_category: string | null };
};

/** A delivery's payload: its events, and for a digest the period it covers. */
export type AlertPayload = {
  events: AlertEventPayload[];
  digest?: { schedule: "daily" | "weekly"; from: string | null; until: string };
};

export type MessageContext = { siteUrl: string; ruleName: string; notificationId: string; test?: boolean };

const statusNames: Record<string, string> = { critical: "Critical", atrisk: "At Risk", watch: "Watch", healthy: "Healthy", expansion: "Expansion" };
const lifecycleNames: Record<string, string> = { onboarding: "Onboarding", active: "Active", atrisk: "At Risk", won: "Won", churned: "Churned" };

export const customerUrl = (siteUrl: string, customerId: string) => `${siteUrl.replace(/\/+$/, "")}/customers/${customerId}`;

/** What happened, in one sentence that names no customer (the message puts the name beside it). */
export function describe(e: AlertEventPayload): string {
  const c = e.customer;
  switch (e.event) {
    case "health_below":
      return `health score ${c.score} is below ${e.threshold}`;
    case "became_at_risk":
      return `status turned ${statusNames[c.status ?? ""] ?? c.status} (score ${c.score})`;
    case "renewal_approaching":
      return `renews on ${c.renewal_date}, within ${e.threshold} days`;
    case "no_contact":
      return `no contact for ${c.days} days (more than ${e.threshold})`;
    case "nps_detractor":
      return `NPS turned detractor (${c.nps ?? "?"})`;
    case "lifecycle_change":
      return `lifecycle turned ${lifecycleNames[c.lifecycle] ?? c.lifecycle}`;
    case "score_drop":
      return `score dropped ${(e.previous.score ?? 0) - (c.score ?? 0)} points, from ${e.previous.score} to ${c.score}`;
  }
}

/** The title of a message: the rule's name, what kind of message, how many events. */
export function title(p: AlertPayload, ctx: MessageContext): string {
  const n = p.events.length;
  const what = p.digest ? `${p.digest.schedule === "daily" ? "Daily" : "Weekly"} digest` : eventInfo[p.events[0].event].label;
  const count = n > 1 ? ` — ${n} ${p.digest ? "events" : "customers"}` : "";
  return `${ctx.test ? "[Test] " : ""}${ctx.ruleName}: ${what}${count}`;
}

/** Events grouped by customer, in the order they first appear (a digest is grouped so). */
export function byCustomer(events: AlertEventPayload[]): { customer: AlertCustomer; events: AlertEventPayload[] }[] {
  const groups = new Map<string, { customer: AlertCustomer; events: AlertEventPayload[] }>();
  for (const e of events) {
    const group = groups.get(e.customer.id) ?? { customer: e.customer, events: [] };
    group.customer = e.customer;
    group.events.push(e);
    groups.set(e.customer.id, group);
  }
  return [...groups.values()];
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const facts = (c: AlertCustomer) =>
  [c.manager && `Manager ${c.manager}`, c.mrr != null && `MRR $${c.mrr.toLocaleString("en-US")}`, c.status && statusNames[c.status]]
    .filter(Boolean).join(" · ");

// ---- Slack: Block Kit blocks with a text fallback (notifications, old clients) ----

export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, text: 3000 } as const;

/** Slack's mrkdwn needs &, < and > escaped; everything else is shown as typed. */
const slackEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function slackMessage(p: AlertPayload, ctx: MessageContext) {
  const groups = byCustomer(p.events);
  // Header, context and one section per customer; the last slot says how many more there are.
  const room = SLACK_LIMITS.blocks - 3;
  const shown = groups.slice(0, room);
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: clip(title(p, ctx), SLACK_LIMITS.headerText), emoji: true } },
  ];
  if (p.digest) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: slackEscape(period(p.digest)) }] });
  for (const g of shown) {
    const url = customerUrl(ctx.siteUrl, g.customer.id);
    const lines = g.events.map((e) => `• ${slackEscape(describe(e))}`).join("\n");
    const detail = facts(g.customer);
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: clip(`*<${url}|${slackEscape(g.customer.name)}>*\n${lines}${detail ? `\n_${slackEscape(detail)}_` : ""}`, SLACK_LIMITS.sectionText) },
      accessory: { type: "button", text: { type: "plain_text", text: "Open customer" }, url, action_id: `open_${g.customer.id}` },
    });
  }
  if (groups.length > shown.length) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `…and ${groups.length - shown.length} more customers in Pulseboard` }] });
  }
  const text = clip(`${title(p, ctx)}: ${groups.map((g) => `${g.customer.name} — ${g.events.map(describe).join("; ")}`).join(" | ")}`, SLACK_LIMITS.text);
  return { text, blocks };
}

// ---- Microsoft Teams: a Workflows webhook message with an Adaptive Card ----

export const TEAMS_MAX_BYTES = 28 * 1024;
const cardBytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;

export function teamsMessage(p: AlertPayload, ctx: MessageContext) {
  const groups = byCustomer(p.events);
  const card = (shown: typeof groups) => {
    const body: unknown[] = [{ type: "TextBlock", text: title(p, ctx), weight: "Bolder", size: "Medium", wrap: true }];
    if (p.digest) body.push({ type: "TextBlock", text: period(p.digest), isSubtle: true, wrap: true, spacing: "None" });
    for (const g of shown) {
      const url = customerUrl(ctx.siteUrl, g.customer.id);
      body.push({
        type: "Container", separator: true,
        items: [
          { type: "TextBlock", text: g.customer.name, weight: "Bolder", wrap: true },
          ...g.events.map((e) => ({ type: "TextBlock", text: `- ${describe(e)}`, wrap: true, spacing: "None" })),
          ...(facts(g.customer) ? [{ type: "TextBlock", text: facts(g.customer), isSubtle: true, wrap: true, spacing: "None" }] : []),
          { type: "ActionSet", actions: [{ type: "Action.OpenUrl", title: "Open customer", url }] },
        ],
      });
    }
    if (shown.length < groups.length) {
      body.push({ type: "TextBlock", text: `…and ${groups.length - shown.length} more customers in Pulseboard`, isSubtle: true, wrap: true });
    }
    return {
      type: "message",
      attachments: [{
        contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null,
        content: { $schema: "http://adaptivecards.io/schemas/adaptive-card.json", type: "AdaptiveCard", version: "1.5", body, msteams: { width: "Full" } },
      }],
    };
  };
  // Fewer customers until the message fits Teams' 28 KB.
  let shown = groups.length;
  let message = card(groups);
  while (cardBytes(message) > TEAMS_MAX_BYTES && shown > 1) {
    shown = Math.max(1, Math.floor(shown * 0.8));
    message = card(groups.slice(0, shown));
  }
  return message;
}

// ---- E-mail: subject, HTML and text ----

const html = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export function emailMessage(p: AlertPayload, ctx: MessageContext) {
  const groups = byCustomer(p.events);
  const subject = clip(title(p, ctx), 200);
  const intro = p.digest ? period(p.digest) : `Pulseboard alert rule "${ctx.ruleName}" fired.`;
  const textBody = [
    subject, "", intro, "",
    ...groups.flatMap((g) => [
      g.customer.name, ...g.events.map((e) => `  - ${describe(e)}`), ...(facts(g.customer) ? [`  ${facts(g.customer)}`] : []),
      `  ${customerUrl(ctx.siteUrl, g.customer.id)}`, "",
    ]),
    "You receive this because an alert rule in Pulseboard sends to this address.",
  ].join("\n");
  const items = groups.map((g) => {
    const url = customerUrl(ctx.siteUrl, g.customer.id);
    return `<tr><td style="padding:12px 0;border-top:1px solid #e5e7eb">
<p style="margin:0 0 4px"><a href="${html(url)}" style="font-weight:600;color:#1d4ed8">${html(g.customer.name)}</a></p>
<ul style="margin:0 0 4px;padding-left:20px">${g.events.map((e) => `<li>${html(describe(e))}</li>`).join("")}</ul>
${facts(g.customer) ? `<p style="margin:0;color:#6b7280;font-size:13px">${html(facts(g.customer))}</p>` : ""}
</td></tr>`;
  }).join("\n");
  const htmlBody = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111827;max-width:640px">
<h1 style="font-size:18px">${html(subject)}</h1>
<p>${html(intro)}</p>
<table style="width:100%;border-collapse:collapse">${items}</table>
<p style="color:#6b7280;font-size:12px">You receive this because an alert rule in Pulseboard sends to this address.</p>
</body></html>`;
  return { subject, html: htmlBody, text: textBody };
}

// ---- Custom webhook: JSON, signed per Standard Webhooks by the drain ----

export function webhookMessage(p: AlertPayload, ctx: MessageContext) {
  return {
    type: p.digest ? "alert.digest" : ctx.test ? "alert.test" : "alert.fired",
    id: ctx.notificationId,
    rule: { id: p.events[0]?.rule.id ?? null, name: ctx.ruleName },
    ...(p.digest ? { digest: p.digest } : {}),
    events: p.events.map((e) => ({ ...e, customer: { ...e.customer, url: customerUrl(ctx.siteUrl, e.customer.id) } })),
  };
}

function period(d: NonNullable<AlertPayload["digest"]>): string {
  const until = d.until.slice(0, 16).replace("T", " ");
  return d.from ? `Events from ${d.from.slice(0, 16).replace("T", " ")} to ${until} UTC` : `Events up to ${until} UTC`;
}

/** The body a channel posts (email's is the e-mail API's request, built by the sender). */
export function channelBody(channel: Exclude<Channel, "email">, p: AlertPayload, ctx: MessageContext): unknown {
  if (channel === "slack") return slackMessage(p, ctx);
  if (channel === "teams") return teamsMessage(p, ctx);
  return webhookMessage(p, ctx);
}

/** A sample event for a test send: what the rule's event would say about an example customer. */
export function sampleEvent(rule: { id: string; name: string; event: AlertEvent; threshold: number | null }, now = new Date()): AlertEventPayload {
  const renewal = new Date(now.getTime() + 12 * 86_400_000).toISOString().slice(0, 10);
  return {
    id: "evt_test", event: rule.event, rule: { id: rule.id, name: rule.name }, occurred_at: now.toISOString(), threshold: rule.threshold,
    customer: {
      id: "00000000-0000-4000-8000-000000000000", name: "Example Customer (test)", manager: null, tier: "mid", mrr: 5000,
      score: 38, status: "atrisk", lifecycle: rule.event === "lifecycle_change" ? "atrisk" : "active", renewal_date: renewal,
      days: (rule.threshold ?? 14) + 3, nps: 4, nps_category: "detractor",
    },
    previous: { score: 61, status: "watch", lifecycle: "active", nps_category: "passive" },
  };
}
