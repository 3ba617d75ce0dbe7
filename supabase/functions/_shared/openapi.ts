// The OpenAPI 3.1 document of every function, generated from their action
// registries: each action's input and answer schema, who may call it, and
// its tag (public, dashboard, scheduled). Built from the same zod schemas
// that validate requests and (in tests) answers, so the three cannot drift.
import { z } from "zod";
import { type Action, type Registry, tagOf } from "./registry.ts";

export type FunctionDoc = { name: string; summary: string; actions: Registry; reads: "query or body" | "body" };

const jsonSchema = (s: z.ZodType, io: "input" | "output") => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const errorRef = { description: "An error naming the field", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const errors = {
  "400": errorRef, "401": errorRef, "403": errorRef, "404": errorRef, "405": errorRef, "409": errorRef, "410": errorRef, "413": errorRef, "422": errorRef,
  "429": { ...errorRef, headers: { "Retry-After": { schema: { type: "integer" }, description: "seconds to wait" } } },
};

const security: Record<Action["access"], Record<string, never[]>[]> = {
  cron: [{ cronSecret: [] }], user: [{ bearer: [] }], api_key: [{ apiKey: [] }], both: [{ apiKey: [] }, { bearer: [] }], link: [],
};

/**
 * One operation per action. The functions take the action's name in the body
 * (or the query string), so each action's path is the function's path with a
 * fragment naming it; `x-action` says what to send as `action`.
 */
function operation(fn: FunctionDoc, name: string, a: Action) {
  const body = fn.reads === "body"
    ? { type: "object", required: ["action"], properties: { action: { const: name } }, allOf: [{ $ref: `#/components/schemas/${name}.input` }] }
    : { type: "object", required: ["action", "data"], properties: { action: { const: name }, data: { $ref: `#/components/schemas/${name}.input` } } };
  return {
    operationId: name,
    summary: a.summary,
    tags: [tagOf(a)],
    "x-action": name,
    "x-write": a.write,
    ...(a.scope === "system" ? {} : { "x-roles": a.roles }),
    security: security[a.access],
    ...(a.write ? { parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 200 } }] } : {}),
    requestBody: { required: true, content: { "application/json": { schema: body } } },
    responses: {
      "200": { description: "The answer", content: { "application/json": { schema: { $ref: `#/components/schemas/${name}.answer` } } } },
      ...(a.write ? { "201": { description: "Created: the answer says created: true", content: { "application/json": { schema: { $ref: `#/components/schemas/${name}.answer` } } } } } : {}),
      ...errors,
    },
  };
}

/** Reads of api-inbound may also come as a GET query string, every input field a parameter. */
function getOperation(name: string, a: Action, post: ReturnType<typeof operation>) {
  const properties = (jsonSchema(a.input, "input").properties ?? {}) as Record<string, unknown>;
  return {
    ...post,
    operationId: `${name}_by_query`,
    requestBody: undefined,
    parameters: [
      { name: "action", in: "query", required: true, schema: { const: name } },
      ...Object.entries(properties).map(([field, schema]) => ({ name: field, in: "query", required: false, schema })),
    ],
  };
}

export function openApiDocument(functions: FunctionDoc[]) {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const fn of functions) {
    for (const [name, a] of Object.entries(fn.actions)) {
      const post = operation(fn, name, a);
      const byQuery = fn.reads === "query or body" && !a.write;
      paths[`/${fn.name}#${name}`] = byQuery ? { post, get: getOperation(name, a, post) } : { post };
      schemas[`${name}.input`] = jsonSchema(a.input, "input");
      schemas[`${name}.answer`] = jsonSchema(a.answer, "output");
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Pulseboard API",
      version: "1.0.0",
      description: "Push customer signals in and poll customers out. api-inbound is compatible with the reference REST API: " +
        "x-api-key header; GET with ?action=… (reads) or POST {action, data} (every action). scoring and notifications take " +
        "POST {action, …input}. Writes accept an Idempotency-Key header. Tags: public (API keys may call), dashboard " +
        "(signed-in users only), scheduled (pg_cron, with the cron secret), link (an invitation link's token in the input).",
    },
    servers: [{ url: "/functions/v1" }],
    tags: [
      { name: "public", description: "Integrations (x-api-key) and the dashboard" },
      { name: "dashboard", description: "Signed-in dashboard users only (Authorization: Bearer)" },
      { name: "scheduled", description: "pg_cron only (x-cron-secret)" },
      { name: "link", description: "Anyone holding an invitation link's token, which the input carries (no sign-in)" },
    ],
    "x-functions": functions.map((f) => ({ name: f.name, summary: f.summary, actions: Object.keys(f.actions) })),
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        cronSecret: { type: "apiKey", in: "header", name: "x-cron-secret" },
      },
      schemas: {
        ...schemas,
        Error: {
          type: "object",
          properties: { error: { type: "object", required: ["code", "message"], properties: {
            code: { type: "string" }, message: { type: "string" }, field: { type: "string" },
            details: { type: "array", items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } } },
          } } },
        },
      },
    },
  };
}
