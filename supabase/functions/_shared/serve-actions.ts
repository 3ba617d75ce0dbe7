// The one serve wrapper of every function: what each request goes through
// before and after its action runs, written once. In order: the body limit
// (in the function's request reader), the action by name, the method, the
// caller (a user's token, an API key, or the cron secret; nobody for a link
// action, whose input carries its token) and whether this action is for them, then — in one transaction as the caller, so RLS
// decides — the client, the input parsed by the action's schema, the
// Idempotency-Key of a write, the run; after commit an action's follow-up;
// then the answer, 201 when it created something.
import { asCaller, type Caller, identify, resolveClient } from "./caller.ts";
import { env } from "./env.ts";
import { FileBody } from "./file-body.ts";
import { corsHeaders, HttpError, json, parseOr400, serveJson, subpath } from "./http.ts";
import { claimIdempotencyKey, type Stored, storeIdempotentResponse } from "./idempotency.ts";
import { JsonBytes } from "./json-bytes.ts";
import { requireCronSecret } from "./principal.ts";
import type { Tx } from "./db.ts";
import type { Action, Registry } from "./registry.ts";
import type { ApiRequest } from "./requests.ts";

export type ServeOptions = {
  /** The function's name, as in /functions/v1/<name>. */
  name: string;
  actions: Registry;
  /** How this function's requests carry their action and input. */
  read: (req: Request) => Promise<ApiRequest>;
  /**
   * Plain routes below the function: "/openapi.json" for a GET, "POST /restore"
   * for another method. A route that needs a caller identifies it itself.
   */
  routes?: Record<string, (req: Request) => Response | Promise<Response>>;
};

export function serveActions(o: ServeOptions): (req: Request) => Promise<Response> {
  const known = Object.keys(o.actions).join(", ");
  return serveJson(async (req) => {
    const path = subpath(req, o.name);
    const route = o.routes?.[req.method === "GET" ? path : `${req.method} ${path}`];
    if (route) return await route(req);
    const request = await o.read(req);
    const action = Object.hasOwn(o.actions, request.action) ? o.actions[request.action] : undefined;
    if (!action) throw new HttpError(400, "unknown_action", `action must be one of: ${known}`, "action");
    if (action.write && req.method !== "POST") throw new HttpError(405, "method_not_allowed", `${request.action} needs POST`, "method");
    const { status, body } = await perform(request, action, req);
    if (body instanceof FileBody) return body.response(status, corsHeaders);
    checkAnswer(request.action, action, body);
    if (body instanceof JsonBytes) {
      return new Response(body.bytes, { status, headers: { "content-type": "application/json; charset=utf-8", ...corsHeaders } });
    }
    return json(body, status);
  });
}

/** Who a link action runs as: no user and no key, so RLS grants nothing by itself. */
const nobody: Caller = {
  kind: "user", userId: "", email: null, claims: { role: "authenticated" }, clientId: null, apiKeyId: null, recheck: false,
};

const created = (body: unknown) => (body as { created?: unknown } | null)?.created === true;

async function perform(request: ApiRequest, action: Action, req: Request): Promise<Stored> {
  const name = request.action;
  if (action.scope === "system") {
    requireCronSecret(req);
    return { status: 200, body: await action.run(parseOr400(action.input, request.input)) };
  }
  const caller = action.access === "link" ? nobody : await identify(req);
  if (action.access === "user" && caller.kind !== "user") throw new HttpError(403, "forbidden", `${name} is for dashboard users`, "action");
  if (action.access === "api_key" && caller.kind !== "api_key") throw new HttpError(403, "forbidden", `${name} is for API keys`, "action");
  if (action.scope === "caller") {
    return await asCaller(caller, async (tx) => {
      const body = await action.run({ tx, caller, input: parseOr400(action.input, request.input) });
      return { status: created(body) ? 201 : 200, body };
    });
  }
  const { answer, clientId } = await asCaller(caller, async (tx) => {
    const clientId = await resolveClient(tx, caller, request.input);
    const input = parseOr400(action.input, request.input);
    if (action.write) await requireEditor(tx, clientId);
    const key = action.write ? request.idempotencyKey : null;
    if (key) {
      const prior = await claimIdempotencyKey(tx, clientId, key, { action: name, clientId, input: request.input });
      if (prior) return { answer: prior, clientId };
    }
    const body = await action.run({ tx, caller, clientId, input });
    const answer = { status: created(body) ? 201 : 200, body };
    if (key) await storeIdempotentResponse(tx, key, answer);
    return { answer, clientId };
  });
  // A replay runs the follow-up again too: it is idempotent (a rescore with
  // nothing changed writes nothing) and the answer keeps its shape.
  if (!action.afterCommit) return answer;
  return { status: answer.status, body: await action.afterCommit({ caller, clientId, result: answer.body }) };
}

/**
 * A write on a client the caller may only read (a viewer) is refused up
 * front, naming the reason. RLS would refuse it too, but silently — an
 * update it filters touches no row and a delete answered as done — so the
 * caller could not tell a refusal from success.
 */
async function requireEditor(tx: Tx, clientId: string) {
  const [{ may }] = await tx`select ${clientId}::uuid = any(private.editable_client_ids()) as may`;
  if (!may) throw new HttpError(403, "forbidden", "you may only read this client: writes need a manager, admin or owner", "client_id");
}

const utf8 = new TextDecoder();

/**
 * With CHECK_ANSWERS=true (the test stack sets it) every answer is parsed by
 * its action's answer schema, so the declared schemas are proven by every
 * test that calls an action; a mismatch is a 500 with the schema's complaint
 * in the log. Off in production: the schemas are the documents' promise, not
 * a cost on every request.
 */
function checkAnswer(name: string, action: Action, body: unknown) {
  if (env().CHECK_ANSWERS !== "true") return;
  const value = body instanceof JsonBytes ? JSON.parse(utf8.decode(body.bytes)) : JSON.parse(JSON.stringify(body));
  const result = action.answer.safeParse(value);
  if (!result.success) {
    throw new Error(`${name} answered outside its answer schema: ${JSON.stringify(result.error.issues.slice(0, 5))}`);
  }
}
