// What the browser tests do over and over: sign in through the form, ask the
// public API (with a client's key) what the dashboard ought to show — read
// with the shared answer schemas, so the tests expect the shapes the web
// parses — and set up what a test needs as the owner would.
import type { Page } from "playwright-core";
import { getCustomerAnswer, listCustomersAnswer, writeCustomerAnswer } from "../../shared/customers/answers.ts";
import type { DemoClient, DemoUser } from "../stack/context.ts";

/**
 * Signs in through the form. Sign-in lands on Home Base, or on `next` when
 * given — as it does for someone who opened that page signed out.
 */
export async function signIn(page: Page, user: Pick<DemoUser, "email" | "password">, next?: string): Promise<void> {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and opens the customer list of `client`, waiting for its first row. */
export async function openCustomers(page: Page, user: Pick<DemoUser, "email" | "password">, client: Pick<DemoClient, "name">) {
  await signIn(page, user, "/customers");
  await page.waitForURL("**/customers");
  await page.getByLabel("Client").selectOption({ label: client.name });
  await page.locator("tbody tr").first().waitFor();
}

async function readAction(url: string, client: DemoClient, params: Record<string, string>) {
  const query = new URLSearchParams(params);
  const response = await fetch(`${url}/functions/v1/api-inbound?${query}`, { headers: { "x-api-key": client.apiKey } });
  if (!response.ok) throw new Error(`${params.action} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** One page of a client's customers as the public API (x-api-key) returns them. */
export async function listCustomers(url: string, client: DemoClient, params: Record<string, string> = {}) {
  const page = listCustomersAnswer.parse(await readAction(url, client, { action: "list_customers", ...params }));
  // Counted unless asked with count=none (what the Customers page does while someone types).
  if (page.total === null) throw new Error("list_customers answered without a total");
  return { ...page, total: page.total };
}

/** One customer with its explanation, history and effective scoring settings, as the public API returns it. */
export async function getCustomer(url: string, client: DemoClient, id: string) {
  return getCustomerAnswer.parse(await readAction(url, client, { action: "get_customer", id }));
}

async function post(url: string, fn: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${url}/functions/v1/${fn}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${fn} ${(body as { action: string }).action} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

/** A write action of api-inbound with the client's key. */
export function writeAction(url: string, client: DemoClient, action: string, data: Record<string, unknown>) {
  return post(url, "api-inbound", { action, data }, { "x-api-key": client.apiKey });
}

/** Creates or updates a customer by name; answers the customer as stored (scored). */
export async function upsertAccount(url: string, client: DemoClient, account: Record<string, unknown>) {
  return writeCustomerAnswer.parse(await writeAction(url, client, "upsert_account", account)).customer;
}

/** A user's access token from the gateway's GoTrue-compatible sign-in, for the calls the dashboard has no page for yet. */
export async function accessToken(url: string, anonKey: string, user: Pick<DemoUser, "email" | "password">): Promise<string> {
  const response = await fetch(`${url}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: anonKey, "content-type": "application/json" },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  if (!response.ok) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A scoring action (save_profile, delete_profile, …) on a client as the user whose token it is. */
export function scoringAction(url: string, token: string, clientId: string, action: string, input: Record<string, unknown>) {
  return post(url, "scoring", { action, client_id: clientId, ...input }, { authorization: `Bearer ${token}` });
}
