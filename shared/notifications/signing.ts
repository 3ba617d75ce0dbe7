// Standard Webhooks signatures (https://www.standardwebhooks.com): a message
// is signed as HMAC-SHA256 over `${id}.${timestamp}.${body}` with the
// secret's bytes (base64 after `whsec_`), and carries
//   webhook-id: <id>  webhook-timestamp: <unix seconds>
//   webhook-signature: v1,<base64 signature> [v1,<another> …]
// one signature per live secret, so receivers may switch secrets during a
// rotation. Web Crypto only: runs in Deno, Node and the browser alike.

const PREFIX = "whsec_";

/** A new secret: whsec_ and the base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(32)));
}

export async function sign(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const raw = fromBase64(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret);
  const key = await crypto.subtle.importKey("raw", raw as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return `v1,${toBase64(new Uint8Array(mac))}`;
}

/** The three headers for one message, signed with every secret given (the current one first). */
export async function webhookHeaders(secrets: string[], id: string, body: string, now = Date.now()): Promise<Record<string, string>> {
  const timestamp = Math.floor(now / 1000);
  const signatures = await Promise.all(secrets.map((s) => sign(s, id, timestamp, body)));
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signatures.join(" ") };
}

function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
