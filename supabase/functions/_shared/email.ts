// Sending one e-mail through a Resend-compatible HTTP API (edge functions
// cannot open SMTP ports), through the outbound checks like every request
// we send. Without EMAIL_API_URL the message goes to the log, as a local
// stack's mail catcher would show it.
import { env } from "./env.ts";
import { safeFetch } from "./outbound.ts";

export type Email = { to: string; subject: string; text: string };

export class EmailFailed extends Error {}

export async function sendEmail({ to, subject, text }: Email): Promise<void> {
  const { EMAIL_API_URL, EMAIL_API_KEY, EMAIL_FROM } = env();
  if (!EMAIL_API_URL) {
    console.log(`[email] EMAIL_API_URL is not set; not sent, written here instead.\nTo: ${to}\nSubject: ${subject}\n\n${text}`);
    return;
  }
  const res = await safeFetch(`${EMAIL_API_URL.replace(/\/+$/, "")}/emails`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(EMAIL_API_KEY ? { authorization: `Bearer ${EMAIL_API_KEY}` } : {}) },
    body: JSON.stringify({ from: EMAIL_FROM, to: [to], subject, text }),
    timeoutMs: 10_000,
    maxBodyBytes: 4096,
  });
  if (res.status < 200 || res.status >= 300) throw new EmailFailed(`the e-mail API answered ${res.status}`);
}
