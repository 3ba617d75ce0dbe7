// What the admin pages' browser tests share: a client of their own in the
// demo agency (made as the owner, through the API), seeded with customers
// over the bands, so saving its settings never moves another test's data.
import postgres from "postgres";
import { stack } from "../stack/context.ts";
import { act } from "../integration/admin/invitees.ts";
import { accessToken } from "./dashboard.ts";

export type AdminClient = { id: string; name: string; apiKey: string; keyId: string };

export const demoOwner = () => stack().demo.users.find((u) => u.role === "owner")!;
export const ownerToken = () => accessToken(stack().url, stack().anonKey, demoOwner());
export const superuser = () => postgres(stack().dbUrl, { max: 1, onnotice: () => {} });

/** A new client of the demo agency with `customers` scored customers and an API key. */
export async function makeAdminClient(token: string, label: string, customers = 40): Promise<AdminClient> {
  const name = `${label} ${Date.now().toString(36)}`;
  const made = await act(token, "create_client", { name });
  if (made.status !== 201) throw new Error(`create_client: ${JSON.stringify(made.body)}`);
  const id = made.body.client.id as string;
  const key = await act(token, "create_api_key", { client_id: id, label: "Seed" });
  const apiKey = key.body.api_key.key as string;
  const accounts = Array.from({ length: customers }, (_, i) => ({
    name: `${label} account ${i}`, logins: (i * 7) % 31, adoption: (i * 13) % 101, tickets: i % 6,
    nps: i % 11, days: (i * 11) % 120, growth: ["none", "mild", "strong"][i % 3], mrr: 500 + i * 100,
  }));
  const res = await fetch(`${stack().url}/functions/v1/api-inbound`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": apiKey },
    body: JSON.stringify({ action: "upsert_accounts", data: { accounts } }),
  });
  if (!res.ok) throw new Error(`upsert_accounts: ${res.status} ${await res.text()}`);
  return { id, name, apiKey, keyId: key.body.api_key.id };
}
