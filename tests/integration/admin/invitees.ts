// What the invitation tests share: people with accounts (made through the
// auth admin API, signed in), actions called as them, and the invitation
// e-mails the test stack's mail catcher received.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { stack } from "../../stack/context.ts";

export type Reply = { status: number; body: any };
export type Person = { id: string; email: string; password: string; token: string };

async function auth(path: string, key: string, body: unknown) {
  const res = await fetch(`${stack().url}/auth/v1${path}`, {
    method: "POST",
    headers: { apikey: key, authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A signed-in user's access token, or the refusal's status. */
export async function signInAs(email: string, password: string): Promise<{ status: number; token?: string }> {
  const res = await auth("/token?grant_type=password", stack().anonKey, { email, password });
  return { status: res.status, token: res.body.access_token };
}

/** A person with an account (in no agency yet), signed in. */
export async function makePerson(label: string): Promise<Person> {
  const email = `${label}.${randomBytes(4).toString("hex")}@invitations.test`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const made = await auth("/admin/users", stack().serviceRoleKey, { email, password, email_confirm: true });
  expect(made.status, JSON.stringify(made.body)).toBe(200);
  const { token } = await signInAs(email, password);
  return { id: made.body.id, email, password, token: token! };
}

/** An e-mail address nobody has an account for. */
export const newAddress = (label: string) => `${label}.${randomBytes(4).toString("hex")}@invitations.test`;

/** POST {action, data} to api-inbound, with a user's token or none. */
export async function act(token: string | null, action: string, data: Record<string, unknown> = {}): Promise<Reply> {
  const res = await fetch(`${stack().url}/functions/v1/api-inbound`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ action, data }),
  });
  return { status: res.status, body: await res.json() };
}

export type CaughtEmail = { to: string[]; subject: string; text: string };

/** Every e-mail sent to `address`, oldest first. */
export async function mailTo(address: string): Promise<CaughtEmail[]> {
  return (await fetch(`${stack().mailUrl}/messages?to=${encodeURIComponent(address)}`)).json();
}

/** The token of the newest invitation link mailed to `address`. */
export async function invitationToken(address: string): Promise<string> {
  const mails = await mailTo(address);
  const token = mails.at(-1)?.text.match(/\/invite#token=([0-9a-f]{64})/)?.[1];
  expect(token, `an invitation link was mailed to ${address}`).toBeDefined();
  return token!;
}
