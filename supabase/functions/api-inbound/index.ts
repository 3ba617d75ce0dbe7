// api-inbound: the public REST API (reference-compatible) and the dashboard's
// API, one set of actions behind two ways to authenticate. Every action runs
// in one transaction as its caller, so row-level security decides access.
import { listCustomersQuery } from "@shared/customers/inputs.ts";
import type { Tx } from "../_shared/db.ts";
import { corsHeaders, HttpError, json, parseOr400, serveJson, subpath } from "../_shared/http.ts";
import { JsonBytes } from "./customer-json.ts";
import { readApiRequest } from "./request.ts";
import { asCaller, type Caller, identify, resolveClient } from "../_shared/caller.ts";
import { getCustomer, listCustomers } from "./read-customers.ts";
import {
  deleteCustomer, restoreCustomer, scoreCustomer, updateHealth, upsertAccount, upsertAccounts,
} from "./write-customers.ts";
import { subscribe, unsubscribe } from "./hooks.ts";
import { claimIdempotencyKey, storeIdempotentResponse } from "./idempotency.ts";
import { openApiDocument } from "./openapi.ts";
import { adminActions, runAdminAction } from "./admin.ts";
import type { AdminAction } from "@shared/admin/inputs.ts";

const actionNames = ["list_customers", "get_customer", "upsert_account", "upsert_accounts", "update_health", "delete_customer", "restore_customer", "score_customer", "subscribe", "unsubscribe", "list_clients"] as const;
type ActionName = (typeof actionNames)[number];

type Action = { write: boolean; run: (tx: Tx, clientId: string, input: Record<string, unknown>, caller: Caller) => Promise<unknown> };

const actions: Record<Exclude<ActionName, "list_clients">, Action> = {
  list_customers: { write: false, run: (tx, c, input) => listCustomers(tx, c, parseOr400(listCustomersQuery, input)) },
  get_customer: { write: false, run: (tx, c, input) => getCustomer(tx, c, input) },
  upsert_account: { write: true, run: (tx, c, input) => upsertAccount(tx, c, input) },
  upsert_accounts: { write: true, run: (tx, c, input) => upsertAccounts(tx, c, input) },
  update_health: { write: true, run: (tx, c, input) => updateHealth(tx, c, input) },
  delete_customer: { write: true, run: (tx, c, input) => deleteCustomer(tx, c, input) },
  restore_customer: { write: true, run: (tx, c, input) => restoreCustomer(tx, c, input) },
  score_customer: { write: true, run: (tx, c, input) => scoreCustomer(tx, c, input) },
  subscribe: { write: true, run: (tx, c, input, caller) => subscribe(tx, c, caller.apiKeyId, input) },
  unsubscribe: { write: true, run: (tx, c, input) => unsubscribe(tx, c, input) },
};

/** The clients a dashboard user may open, with their role in each. */
async function listClients(tx: Tx, caller: Caller) {
  const rows = await tx`
    select c.id, c.name, c.archived_at,
           case when m.role in ('owner', 'admin') then m.role else cm.role end as role
    from public.clients c
    join public.agency_members m on m.agency_id = c.agency_id and m.user_id = ${caller.kind === "user" ? caller.userId : null}
    left join public.client_members cm on cm.client_id = c.id and cm.user_id = m.user_id
    order by c.archived_at nulls first, lower(c.name)`;
  return { clients: rows.map((r) => ({ id: r.id, name: r.name, role: r.role, archived: r.archived_at !== null })) };
}

async function handle(req: Request): Promise<Response> {
  if (req.method === "GET" && subpath(req, "api-inbound") === "/openapi.json") return json(openApiDocument());
  const request = await readApiRequest(req);
  const caller = await identify(req);
  if (request.action === "list_clients") {
    if (caller.kind !== "user") throw new HttpError(403, "forbidden", "list_clients is for dashboard users", "action");
    return json(await asCaller(caller, (tx) => listClients(tx, caller)));
  }
  if (adminActions.has(request.action)) {
    if (req.method !== "POST" && !request.action.startsWith("list_")) {
      throw new HttpError(405, "method_not_allowed", `${request.action} needs POST`, "method");
    }
    const result = await asCaller(caller, (tx) => runAdminAction(tx, caller, request.action as AdminAction, request.input));
    return json(result, (result as { created?: boolean }).created ? 201 : 200);
  }
  const action = actions[request.action as keyof typeof actions];
  if (!action) {
    throw new HttpError(400, "unknown_action", `action must be one of: ${[...actionNames, ...adminActions].join(", ")}`, "action");
  }
  if (action.write && req.method !== "POST") throw new HttpError(405, "method_not_allowed", `${request.action} needs POST`, "method");
  const { status, body } = await asCaller(caller, async (tx) => {
    const clientId = await resolveClient(tx, caller, request.input);
    const key = action.write ? request.idempotencyKey : null;
    if (key) {
      const prior = await claimIdempotencyKey(tx, clientId, key, { action: request.action, clientId, input: request.input });
      if (prior) return { ...prior, replayed: true };
    }
    const result = await action.run(tx, clientId, request.input, caller);
    const created = (result as { created?: boolean }).created === true;
    const answer = { status: created ? 201 : 200, body: result };
    if (key) await storeIdempotentResponse(tx, key, answer);
    return answer;
  });
  if (body instanceof JsonBytes) {
    return new Response(body.bytes, { status, headers: { "content-type": "application/json; charset=utf-8", ...corsHeaders } });
  }
  return json(body, status);
}

export const handler = serveJson(handle);
if (import.meta.main) Deno.serve(handler);
