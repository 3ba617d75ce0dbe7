// REST hooks (Zapier instant triggers): subscribe a URL to a customer event,
// unsubscribe it. Deliveries go through the notifications outbox.
import { subscribeAnswer, unsubscribeAnswer } from "@shared/hooks/answers.ts";
import { subscribeInput, unsubscribeInput } from "@shared/hooks/inputs.ts";
import { HttpError } from "../../_shared/http.ts";
import { clientAction, editors } from "../../_shared/registry.ts";

export const hookActions = {
  subscribe: clientAction({
    summary: "REST hook: POST target_url on customer.updated / customer.status_changed",
    write: true, roles: editors,
    input: subscribeInput, answer: subscribeAnswer,
    async run({ tx, clientId, caller, input: { target_url, event } }) {
      const [row] = await tx`
        insert into public.webhook_subscriptions (client_id, event, target_url, api_key_id)
        values (${clientId}, ${event}, ${target_url}, ${caller.apiKeyId})
        returning id, event, target_url, created_at`;
      return { subscription: { ...row, created_at: row.created_at.toISOString() } };
    },
  }),
  unsubscribe: clientAction({
    summary: "Remove a REST hook subscription",
    write: true, roles: editors,
    input: unsubscribeInput, answer: unsubscribeAnswer,
    async run({ tx, clientId, input: { id } }) {
      const rows = await tx`delete from public.webhook_subscriptions where id = ${id} and client_id = ${clientId} returning id`;
      if (rows.length === 0) throw new HttpError(404, "not_found", "no subscription with this id", "id");
      return { unsubscribed: true, id };
    },
  }),
};
