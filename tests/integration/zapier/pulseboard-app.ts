// A small Zapier integration of Pulseboard, written as an agency moving its
// zaps would write it with Zapier's own platform library: a polling
// "updated customer" trigger deduped by change_id, a "new at-risk customer"
// trigger (status=atrisk,critical), a REST-hook "customer updated" trigger
// and an "upsert customer" create. The test runs it with the library's app
// tester against the running stack; docs/api.md shows the same recipe.
import { type Bundle, version, type ZObject as Z } from "zapier-platform-core";

type Customer = Record<string, unknown> & { id: string; change_id: number };

/** Every request goes to the endpoint of the connected account, with its key. */
const withKey = (request: { headers?: Record<string, string | string[]> }, _z: Z, bundle: Bundle) => {
  request.headers = { ...request.headers, "x-api-key": String(bundle.authData.api_key) };
  return request;
};

async function call(z: Z, bundle: Bundle, action: string, data?: Record<string, unknown>) {
  const url = String(bundle.authData.endpoint);
  const response = data === undefined
    ? await z.request({ url, method: "GET", params: { action, ...(bundle.inputData as Record<string, string>) } })
    : await z.request({ url, method: "POST", body: { action, data } });
  return response.data as Record<string, unknown>;
}

/**
 * Zapier fires a polling trigger once per new `id`. For "a customer was
 * updated" that must be the change, not the customer: each change has its
 * own change_id, and a write that changed nothing makes none. The
 * customer's own id travels as customer_id.
 */
const asChange = (c: Customer) => ({ ...c, id: c.change_id, customer_id: c.id });

const listUpdated = async (z: Z, bundle: Bundle) => {
  const page = await call(z, { ...bundle, inputData: { sort: "updated_at", order: "desc", limit: "100" } } as Bundle, "list_customers");
  return (page.customers as Customer[]).map(asChange);
};

export const App = {
  version: "1.0.0",
  platformVersion: version,
  authentication: {
    type: "custom",
    fields: [
      { key: "endpoint", label: "API endpoint", required: true, type: "string" },
      { key: "api_key", label: "API key", required: true, type: "password" },
    ],
    test: (z: Z, bundle: Bundle) => call(z, { ...bundle, inputData: { limit: "1" } } as Bundle, "list_customers"),
  },
  beforeRequest: [withKey],
  triggers: {
    updated_customer: {
      key: "updated_customer",
      noun: "Customer",
      display: { label: "Updated Customer", description: "Fires once for every change of a customer." },
      operation: { perform: listUpdated },
    },
    new_at_risk: {
      key: "new_at_risk",
      noun: "Customer",
      display: { label: "New At-Risk Customer", description: "Fires when a customer first falls to At Risk or Critical." },
      operation: {
        perform: async (z: Z, bundle: Bundle) => {
          const page = await call(z, { ...bundle, inputData: { status: "atrisk,critical", sort: "updated_at", order: "desc", limit: "100" } } as Bundle, "list_customers");
          return page.customers as Customer[];
        },
      },
    },
    customer_updated_hook: {
      key: "customer_updated_hook",
      noun: "Customer",
      display: { label: "Customer Updated (Instant)", description: "A REST hook: Pulseboard posts each change." },
      operation: {
        type: "hook",
        performSubscribe: async (z: Z, bundle: Bundle) =>
          ((await call(z, bundle, "subscribe", { target_url: bundle.targetUrl, event: "customer.updated" })).subscription),
        performUnsubscribe: (z: Z, bundle: Bundle) =>
          call(z, bundle, "unsubscribe", { id: (bundle.subscribeData as { id: string }).id }),
        perform: (_z: Z, bundle: Bundle) => [asChange((bundle.cleanedRequest as { customer: Customer }).customer)],
        performList: listUpdated,
      },
    },
  },
  creates: {
    upsert_customer: {
      key: "upsert_customer",
      noun: "Customer",
      display: { label: "Create or Update Customer", description: "Creates a customer by name, or updates the one of that name." },
      operation: {
        inputFields: [
          { key: "name", required: true },
          { key: "logins", type: "integer" },
          { key: "adoption", type: "number" },
          { key: "tickets", type: "integer" },
          { key: "mrr", type: "string" },
          { key: "renewal_date", type: "datetime" },
          { key: "note", type: "text" },
        ],
        perform: async (z: Z, bundle: Bundle) => (await call(z, bundle, "upsert_account", bundle.inputData as Record<string, unknown>)).customer,
      },
    },
  },
};
