// REST hooks (Zapier instant triggers): subscribe a URL to a customer event,
// unsubscribe it. Deliveries go through the notifications outbox.
import { subscribeInput, unsubscribeInput } from "@shared/hooks/inputs.ts";
import type { Tx } from "../_shared/db.ts";
import { HttpError, parseOr400 } from "../_shared/http.ts";

export async function subscribe(tx: Tx, clientId: string, apiKeyId: string | null, input: unknown) {
  const { target_url, event } = parseOr400(subscribeInput, input);
  const [row] = await tx`
    insert into public.webhook_subscriptions (client_id, event, target_url, api_key_id)
    values (${clientId}, ${event}, ${target_url}, ${apiKeyId})
    returning id, event, target_url, created_at`;
  return { subscription: { ...row, created_at: row.created_at.toISOString() } };
}

export async function unsubscribe(tx: Tx, clientId: string, input: unknown) {
  const { id } = parseOr400(unsubscribeInput, input);
  const rows = await tx`delete from public.webhook_subscriptions where id = ${id} and client_id = ${clientId} returning id`;
  if (rows.length === 0) throw new HttpError(404, "not_found", "no subscription with this id", "id");
  return { unsubscribed: true, id };
}
