// Sending e-mail through a Resend-compatible HTTP API (edge functions
// cannot open SMTP ports), through the outbound checks like every request
// we send: POST {EMAIL_API_URL}/emails with from, to, subject, text, html
// and attachments, EMAIL_API_KEY as bearer, and an Idempotency-Key when the
// caller has one (the outbox's notification id: a repeat is dropped by the
// API). Without EMAIL_API_URL the message goes to the log, as a local
// stack's mail catcher would show it.
import { env } from "./env.ts";
import { type OutboundResponse, safeFetch } from "./outbound.ts";

/** A file sent with the message: content is base64, as Resend takes it. */
export type Attachment = { filename: string; content: string; content_type?: string };

export type Email = {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: Attachment[];
  idempotencyKey?: string;
};

export class EmailFailed extends Error {}

/** Posts the message and answers what the API said; null when no API is configured (the message was logged). */
export async function postEmail(email: Email, timeoutMs = 10_000): Promise<OutboundResponse | null> {
  const { EMAIL_API_URL, EMAIL_API_KEY, EMAIL_FROM } = env();
  const to = Array.isArray(email.to) ? email.to : [email.to];
  if (!EMAIL_API_URL) {
    console.log(`[email] EMAIL_API_URL is not set; not sent, written here instead.\nTo: ${to.join(", ")}\nSubject: ${email.subject}\n\n${email.text}`);
    return null;
  }
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (EMAIL_API_KEY) headers.authorization = `Bearer ${EMAIL_API_KEY}`;
  if (email.idempotencyKey) headers["idempotency-key"] = email.idempotencyKey;
  return await safeFetch(`${EMAIL_API_URL.replace(/\/+$/, "")}/emails`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      from: EMAIL_FROM, to, subject: email.subject, text: email.text,
      ...(email.html ? { html: email.html } : {}),
      ...(email.attachments?.length ? { attachments: email.attachments } : {}),
    }),
    timeoutMs,
    maxBodyBytes: 4096,
  });
}

/** Sends one message now, failing unless the API accepted it (invitation links). */
export async function sendEmail(email: Email): Promise<void> {
  const res = await postEmail(email);
  if (res && (res.status < 200 || res.status >= 300)) throw new EmailFailed(`the e-mail API answered ${res.status}`);
}
