// What a real receiver would refuse, checked with the ecosystems' own
// libraries: an Adaptive Card as the adaptivecards library parses it (the
// renderer Teams builds on), a Slack message against Block Kit's types and
// limits, a webhook's signature with the standardwebhooks library.
import * as AC from "adaptivecards";
import type { KnownBlock } from "@slack/types";
import type { IncomingHttpHeaders } from "node:http";
import { Webhook } from "standardwebhooks";

/** The adaptivecards library's complaints about a card: parse and validation events, and elements it dropped. */
export function cardErrors(card: unknown): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const errors: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    errors.push(`parse: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) errors.push(`validate: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  // Round trip: an element the library did not know would be missing from its JSON.
  const again = JSON.stringify(parsed.toJSON());
  for (const type of new Set(JSON.stringify(card).match(/"type":"[A-Za-z.]+"/g))) {
    if (!again.includes(type)) errors.push(`dropped on parse: ${type}`);
  }
  return errors;
}

/** A Teams Workflows message: the envelope, one Adaptive Card ≤ 1.5 that parses, under 28 KB. */
export function teamsProblems(body: string): string[] {
  const problems: string[] = [];
  if (new TextEncoder().encode(body).byteLength > 28 * 1024) problems.push("over 28 KB");
  const m = JSON.parse(body);
  if (m.type !== "message" || m.attachments?.length !== 1) problems.push("not a message with one attachment");
  const a = m.attachments?.[0];
  if (a?.contentType !== "application/vnd.microsoft.card.adaptive") problems.push(`contentType ${a?.contentType}`);
  if (!(Number(a?.content?.version) <= 1.5)) problems.push(`card version ${a?.content?.version}`);
  return [...problems, ...cardErrors(a?.content)];
}

const slackBlockTypes = new Set<KnownBlock["type"]>(["header", "section", "context", "divider", "actions", "image", "rich_text"]);

/** A Slack incoming-webhook message: text fallback, at most 50 known blocks, each within its limits. */
export function slackProblems(body: string): string[] {
  const m = JSON.parse(body) as { text?: string; blocks?: KnownBlock[] };
  const problems: string[] = [];
  if (!m.text || m.text.length > 3000) problems.push("no text fallback, or longer than 3,000");
  if (!Array.isArray(m.blocks) || m.blocks.length === 0 || m.blocks.length > 50) problems.push("blocks: 1 to 50 needed");
  for (const b of m.blocks ?? []) {
    if (!slackBlockTypes.has(b.type)) problems.push(`unknown block ${b.type}`);
    if (b.type === "header" && (b.text.type !== "plain_text" || b.text.text.length > 150)) problems.push("header: plain_text ≤ 150");
    if (b.type === "section") {
      if (!b.text || b.text.text.length > 3000) problems.push("section text ≤ 3,000");
      const button = b.accessory as { type?: string; url?: string; text?: { text: string } } | undefined;
      if (button && (button.type !== "button" || !button.url || button.url.length > 3000 || (button.text?.text.length ?? 0) > 75)) {
        problems.push("accessory: a button with a url");
      }
    }
  }
  return problems;
}

/** The payload, when the Standard Webhooks headers verify with `secret`; throws otherwise. */
export function verifyWebhook(secret: string, body: string, headers: IncomingHttpHeaders): unknown {
  return new Webhook(secret).verify(body, {
    "webhook-id": String(headers["webhook-id"]), "webhook-timestamp": String(headers["webhook-timestamp"]),
    "webhook-signature": String(headers["webhook-signature"]),
  });
}
