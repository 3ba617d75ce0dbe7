// The action registry, as the running functions publish it in their OpenAPI
// document: for every registered action, the serve wrapper refuses callers
// the action is not for, writes by GET, and scheduled jobs without the cron
// secret — table-driven, so an action added later is covered by adding it.
// And every action is documented in docs/api.md.
import SwaggerParser from "@apidevtools/swagger-parser";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { type Auth, closeSuperuser, demoKey, fingerprint, signIn } from "./api.ts";

type Operation = { "x-action": string; "x-write": boolean; tags: string[]; "x-roles"?: string[]; requestBody?: unknown };
type Doc = { paths: Record<string, { post: Operation; get?: Operation }>; components: { schemas: Record<string, unknown> } };
type Registered = { fn: string; name: string; write: boolean; tag: string; op: Operation };

const fnUrl = (fn: string) => `${stack().url}/functions/v1/${fn}`;

async function fetchDoc(): Promise<Doc> {
  const res = await fetch(`${fnUrl("api-inbound")}/openapi.json`);
  expect(res.status).toBe(200);
  return await res.json();
}

function registered(doc: Doc): Registered[] {
  return Object.entries(doc.paths).map(([path, item]) => {
    const [, fn, name] = path.match(/^\/([\w-]+)#(\w+)$/) ?? [];
    return { fn, name, write: item.post["x-write"], tag: item.post.tags[0], op: item.post };
  });
}

const headersOf = (auth: Auth | null): Record<string, string> =>
  !auth ? {} : "apiKey" in auth ? { "x-api-key": auth.apiKey } : { authorization: `Bearer ${auth.token}` };

/** Calls an action the way its function takes it: api-inbound {action, data}, the others {action, …input}. */
async function call(a: Registered, auth: Auth | null, method: "GET" | "POST" = "POST") {
  const headers = { "content-type": "application/json", ...headersOf(auth) };
  const res = method === "GET"
    ? await fetch(`${fnUrl(a.fn)}?action=${a.name}`, { headers })
    : await fetch(fnUrl(a.fn), {
      method, headers, body: JSON.stringify(a.fn === "api-inbound" ? { action: a.name, data: {} } : { action: a.name }),
    });
  return { status: res.status, body: await res.json() };
}

describe("the action registry", () => {
  let actions: Registered[];
  let doc: Doc;
  let owner: Auth;
  let before: Awaited<ReturnType<typeof fingerprint>>;

  beforeAll(async () => {
    doc = await fetchDoc();
    actions = registered(doc);
    owner = await signIn("owner");
    before = await fingerprint();
  });
  afterAll(closeSuperuser);

  test("the document lists every function's actions, each with its input and answer schema", () => {
    const names = actions.map((a) => a.name);
    expect(new Set(names).size, "no action is registered twice").toBe(names.length);
    for (const known of ["list_customers", "get_customer", "upsert_account", "subscribe", "list_clients", "invite_user",
      "create_api_key", "preview", "update_settings", "decay", "drain"]) {
      expect(names, `${known} is registered`).toContain(known);
    }
    for (const a of actions) {
      expect(["public", "dashboard", "scheduled", "link"], `${a.name} is tagged`).toContain(a.tag);
      expect(doc.components.schemas[`${a.name}.input`], `${a.name} has an input schema`).toBeTypeOf("object");
      expect(doc.components.schemas[`${a.name}.answer`], `${a.name} has an answer schema`).toBeTypeOf("object");
    }
    expect(actions.filter((a) => a.tag === "dashboard").length, "dashboard-only actions exist").toBeGreaterThan(10);
  });

  test("the document is valid OpenAPI 3.1, every reference resolving", async () => {
    // The parser validates against the OpenAPI 3.1 JSON Schema and resolves every $ref;
    // it mutates what it is given, so it gets a copy.
    const api = await SwaggerParser.validate(structuredClone(doc) as never);
    expect((api as { openapi: string }).openapi).toBe("3.1.0");
  });

  test("every dashboard-only action refuses an API key with 403 naming the action", async () => {
    const refused = actions.filter((a) => a.tag === "dashboard");
    for (const a of refused) {
      const res = await call(a, demoKey(0));
      expect({ action: a.name, status: res.status, field: res.body.error?.field }).toEqual({ action: a.name, status: 403, field: "action" });
    }
  });

  test("every action an API key may call refuses an anonymous caller with 401", async () => {
    for (const a of actions.filter((a) => a.tag === "public")) {
      const res = await call(a, null);
      expect({ action: a.name, status: res.status, code: res.body.error?.code }).toEqual({ action: a.name, status: 401, code: "unauthorized" });
    }
  });

  test("every link action needs no sign-in but refuses a call without its token with 400 naming the token", async () => {
    const links = actions.filter((a) => a.tag === "link");
    expect(links.map((a) => a.name).sort()).toEqual(["join_with_invitation", "open_invitation"]);
    for (const a of links) {
      expect(a.op["x-roles"], `${a.name} is for no role`).toEqual([]);
      for (const auth of [null, demoKey(0)]) {
        const res = await call(a, auth);
        expect({ action: a.name, status: res.status, field: res.body.error?.field }).toEqual({ action: a.name, status: 400, field: "token" });
      }
    }
  });

  test("every write refuses GET with 405 naming the method, even from a caller who may run it", async () => {
    for (const a of actions.filter((a) => a.write)) {
      const res = await call(a, a.tag === "public" ? demoKey(0) : owner, "GET");
      expect({ action: a.name, status: res.status, field: res.body.error?.field }).toEqual({ action: a.name, status: 405, field: "method" });
    }
  });

  test("every scheduled job refuses a caller without the cron secret, even a signed-in owner", async () => {
    const scheduled = actions.filter((a) => a.tag === "scheduled");
    expect(scheduled.map((a) => a.name).sort()).toEqual(["decay", "drain", "send_report_schedules"]);
    for (const a of scheduled) {
      for (const auth of [null, owner]) {
        const res = await call(a, auth);
        expect({ action: a.name, status: res.status, field: res.body.error?.field }).toEqual({ action: a.name, status: 401, field: "x-cron-secret" });
      }
    }
  });

  test("an unknown action is a 400 that lists the function's actions", async () => {
    for (const fn of ["api-inbound", "scoring", "notifications"]) {
      const res = await call({ fn, name: "drop_tables" } as Registered, owner);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe("action");
      const own = actions.filter((a) => a.fn === fn).map((a) => a.name);
      expect(res.body.error.message, `${fn} names its actions`).toBe(`action must be one of: ${own.join(", ")}`);
    }
  });

  test("scoring refuses a body over 1 MB with 413, as api-inbound does", async () => {
    const res = await fetch(fnUrl("scoring"), {
      method: "POST",
      headers: { "content-type": "application/json", ...headersOf(owner) },
      body: JSON.stringify({ action: "preview", signals: {}, padding: "x".repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.field).toBe("body");
  });

  test("none of the refused calls above wrote anything", async () => {
    expect(await fingerprint()).toEqual(before);
  });
});

describe("docs/api.md", () => {
  test("documents every registered action", async () => {
    const docs = readFileSync(join(stack().root, "docs/api.md"), "utf8");
    const missing = registered(await fetchDoc()).map((a) => a.name).filter((name) => !docs.includes(`\`${name}\``));
    expect(missing, "actions registered but missing from docs/api.md").toEqual([]);
  });
});
