// What the browser tests do over and over: sign in through the form, and ask
// the public API (with a client's key) what the dashboard ought to show.
import type { Page } from "playwright-core";
import type { DemoClient, DemoUser } from "../stack/context.ts";

export async function signIn(page: Page, user: Pick<DemoUser, "email" | "password">): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export type ApiCustomer = { id: string; name: string; score: number | null; status: string | null };

/** One page of a client's customers as the public API (x-api-key) returns them. */
export async function listCustomers(url: string, client: DemoClient, params: Record<string, string> = {}) {
  const query = new URLSearchParams({ action: "list_customers", ...params });
  const response = await fetch(`${url}/functions/v1/api-inbound?${query}`, { headers: { "x-api-key": client.apiKey } });
  if (!response.ok) throw new Error(`list_customers answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { customers: ApiCustomer[]; total: number };
}

export type ApiCustomerDetail = ApiCustomer & {
  score_manual: boolean;
  logins: number | null;
  adoption: number | null;
  tickets: number | null;
  nps: number | string | null;
  nps_category: string | null;
  csat: number | null;
  days: number | null;
  growth: string | null;
  explanation: { signal: string; weight: number; mapped: number | null }[];
};

/** One customer with its explanation, as the public API (x-api-key) returns it. */
export async function getCustomer(url: string, client: DemoClient, id: string) {
  const query = new URLSearchParams({ action: "get_customer", id });
  const response = await fetch(`${url}/functions/v1/api-inbound?${query}`, { headers: { "x-api-key": client.apiKey } });
  if (!response.ok) throw new Error(`get_customer answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { customer: ApiCustomerDetail; history: unknown[] };
}
