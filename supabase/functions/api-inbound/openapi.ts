// The OpenAPI 3.1 document of api-inbound, generated from the same zod
// schemas that validate requests, so the two cannot drift apart.
import { z } from "zod";
import {
  customerRef, listCustomersQuery, updateHealthInput, upsertAccountInput, upsertAccountsInput,
} from "@shared/customers/inputs.ts";
import { subscribeInput, unsubscribeInput } from "@shared/hooks/inputs.ts";

const schema = (s: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const writeActions = {
  upsert_account: { input: upsertAccountInput, summary: "Create or update a customer by name (case-insensitive) or id; signal fields rescore" },
  upsert_accounts: { input: upsertAccountsInput, summary: "Up to 1,000 upsert_account rows; per-row errors, valid rows applied together" },
  update_health: { input: updateHealthInput, summary: "Update one field; signal fields rescore" },
  delete_customer: { input: customerRef, summary: "Soft-delete a customer (recoverable)" },
  restore_customer: { input: customerRef, summary: "Restore a soft-deleted customer" },
  score_customer: { input: customerRef, summary: "Force a full rescore with the saved weights" },
  get_customer: { input: customerRef, summary: "One customer with its score explanation and recent history" },
  list_customers: { input: listCustomersQuery, summary: "Customers, filtered, sorted, paged (offset or cursor)" },
  subscribe: { input: subscribeInput, summary: "REST hook: POST target_url on customer.updated / customer.status_changed" },
  unsubscribe: { input: unsubscribeInput, summary: "Remove a REST hook subscription" },
} as const;

let cached: unknown;

export function openApiDocument() {
  cached ??= build();
  return cached;
}

function build() {
  const queryParams = Object.entries((schema(listCustomersQuery).properties ?? {}) as Record<string, unknown>)
    .map(([name, s]) => ({ name, in: "query", required: false, schema: s }));
  const errorResponse = { description: "Error naming the field", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  const errors = {
    "400": errorResponse, "401": errorResponse, "404": errorResponse, "409": errorResponse,
    "413": errorResponse, "422": errorResponse,
    "429": { ...errorResponse, headers: { "Retry-After": { schema: { type: "integer" }, description: "seconds to wait" } } },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Pulseboard api-inbound",
      version: "1.0.0",
      description: "Push customer signals in and poll customers out. Compatible with the reference REST API: " +
        "x-api-key header; GET with ?action=… or POST {action, data}. Writes accept an Idempotency-Key header.",
    },
    servers: [{ url: "/functions/v1/api-inbound" }],
    security: [{ apiKey: [] }, { bearer: [] }],
    paths: {
      "/": {
        get: {
          summary: "Read actions by query string (list_customers, get_customer)",
          parameters: [
            { name: "action", in: "query", required: true, schema: { type: "string", enum: ["list_customers", "get_customer"] } },
            { name: "id", in: "query", schema: { type: "string", format: "uuid" }, description: "get_customer" },
            { name: "name", in: "query", schema: { type: "string" }, description: "get_customer" },
            ...queryParams,
          ],
          responses: {
            "200": { description: "list_customers: {customers, total, limit, offset, next_cursor}; get_customer: {customer, history}",
              content: { "application/json": { schema: { $ref: "#/components/schemas/CustomerList" } } } },
            ...errors,
          },
        },
        post: {
          summary: "Any action as {action, data}",
          parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 200 } }],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { oneOf: Object.keys(writeActions).map((a) => ({ $ref: `#/components/schemas/${a}` })) } } },
          },
          responses: {
            "200": { description: "The action's result; writes of a customer return {created, customer}" },
            "201": { description: "A customer was created: {created: true, customer}" },
            ...errors,
          },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
      },
      schemas: {
        ...Object.fromEntries(Object.entries(writeActions).map(([action, { input, summary }]) => [action, {
          type: "object", description: summary, required: ["action", "data"],
          properties: { action: { const: action }, data: schema(input) },
        }])),
        Error: {
          type: "object",
          properties: { error: { type: "object", required: ["code", "message"], properties: {
            code: { type: "string" }, message: { type: "string" }, field: { type: "string" },
            details: { type: "array", items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } } },
          } } },
        },
        Customer: {
          type: "object",
          properties: Object.fromEntries([
            "id", "name", "manager", "tier", "lifecycle", "renewal_date", "next_touch", "since", "sentiment", "note",
            "scoring_profile", "status", "nps_category", "growth", "scored_at", "created_at", "updated_at", "deleted_at",
          ].map((f): [string, object] => [f, { type: ["string", "null"] }]).concat([
            "mrr", "arr", "score", "score_exact", "previous_score", "logins", "adoption", "tickets", "csat", "days", "config_version",
          ].map((f): [string, object] => [f, { type: ["number", "null"] }])).concat([
            ["tags", { type: "array", items: { type: "string" } }], ["missing_signals", { type: "array", items: { type: "string" } }],
            ["score_manual", { type: "boolean" }], ["nps", { type: ["number", "string", "null"] }],
          ])),
        },
        CustomerList: {
          type: "object",
          properties: {
            customers: { type: "array", items: { $ref: "#/components/schemas/Customer" } },
            total: { type: "integer" }, limit: { type: "integer" }, offset: { type: ["integer", "null"] },
            next_cursor: { type: ["string", "null"], description: "pass as cursor= for the next page (keyset, stable under updates)" },
          },
        },
      },
    },
  };
}
