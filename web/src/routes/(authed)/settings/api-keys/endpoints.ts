// The endpoint list of the API keys page: each public action with a
// ready-to-copy curl command for this deployment's URL.
export type Endpoint = { action: string; what: string; curl: (url: string, key: string) => string };

const post = (url: string, key: string, body: unknown) =>
  `curl -X POST "${url}" \\\n  -H "x-api-key: ${key}" -H "content-type: application/json" \\\n  -d '${JSON.stringify(body)}'`;

export const endpoints: Endpoint[] = [
  { action: "list_customers", what: "List customers, newest first; filter by status, tier, tag, updated_since…",
    curl: (url, key) => `curl "${url}?action=list_customers&status=atrisk,critical&limit=50" \\\n  -H "x-api-key: ${key}"` },
  { action: "get_customer", what: "One customer by name or id, with the score's explanation and history",
    curl: (url, key) => `curl "${url}?action=get_customer&name=Acme%20Corp" \\\n  -H "x-api-key: ${key}"` },
  { action: "upsert_account", what: "Create or update a customer by name; signals rescore it",
    curl: (url, key) => post(url, key, { action: "upsert_account", data: { name: "Acme Corp", mrr: 5000, logins: 22, adoption: 75, tickets: 1, tier: "mid" } }) },
  { action: "update_health", what: "Change one field of a customer",
    curl: (url, key) => post(url, key, { action: "update_health", data: { name: "Acme Corp", field: "tickets", value: 3 } }) },
  { action: "score_customer", what: "Rescore a customer with the saved weights",
    curl: (url, key) => post(url, key, { action: "score_customer", data: { name: "Acme Corp" } }) },
  { action: "delete_customer", what: "Soft-delete a customer (recoverable)",
    curl: (url, key) => post(url, key, { action: "delete_customer", data: { name: "Acme Corp" } }) },
  { action: "subscribe", what: "A REST hook: changes are POSTed to your URL at once (Zapier instant triggers)",
    curl: (url, key) => post(url, key, { action: "subscribe", data: { target_url: "https://hooks.zapier.com/…", event: "customer.updated" } }) },
];

/** The API's address on this deployment. */
export const apiUrl = (base: string) => `${base}/functions/v1/api-inbound`;
